#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each for SECONDS (default 60):
#   scripts/fuzz.sh [SECONDS] [TARGET...]      (default: every target; FUZZ_TARGETS="A B" too)
#
#   FrameParser    WebSocket receive path (frames, fragments, UTF-8, close, permessage-deflate)
#   Handshake      HTTP request head + WebSocket handshake decision
#   Wire           carewire.v1 JSON parser and command decoder (reached before authentication)
#   RequestFramer  HTTP request framing: Content-Length bodies, 100-continue, pipelining
#   Token          JWT split, Base64URL, HS256 verify, TokenClaims decoding and validation
#
# The modules a target uses are compiled by SwiftPM with coverage instrumentation
# (-sanitize=fuzzer) and AddressSanitizer into a separate scratch folder; each target is then
# linked by swiftc, whose -sanitize=fuzzer supplies libFuzzer's main().
# Seeds: Fuzz/Corpus/<name>/ (read only); what a run finds: .build-fuzz/corpus-<Target>/ (kept);
# crashes: .build-fuzz/artifacts-<Target>/ (emptied at the start of the target's run); the
# whole libFuzzer output: .build-fuzz/logs/<Target>.log. Exit 1 if any target failed.
# SWIFT_BACKTRACE=enable=no: otherwise Swift's backtracer swallows the crash and no crash file is written.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-${SECONDS_PER_TARGET:-60}}"
shift || true
ALL=(FrameParser Handshake Wire RequestFramer Token)
if [ $# -gt 0 ]; then TARGETS=("$@"); else read -r -a TARGETS <<<"${FUZZ_TARGETS:-${ALL[*]}}"; fi
SCRATCH=.build-fuzz
OUT="$SCRATCH/fuzzers"
SANITIZE=-sanitize=fuzzer,address

# Per target: the SwiftPM modules linked in (instrumented), sources compiled into it, the seed folder, -max_len.
modules() { case $1 in
  FrameParser|Handshake|RequestFramer) echo "WebSocket HTTP Compression" ;;
  Wire) echo "Wire Care" ;;
  Token) echo "Tokens" ;;
  *) echo "unknown fuzz target $1 (known: ${ALL[*]})" >&2; return 1 ;;
esac; }
sources() { case $1 in *) ;; esac; }  # sources compiled into a target beside its modules (none today)
corpus() { case $1 in FrameParser) echo frame ;; Handshake) echo handshake ;; Wire) echo wire ;;
  RequestFramer) echo request ;; Token) echo token ;; esac; }
max_len() { case $1 in Token) echo 12000 ;; *) echo 70000 ;; esac; }

for target in "${TARGETS[@]}"; do modules "$target" >/dev/null; done
# The first module of each target is its entry point; SwiftPM builds the ones it depends on.
built=""
for target in "${TARGETS[@]}"; do
  top=$(modules "$target" | cut -d' ' -f1)
  case " $built " in *" $top "*) continue ;; esac
  echo "== swift build --target $top (instrumented: $SANITIZE)"
  swift build --scratch-path "$SCRATCH" --target "$top" -Xswiftc "$SANITIZE" -Xcc -fsanitize=fuzzer-no-link,address >/dev/null
  built="$built $top"
done
BIN=$(swift build --scratch-path "$SCRATCH" --show-bin-path)
mkdir -p "$OUT" "$SCRATCH/logs"
for target in "${TARGETS[@]}"; do
  objects=()
  for module in $(modules "$target"); do
    while IFS= read -r o; do objects+=("$o"); done < <(find "$BIN/$module.build" -name '*.o')
  done
  # shellcheck disable=SC2046 # sources() is a list of paths without spaces
  swiftc "$SANITIZE" -parse-as-library -use-ld=lld -O -module-name "Fuzz$target" \
    -I "$BIN/Modules" -I "$BIN" -I Sources/CZlib -I Sources/COpenSSL \
    "Fuzz/Fuzz$target.swift" $(sources "$target") "${objects[@]}" -lz -lssl -lcrypto -o "$OUT/fuzz-$target"
done

status=0
summary=()
for target in "${TARGETS[@]}"; do
  seeds=Fuzz/Corpus/$(corpus "$target")
  work="$SCRATCH/corpus-$target"
  artifacts="$SCRATCH/artifacts-$target"
  log="$SCRATCH/logs/$target.log"
  rm -rf "$artifacts"
  mkdir -p "$work" "$artifacts"
  echo "== fuzz-$target for ${SECONDS_PER_TARGET}s (seeds: $seeds, $(ls "$seeds" | wc -l) files)"
  rc=0
  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=1 "$OUT/fuzz-$target" \
    -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$target")" \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$work" "$seeds" >"$log" 2>&1 || rc=$?
  # The last status line, and for a failure what it was and where (the first frames in our code).
  { grep -E '^(Done [0-9]+ runs|==[0-9]+== ?ERROR|SUMMARY|.*Test unit written)' "$log" | tail -4
    grep -E -m1 -A1 'Swift runtime failure|Fatal error|precondition' "$log"
  } | sed 's/^ */   /' || true
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  found=$(find "$artifacts" -type f | head -3 | tr '\n' ' ')
  if [ "$rc" != 0 ] || [ -n "$found" ]; then
    status=1
    summary+=("$(printf '%-14s FAILED  %12s runs  exit %s  %s (log %s)' "$target" "${runs:-?}" "$rc" "${found:-no artifact}" "$log")")
  else
    summary+=("$(printf '%-14s ok      %12s runs  corpus %s' "$target" "${runs:-?}" "$(ls "$work" | wc -l)")")
  fi
done
echo "== fuzz summary (${SECONDS_PER_TARGET}s per target)"
printf '%s\n' "${summary[@]}"
exit $status
