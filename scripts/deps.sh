#!/usr/bin/env bash
# Install what the build and the tests need. Idempotent, and fast (~1 s) when everything is there.
#   scripts/deps.sh build   system packages to build and run the server (make run)
#   scripts/deps.sh all     + test packages (Chromium, chromedriver, debootstrap, venv), the Python
#                           venv .build/venv from Tests/Integration/requirements.txt, and the
#                           Autobahn|Testsuite chroot (make test, make conformance)
# System packages come from apt-get (as root, or through sudo); Python packages from PyPI into the
# venv only (Debian's python3 is "externally managed").
set -euo pipefail
cd "$(dirname "$0")/.."
MODE="${1:-all}"
PYTHON="${PYTHON:-python3}"
VENV=.build/venv
REQ=Tests/Integration/requirements.txt

BUILD_PKGS=(git pkg-config zlib1g-dev libssl-dev libsqlite3-dev ca-certificates)
TEST_PKGS=(python3 python3-venv chromium chromium-driver debootstrap procps)
pkgs=("${BUILD_PKGS[@]}")
[ "$MODE" = all ] && pkgs+=("${TEST_PKGS[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else
    echo "deps: missing Debian packages: ${missing[*]} (run as root, or install them)" >&2; exit 1; fi
  echo "deps: apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"; then
    "${SUDO[@]}" apt-get update -q
    "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
fi
[ "$MODE" = all ] || exit 0

# Python venv with pinned test dependencies; re-installed only when requirements.txt changes
# or the venv is broken (e.g. its interpreter went away).
want=$(sha256sum "$REQ" | cut -d' ' -f1)
if [ "$(cat "$VENV/.requirements.sha256" 2>/dev/null)" != "$want" ] \
   || ! "$VENV/bin/python" -c 'import websockets, aiohttp, selenium, pytest, pytest_timeout' 2>/dev/null; then
  if ! "$VENV/bin/python" -c pass 2>/dev/null; then
    rm -rf "$VENV"
    echo "deps: creating $VENV with $($PYTHON --version 2>&1)"
    "$PYTHON" -m venv "$VENV"
  fi
  echo "deps: pip install -r $REQ"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$REQ"
  echo "$want" > "$VENV/.requirements.sha256"
fi

# Autobahn|Testsuite (Python 2) lives in a Debian 11 chroot made by the shared setup.sh.
. scripts/autobahn-env.sh
if [ ! -x "$AB_ROOT/usr/local/bin/wstest" ]; then
  [ -f "$AUTOBAHN_TOOLS/setup.sh" ] || { echo "deps: no Autobahn tools at $AUTOBAHN_TOOLS (set AUTOBAHN_TOOLS)" >&2; exit 1; }
  echo "deps: building the Autobahn chroot in $AB_ROOT (2-3 min, once)"
  # setup.sh runs `python3 -m pip download`: give it the venv's python3, which has pip.
  if [ "$(id -u)" = 0 ]; then SUDO=(); else SUDO=(sudo); fi
  "${SUDO[@]}" env PATH="$PWD/$VENV/bin:$PATH" AB_ROOT="$AB_ROOT" bash "$AUTOBAHN_TOOLS/setup.sh" "$AB_ROOT"
fi
echo "deps: ok"
