#!/usr/bin/env bash
# Print the timings recorded by scripts/timed.sh.
f=.build/reports/timings.txt
[ -s "$f" ] || exit 0
echo "---- timings ($f) ----"
cat "$f"
