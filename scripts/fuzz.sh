#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each for SECONDS (default 60).
# The protocol modules are compiled by SwiftPM with coverage instrumentation (-sanitize=fuzzer)
# and AddressSanitizer into a separate scratch folder; each target is then linked by swiftc,
# whose -sanitize=fuzzer supplies libFuzzer's main().
# SWIFT_BACKTRACE=enable=no: otherwise Swift's backtracer swallows the crash and no crash file is written.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-${SECONDS_PER_TARGET:-60}}"
SCRATCH=.build-fuzz
OUT="$SCRATCH/fuzzers"
FLAGS=(-sanitize=fuzzer,address)
swift build --scratch-path "$SCRATCH" --target WebSocket -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address >/dev/null
BIN=$(swift build --scratch-path "$SCRATCH" --show-bin-path)
mkdir -p "$OUT"
OBJECTS=$(find "$BIN/WebSocket.build" "$BIN/Compression.build" -name '*.o')
for target in FrameParser Handshake; do
  swiftc "${FLAGS[@]}" -parse-as-library -use-ld=lld -O \
    -I "$BIN/Modules" -I "$BIN" -I Sources/CZlib -I Sources/COpenSSL \
    "Fuzz/Fuzz$target.swift" $OBJECTS -lz -lssl -lcrypto -o "$OUT/fuzz-$target"
done
status=0
for target in FrameParser Handshake; do
  corpus=Fuzz/Corpus/$(echo "$target" | sed 's/FrameParser/frame/; s/Handshake/handshake/')
  work="$SCRATCH/corpus-$target"
  mkdir -p "$work"
  echo "== fuzz-$target for ${SECONDS_PER_TARGET}s (seeds: $corpus)"
  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=1 "$OUT/fuzz-$target" \
    -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -max_len=70000 \
    -artifact_prefix="$SCRATCH/" "$work" "$corpus" 2>&1 | grep -E '^(#[0-9]+ +DONE|Done|==[0-9]+==ERROR|SUMMARY|artifact)' || true
  if ls "$SCRATCH"/crash-* "$SCRATCH"/leak-* "$SCRATCH"/timeout-* "$SCRATCH"/oom-* >/dev/null 2>&1; then
    echo "fuzz-$target found a failure: see $SCRATCH/"; status=1
  fi
done
exit $status
