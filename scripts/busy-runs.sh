#!/usr/bin/env bash
# The integration suite RUNS times in a row (default 20) on a machine kept busy by a parallel
# clean build of this package, alternating the debug and the release binary (issue 22: a test
# that passes only on an idle machine blocks every landing). Stops at the first failed run.
# Per-run results, durations and the failed tests go to .build/reports/busy-runs/summary.txt.
#   scripts/busy-runs.sh [RUNS]          (make busy-runs RUNS=20)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${1:-20}
OUT=$ROOT/.build/reports/busy-runs
SCRATCH=$(mktemp -d /tmp/carewire-busy-build.XXXXXX)
SWIFT=${SWIFT:-swift}
PY=${PY:-$ROOT/.build/venv/bin/python}
mkdir -p "$OUT"
cd "$ROOT"
"$SWIFT" build --product carewire >/dev/null && "$SWIFT" build -c release --product carewire >/dev/null || exit 1
# Copies, so a rebuild during the runs does not change the binary under test.
mkdir -p "$SCRATCH/debug" "$SCRATCH/release"
cp .build/debug/carewire "$SCRATCH/debug/" && cp .build/release/carewire "$SCRATCH/release/" || exit 1

# The load: clean debug builds of the whole package, one after another, until the runs end.
(
  while true; do
    rm -rf "$SCRATCH/build"
    "$SWIFT" build --scratch-path "$SCRATCH/build" >/dev/null 2>&1 || true
  done
) &
LOAD=$!
cleanup() {
  kill $LOAD 2>/dev/null; wait $LOAD 2>/dev/null
  pkill -f -- "--scratch-path $SCRATCH/build" 2>/dev/null; sleep 1; pkill -9 -f -- "$SCRATCH/build" 2>/dev/null
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

echo "busy runs: $RUNS, $(date -u +%FT%TZ), load: clean swift builds in $SCRATCH" | tee "$OUT/summary.txt"
passed=0
for run in $(seq "$RUNS"); do
  if (( run % 2 )); then kind=debug; else kind=release; fi
  started=$(date +%s)
  CAREWIRE_TEST_SERVER=binary CAREWIRE_BIN="$SCRATCH/$kind/carewire" \
    "$PY" -m pytest Tests/Integration -q -p no:cacheprovider >"$OUT/run-$run.txt" 2>&1
  rc=$?
  seconds=$(( $(date +%s) - started ))
  result=$(grep -E "^[0-9]+ (passed|failed)|passed|failed" "$OUT/run-$run.txt" | tail -1)
  echo "run $run ($kind): rc $rc, ${seconds} s, $result" | tee -a "$OUT/summary.txt"
  if [ $rc -ne 0 ]; then
    grep -E "^FAILED|^ERROR" "$OUT/run-$run.txt" | tee -a "$OUT/summary.txt"
    echo "busy runs: stopped at run $run after $passed passed in a row" | tee -a "$OUT/summary.txt"
    exit 1
  fi
  passed=$((passed + 1))
done
echo "busy runs: $passed of $RUNS passed in a row" | tee -a "$OUT/summary.txt"
