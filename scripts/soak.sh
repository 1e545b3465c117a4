#!/usr/bin/env bash
# Memory soak of the care service (issue 21 item 7): the carewire clinic at RATE msg/s over 500
# visits for MINUTES, the server's RSS sampled every INTERVAL seconds, written as CSV and an SVG
# chart; passes when RSS after the first WARM minutes stays within 10 % of its value at WARM and
# nothing was lost. Defaults: 30 minutes at 1,000 msg/s, samples every 30 s, warm-up 5 minutes.
#   scripts/soak.sh [MINUTES] [RATE] [INTERVAL] [WARM]      (make soak MINUTES=30)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MINUTES=${1:-30}; RATE=${2:-1000}; INTERVAL=${3:-30}; WARM=${4:-5}
OUT=$ROOT/.build/reports/soak-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
BIN=$ROOT/.build/release/carewire LOAD=$ROOT/.build/release/carewire-load
"$BIN" serve --port 0 --no-deflate --demo --database "$OUT/care.db" \
  --open-visits-per-patient 10000 --visits-per-patient-per-hour 1000000 >"$OUT/server.log" 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 300); do grep -q "listening on" "$OUT/server.log" && break; sleep 0.1; done
PORT=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\)\/.*/\1/p' "$OUT/server.log")
[ -n "$PORT" ] || { echo "soak: server did not start"; cat "$OUT/server.log"; exit 1; }
# Every INTERVAL: RSS from /proc, and from /metrics where the bytes are (malloc in use and held,
# SQLite's page caches) and whether the store keeps up (queued writes, commits, busy refusals).
FIELDS="carewire_heap_in_use_bytes carewire_heap_held_bytes carewire_sqlite_memory_bytes carewire_store_queued_requests carewire_store_commits_total carewire_store_committed_requests_total carewire_store_busy_rejections_total carewire_store_transaction_seconds_total carewire_cpu_seconds_total"
echo "seconds,rss_bytes,heap_in_use,heap_held,sqlite_bytes,store_queued,commits,committed_requests,busy,transaction_s,cpu_s,db_bytes,wal_bytes" >"$OUT/rss.csv"
(
  start=$(date +%s)
  while kill -0 $PID 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print $2 * 1024}' /proc/$PID/status 2>/dev/null || echo 0)
    metrics=$(curl -s --max-time 5 "http://127.0.0.1:$PORT/metrics" || true)
    row="$(( $(date +%s) - start )),$rss"
    for f in $FIELDS; do row="$row,$(awk -v f="$f" '$1 == f {print $2}' <<<"$metrics")"; done
    row="$row,$(stat -c %s "$OUT/care.db" 2>/dev/null || echo 0),$(stat -c %s "$OUT/care.db-wal" 2>/dev/null || echo 0)"
    echo "$row" >>"$OUT/rss.csv"
    sleep "$INTERVAL"
  done
) &
SAMPLER=$!
"$LOAD" clinic --protocol carewire --url "ws://127.0.0.1:$PORT" --rate "$RATE" --duration $((MINUTES * 60)) \
  --warmup 5 --server-pid "$PID" --quiet --json "$OUT/load.json" >"$OUT/load.txt" || true
awk '/VmRSS/ {print "end,", $2 * 1024}' /proc/$PID/status >>"$OUT/load.txt" 2>/dev/null || true
kill $SAMPLER 2>/dev/null || true
python3 - "$OUT" "$WARM" <<'PY'
import csv, json, sys
out, warm = sys.argv[1], float(sys.argv[2]) * 60
rows = [(int(r["seconds"]), int(r["rss_bytes"])) for r in csv.DictReader(open(f"{out}/rss.csv")) if r["rss_bytes"] != "0"]
load = json.load(open(f"{out}/load.json"))
lost = sum(load.get(k, 0) or 0 for k in ("lost", "second_lost", "missed", "duplicates", "wrong_visit")) if isinstance(load, dict) else -1
after = [rss for t, rss in rows if t >= warm]
base = after[0] if after else None
flat = bool(after) and max(after) <= base * 1.10
w, h, top = 640, 240, max(r for _, r in rows) * 1.1
pts = " ".join(f"{40 + t / max(1, rows[-1][0]) * (w - 60):.1f},{h - 30 - r / top * (h - 50):.1f}" for t, r in rows)
open(f"{out}/rss.svg", "w").write(
    f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}"><rect width="100%" height="100%" fill="white"/>'
    f'<polyline fill="none" stroke="#c0392b" stroke-width="2" points="{pts}"/>'
    f'<text x="40" y="16" font-size="12">server RSS (MiB) over {rows[-1][0]} s; max {max(r for _, r in rows) / 2**20:.1f} MiB</text></svg>')
print(f"soak: {len(rows)} samples, RSS {rows[0][1] / 2**20:.1f} -> {rows[-1][1] / 2**20:.1f} MiB; "
      f"after warm-up {base / 2**20 if base else 0:.1f} .. {max(after) / 2**20 if after else 0:.1f} MiB; "
      f"flat within 10 %: {flat}; lost/missed/duplicates: {lost}; report {out}")
sys.exit(0 if flat and lost == 0 else 1)
PY
