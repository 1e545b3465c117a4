#!/usr/bin/env bash
# Fail loudly if swift-nio appears anywhere in the resolved dependency graph.
set -euo pipefail
cd "$(dirname "$0")/.."
deps=$(swift package show-dependencies --format text 2>&1) || { echo "$deps"; exit 1; }
echo "$deps"
if grep -qi 'swift-nio' <<<"$deps"; then
  echo "ERROR: swift-nio is in the dependency graph; CareWire must stay NIO-free:" >&2
  grep -i 'swift-nio' <<<"$deps" >&2
  exit 1
fi
echo "OK: no swift-nio in the dependency graph"
