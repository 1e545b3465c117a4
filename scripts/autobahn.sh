#!/usr/bin/env bash
# Run Autobahn|Testsuite (fuzzingclient) against the server's /echo endpoint.
#   scripts/autobahn.sh [--cases '1.*,2.*'] [--exclude '9.*'] [--all] [--bin PATH | --reference]
#                       [--outdir DIR] [--name NAME]
# Default cases: 1.*-10.* (everything but 12.*/13.*, the permessage-deflate sections); --all: 1-13.
# Starts the server on 127.0.0.1, port 0, with --echo and limits large enough for 9.* (16 MiB
# messages), waits for its listening line, runs the shared run.sh, and stops the server (SIGTERM,
# then SIGKILL after 10 s). Exit: 0 if no case FAILED, 1 otherwise, 2 on setup errors.
# Needs root for the chroot (uses sudo otherwise). Builds the chroot first if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
. scripts/autobahn-env.sh
CASES='1.*,2.*,3.*,4.*,5.*,6.*,7.*,9.*,10.*'; EXCLUDE=; NAME=; OUTDIR=
BIN="${CAREWIRE_BIN:-.build/debug/carewire}"; REFERENCE=
while [ $# -gt 0 ]; do case "$1" in
  --cases) CASES=$2; shift;;
  --exclude) EXCLUDE=$2; shift;;
  --all) CASES='*';;
  --bin) BIN=$2; shift;;
  --reference) REFERENCE=1;;
  --outdir) OUTDIR=$2; shift;;
  --name) NAME=$2; shift;;
  -h|--help) sed -n '2,10p' "$0"; exit 0;;
  *) echo "autobahn.sh: unknown argument $1" >&2; sed -n '2,10p' "$0"; exit 2;;
esac; shift; done
if [ -z "$NAME" ]; then [ "$CASES" = '*' ] && NAME=all || NAME=1-10; fi
OUTDIR="${OUTDIR:-.build/reports/autobahn-$NAME}"
if [ "$(id -u)" != 0 ]; then SUDO=(sudo); else SUDO=(); fi

if [ ! -x "$AB_ROOT/usr/local/bin/wstest" ]; then
  echo "autobahn: chroot missing, building it with $AUTOBAHN_TOOLS/setup.sh"
  [ -x .build/venv/bin/python ] || scripts/deps.sh all
  "${SUDO[@]}" env PATH="$REPO/.build/venv/bin:$PATH" AB_ROOT="$AB_ROOT" bash "$AUTOBAHN_TOOLS/setup.sh" "$AB_ROOT"
fi
[ -f "$AUTOBAHN_TOOLS/run.sh" ] || { echo "autobahn: no run.sh in $AUTOBAHN_TOOLS (set AUTOBAHN_TOOLS)" >&2; exit 2; }

MiB16=16777216
FLAGS=(serve --host 127.0.0.1 --port 0 --echo --web-root "$REPO/Web"
  --max-frame-bytes $MiB16 --max-message-bytes $MiB16 --max-inflated-bytes $MiB16
  --max-fragments 1048576 --send-queue-limit $((64 * 1024 * 1024))
  --ping-interval 3600 --idle-timeout 3600 --log-level warning)
if [ -n "$REFERENCE" ]; then
  [ -x .build/venv/bin/python ] || scripts/deps.sh all
  CMD=(.build/venv/bin/python Tests/Integration/reference_echo.py "${FLAGS[@]}"); AGENT=reference
else
  if [ ! -x "$BIN" ]; then
    case "$BIN" in *release*) CFG=release;; *) CFG=debug;; esac
    echo "autobahn: $BIN missing: swift build -c $CFG --product carewire"
    swift build -c "$CFG" --product carewire
  fi
  CMD=("$BIN" "${FLAGS[@]}"); AGENT=carewire
fi

mkdir -p "$(dirname "$OUTDIR")"
LOG="$(dirname "$OUTDIR")/autobahn-$NAME-server.log"
: > "$LOG"
# The server must not see CAREWIRE_* from our environment (they are flags).
env $(env | sed -n 's/^\(CAREWIRE_[A-Z_]*\)=.*/-u \1/p') "${CMD[@]}" > "$LOG" 2>&1 &
PID=$!
stop_server() {
  kill -TERM "$PID" 2>/dev/null || return 0
  for _ in $(seq 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$PID" 2>/dev/null; then echo "autobahn: server ignored SIGTERM for 10 s, SIGKILL"; kill -KILL "$PID"; fi
  wait "$PID" 2>/dev/null || true
}
trap stop_server EXIT

# Wait for the listening line (deadline 30 s; the log file is polled, the server is not slept on).
PORT=
for _ in $(seq 300); do
  PORT=$(sed -n 's|^CareWire listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$LOG" | head -1)
  [ -n "$PORT" ] && break
  kill -0 "$PID" 2>/dev/null || { echo "autobahn: server exited before listening:"; cat "$LOG"; exit 2; }
  sleep 0.1
done
[ -n "$PORT" ] || { echo "autobahn: no listening line within 30 s:"; cat "$LOG"; exit 2; }
echo "autobahn: $AGENT on port $PORT (${CMD[*]}); cases '$CASES'${EXCLUDE:+ excluding '$EXCLUDE'}"

ARGS=(--cases "$CASES" --agent "$AGENT" --outdir "$REPO/$OUTDIR")
[ -n "$EXCLUDE" ] && ARGS+=(--exclude "$EXCLUDE")
START=$(date +%s)
set +e
"${SUDO[@]}" env AB_ROOT="$AB_ROOT" bash "$AUTOBAHN_TOOLS/run.sh" "${ARGS[@]}" "ws://127.0.0.1:$PORT/echo" \
  | tee "$REPO/$OUTDIR.summary.txt"
RC=${PIPESTATUS[0]}
set -e
ALIVE=1; kill -0 "$PID" 2>/dev/null || ALIVE=0
echo "autobahn: $NAME took $(( $(date +%s) - START ))s; report $OUTDIR/index.html; server log $LOG"
if [ $ALIVE = 0 ]; then echo "autobahn: the server DIED during the run:"; tail -20 "$LOG"; exit 1; fi
exit $RC
