#!/usr/bin/env bash
# Rewrites the Wire golden fixtures (Tests/WireTests/Fixtures/*.json, the examples in
# docs/protocol.md) from the encoders, after an intended change of the wire format. Review the
# diff like code. Never part of `make test`: the golden tests record only while this script is
# their ancestor (WIRE_GOLDEN_RECORDER_PID=$$); an inherited variable makes them fail instead.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT="${SWIFT:-$(command -v swift || echo /opt/swift/usr/bin/swift)}"
unset WIRE_RECORD_GOLDEN
WIRE_GOLDEN_RECORDER_PID=$$ "$SWIFT" test --filter 'WireTests.GoldenTests'
# Then a normal run against what was written, so the fixtures also decode and match.
env -u WIRE_GOLDEN_RECORDER_PID "$SWIFT" test --skip-build --filter 'WireTests.GoldenTests'
git status --short -- Tests/WireTests/Fixtures
