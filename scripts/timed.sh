#!/usr/bin/env bash
# scripts/timed.sh NAME COMMAND...: run COMMAND, print and record (.build/reports/timings.txt) how
# long it took and whether it passed. Exit status is COMMAND's.
set -uo pipefail
name=$1; shift
mkdir -p .build/reports
echo "==> [$name] $*"
start=$(date +%s.%N)
"$@"
rc=$?
secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
status=$([ $rc = 0 ] && echo ok || echo "FAILED (exit $rc)")
echo "<== [$name] $status in ${secs}s"
printf '%-22s %-16s %8ss\n' "$name" "$status" "$secs" >> .build/reports/timings.txt
exit $rc
