#!/usr/bin/env bash
# scripts/profile.sh: where the server's CPU goes on the clinic fan-out (see docs/profiling.md).
#
#   scripts/profile.sh [STEP ...]      steps: build syscalls callgrind perf rounds (default: all five)
#
# - syscalls:  perf tracepoint counts per thread over a 5 s window of the full clinic (2,000
#              connections, 5,000 msg/s), per published message and per delivery, loops 1 and 2.
# - callgrind: the release server under valgrind --tool=callgrind, counters zeroed after warm-up and
#              dumped after a fixed window of a scaled-down clinic; instructions (Ir) per message and
#              per delivery, inclusive and self tables, allocation and exclusivity-check callers.
# - perf:      cpu-clock samples with call graphs (kernel included): user vs kernel, kernel by the
#              system call that entered it. Time-based, so only the proportions mean much here.
# - rounds:    interleaved plain runs (no tracing) of loops=1, loops=2 and Node ws: the load
#              generator's server CPU µs/delivery. Noisy on a shared machine: repeat, use medians.
#
# Environment: PROFILE_OUT (.build-profile/DATE), PROFILE_LOOPS ("1 2"), SERVER_BIN (a server to
# profile instead of .build/release/carewire, e.g. a prototype), PROFILE_ROUNDS (2),
# CLINIC_ARGS (full clinic window, "--duration 10 --warmup 2"),
# CG_ARGS (callgrind clinic, "--connections 400 --rate 200 --duration 20 --warmup 2"),
# CG_SETTLE / CG_WINDOW (seconds before zeroing / window length: 6 / 10).
# Everything listens on 127.0.0.1; every run stops by itself; only processes started here are killed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${PROFILE_OUT:-$ROOT/.build-profile/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
STEPS=${*:-build syscalls callgrind perf rounds}
LOOPS_LIST=${PROFILE_LOOPS:-1 2}
ROUNDS=${PROFILE_ROUNDS:-2}
CLINIC_ARGS=${CLINIC_ARGS:---duration 10 --warmup 2}
CG_ARGS=${CG_ARGS:---connections 400 --rate 200 --duration 20 --warmup 2}
CG_SETTLE=${CG_SETTLE:-6}
CG_WINDOW=${CG_WINDOW:-10}
SERVER=${SERVER_BIN:-$ROOT/.build/release/carewire}
LOAD=$ROOT/.build/release/carewire-load
SYSCALLS="epoll_wait read write sendmsg writev epoll_ctl futex accept4 clock_gettime"
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

log() { echo "== $*" >&2; }

# start_server LOOPS LOGFILE [wrapper...]: sets SPID and SPORT.
start_server() {
  local loops=$1 logf=$2; shift 2
  if [ "$loops" = node ]; then
    NODE_PATH=/usr/share/nodejs node "$ROOT/LoadTests/Peers/node/room-server.js" 0 >"$logf" 2>&1 &
  else
    "$@" "$SERVER" serve --port 0 --rooms --loops "$loops" --no-deflate >"$logf" 2>&1 &
  fi
  SPID=$!
  PIDS+=("$SPID")
  SPORT=
  for _ in $(seq 600); do
    SPORT=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$logf" | head -1 | sed 's/.*://') || true
    [ -n "$SPORT" ] && return 0
    sleep 0.1
  done
  echo "server did not start: $(cat "$logf")" >&2
  return 1
}

stop_server() {
  kill "$SPID" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$SPID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$SPID" 2>/dev/null || true
  wait "$SPID" 2>/dev/null || true
}

metric() {  # metric FILE NAME -> value
  awk -v n="carewire_$2" '$1 == n { print $2 }' "$1"
}

write_helpers() {
  cat >"$OUT/cgparse.py" <<'PY'
#!/usr/bin/env python3
"""Minimal callgrind reader: self cost per function, and per call edge the calls and inclusive cost.
cgparse.py FILE --per N [--self | --incl RE | --callers RE | --callees RE] [--top K]"""
import argparse, collections, re, subprocess

def parse(path):
    ids, selfc = {}, collections.Counter()
    edges = collections.defaultdict(lambda: [0, 0])
    cur = callee = calls = None
    def name(v):
        m = re.match(r"\((\d+)\)(?:\s+(.*))?", v)
        if not m: return v
        if m.group(2) is not None: ids[m.group(1)] = m.group(2)
        return ids[m.group(1)]
    for line in open(path, errors="replace"):
        line = line.rstrip("\n")
        if line.startswith("fn="): cur = name(line[3:])
        elif line.startswith("cfn="): callee = name(line[4:])
        elif line.startswith("calls="): calls = int(line[6:].split()[0])
        elif line and (line[0].isdigit() or line[0] in "+-*"):
            parts = line.split(); cost = int(parts[1]) if len(parts) > 1 else 0
            if calls is not None:
                e = edges[(cur, callee)]; e[0] += calls; e[1] += cost; calls = None
            else:
                selfc[cur] += cost
    return selfc, edges

ap = argparse.ArgumentParser()
ap.add_argument("file"); ap.add_argument("--per", type=float, default=1.0); ap.add_argument("--top", type=int, default=30)
ap.add_argument("--self", action="store_true"); ap.add_argument("--incl"); ap.add_argument("--callers"); ap.add_argument("--callees")
a = ap.parse_args()
selfc, edges = parse(a.file)
names = sorted({n for n in selfc} | {n for e in edges for n in e if n})
out = subprocess.run(["swift", "demangle", "--simplified"], input="\n".join(names), capture_output=True, text=True).stdout.split("\n")
D = dict(zip(names, out)).get
if a.self:
    total = sum(selfc.values())
    print(f"{'Ir/unit':>9} {'share':>6}  function (self cost)")
    for k, v in collections.Counter({D(k, k): v for k, v in selfc.items()}).most_common(a.top):
        print(f"{v/a.per:9.0f} {100*v/total:5.1f}%  {k[:140]}")
else:
    rx = re.compile(a.incl or a.callers or a.callees)
    tot, cnt = collections.Counter(), collections.Counter()
    for (c, e), (n, cost) in edges.items():
        c, e = D(c, c), D(e, e)
        if a.incl and rx.search(e) and c != e: tot[e] += cost; cnt[e] += n
        if a.callers and rx.search(e): tot[c] += cost; cnt[c] += n
        if a.callees and rx.search(c): tot[e] += cost; cnt[e] += n
    print(f"{'Ir/unit':>9} {'calls/unit':>10}  " + ("function (inclusive)" if a.incl else "caller" if a.callers else "callee"))
    for k, v in tot.most_common(a.top):
        print(f"{v/a.per:9.0f} {cnt[k]/a.per:10.2f}  {k[:140]}")
PY
  cat >"$OUT/classify.py" <<'PY'
#!/usr/bin/env python3
"""Classifies `perf script -F comm,tid,ip,sym,dso` cpu-clock samples (with -g): user space by DSO and
leaf, kernel by the system call whose libc wrapper is the first user frame."""
import collections, re, signal, subprocess, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
wrappers = {"__libc_sendmsg": "sendmsg", "__GI___writev": "writev", "writev": "writev", "epoll_wait": "epoll_wait",
            "epoll_pwait": "epoll_wait", "epoll_pwait2": "epoll_wait", "read": "read", "__GI___libc_read": "read",
            "__libc_read": "read", "__GI___libc_write": "write", "write": "write", "__libc_write": "write"}
samples, cur = [], None
for line in sys.stdin:
    line = line.rstrip("\n")
    if not line.strip():
        if cur: samples.append(cur)
        cur = None
    elif not line[0].isspace():
        cur = []
    else:
        m = re.match(r"\s*[0-9a-f]+\s+(.*?)\s+\((.*)\)$", line)
        if m and cur is not None: cur.append((m.group(1), m.group(2)))
if cur: samples.append(cur)
total = len(samples) or 1
cat, detail, leaf = collections.Counter(), collections.Counter(), collections.Counter()
for s in samples:
    if not s: continue
    user = [f for f in s if not f[1].startswith("[kernel")]
    if s[0][1].startswith("[kernel"):
        ks = " ".join(f[0] for f in s if f[1].startswith("[kernel"))
        us = " ".join(f[0] for f in user)
        sc = wrappers.get(user[0][0] if user else "", "other (irq, fault)")
        if sc == "write": sc = "write (eventfd: Mailbox.post)"
        elif sc == "read": sc = "read (eventfd: Mailbox.drain)" if "Mailbox" in us else "read (socket)"
        cat["kernel: " + sc] += 1
        if sc in ("sendmsg", "writev"):
            d = ("loopback receive softirq (the client's TCP receive + wake-up)" if ("net_rx_action" in ks or "do_softirq" in ks)
                 else "rescheduled (preempted by the woken client)" if "schedule" in ks else "TCP transmit")
        elif sc == "read (socket)":
            d = "ACK sent + loopback receive of it" if ("__tcp_transmit_skb" in ks or "net_rx_action" in ks) else "tcp_recvmsg, copy"
        elif sc == "epoll_wait":
            d = "sleep/wake-up (schedule)" if "schedule" in ks else "ep_poll, other"
        else:
            d = "schedule" if "schedule" in ks else "other"
        detail[f"{sc}: {d}"] += 1
    else:
        cat["user: " + s[0][1].split("/")[-1]] += 1
        leaf[s[0][0]] += 1
dm = subprocess.run(["swift", "demangle", "--simplified"], input="\n".join(leaf), capture_output=True, text=True).stdout.split("\n")
dm = dict(zip(list(leaf), dm))
def show(title, c, n):
    print(f"\n## {title}")
    for k, v in c.most_common(n): print(f"{100*v/total:6.2f}%  {k[:140]}")
print(f"samples: {total}")
show("user space by DSO, kernel by the system call that entered it", cat, 20)
show("kernel detail", detail, 20)
show("user-space leaf functions (self)", collections.Counter({dm.get(k, k): v for k, v in leaf.items()}), 30)
PY
}

step_build() {
  log "building release binaries"
  # Two --product flags in one call build only the last one: build them separately.
  swift build -c release --product carewire
  swift build -c release --product carewire-load
}

# System calls per message and per delivery, per thread, over a 5 s window (perf tracepoints).
step_syscalls() {
  local events=""
  for s in $SYSCALLS; do events+="syscalls:sys_enter_$s,"; done
  events+="context-switches"
  for loops in $LOOPS_LIST; do
    local d=$OUT/syscalls-loops$loops
    mkdir -p "$d"
    start_server "$loops" "$d/server.log"
    "$LOAD" clinic --url "ws://127.0.0.1:$SPORT" --quiet $CLINIC_ARGS >"$d/load.txt" 2>&1 &
    local lp=$!
    sleep 4
    # The metrics reads bracket the counting window (their own few system calls are negligible).
    perf stat -e "$events" -p "$SPID" --per-thread -x, -o "$d/perfstat.csv" -- sh -c \
      "curl -s http://127.0.0.1:$SPORT/metrics >'$d/metrics0.txt'; sleep 5; curl -s http://127.0.0.1:$SPORT/metrics >'$d/metrics1.txt'"
    wait "$lp" || true
    stop_server
    local msgs=$(( $(metric "$d/metrics1.txt" messages_in_total) - $(metric "$d/metrics0.txt" messages_in_total) ))
    local dels=$(( $(metric "$d/metrics1.txt" messages_out_total) - $(metric "$d/metrics0.txt" messages_out_total) ))
    {
      echo "loops=$loops: $msgs messages, $dels deliveries in the window ($(grep -o 'lost [0-9]*' "$d/load.txt" | head -1))"
      awk -F, -v m="$msgs" -v d="$dels" '$2 ~ /^[0-9]+$/ { t=$1; sub(/-[0-9]+$/, "", t); ev=$4; sub("syscalls:sys_enter_", "", ev); n[ev]+=$2; th[ev]=th[ev] sprintf(" %s=%s", t, $2) }
        END { for (e in n) if (n[e] > 0) printf "  %-18s %7.3f per message  %6.3f per delivery  (%s)\n", e, n[e]/m, n[e]/d, th[e] }' "$d/perfstat.csv" | sort
    } | tee "$d/summary.txt"
  done
}

# Instructions per message under callgrind, counted over a fixed window after warm-up.
step_callgrind() {
  for loops in $LOOPS_LIST; do
    local d=$OUT/callgrind-loops$loops
    rm -rf "$d"; mkdir -p "$d"
    start_server "$loops" "$d/server.log" valgrind --tool=callgrind --collect-systime=nsec \
      --callgrind-out-file="$d/callgrind.out.%p"
    "$LOAD" clinic --url "ws://127.0.0.1:$SPORT" --quiet $CG_ARGS >"$d/load.txt" 2>&1 &
    local lp=$!
    sleep "$CG_SETTLE"
    curl -s "http://127.0.0.1:$SPORT/metrics" >"$d/metrics0.txt"
    callgrind_control -z "$SPID" >/dev/null 2>&1
    sleep "$CG_WINDOW"
    callgrind_control -d "$SPID" >/dev/null 2>&1
    curl -s "http://127.0.0.1:$SPORT/metrics" >"$d/metrics1.txt"
    wait "$lp" || true
    stop_server
    local f; f=$(ls "$d"/callgrind.out.*.1)
    local msgs=$(( $(metric "$d/metrics1.txt" messages_in_total) - $(metric "$d/metrics0.txt" messages_in_total) ))
    local dels=$(( $(metric "$d/metrics1.txt" messages_out_total) - $(metric "$d/metrics0.txt" messages_out_total) ))
    local ir sc
    read -r ir sc < <(awk '/^summary:/ { print $2, $3; exit }' "$f")
    {
      echo "loops=$loops: $msgs messages, $dels deliveries in the window ($(grep -o 'lost [0-9]*' "$d/load.txt" | head -1))"
      awk -v ir="$ir" -v sc="$sc" -v m="$msgs" -v d="$dels" 'BEGIN { printf "  %.0f Ir per message, %.0f Ir per delivery; %.2f system calls per message under valgrind (clock_gettime included: no vDSO there)\n", ir/m, ir/d, sc/m }'
      echo; echo "-- inclusive, per message"
      python3 "$OUT/cgparse.py" "$f" --per "$msgs" --top 45 --incl '^(ClientSocket\.|ServerLoop\.|RoomBoard|EventLoop\.|WriteQueue|WebSocketConnection|ConnectionCore|SharedMessage|ServerContext|TimerWheel|MessageAssembler|static Descriptor|static EventFD|static ProcessResources|Mailbox|MailboxReader|specialized _arrayForceCast|swift_retain$|swift_release$|swift_beginAccess$|swift_allocObject$|malloc$|_swift_getGenericMetadata)'
      echo; echo "-- self, per message"
      python3 "$OUT/cgparse.py" "$f" --per "$msgs" --top 40 --self
      echo; echo "-- who allocates (swift_allocObject callers), per message"
      python3 "$OUT/cgparse.py" "$f" --per "$msgs" --top 10 --callers '^swift_allocObject$'
      echo; echo "-- who pays dynamic exclusivity checks (swift_beginAccess callers), per message"
      python3 "$OUT/cgparse.py" "$f" --per "$msgs" --top 16 --callers '^swift_beginAccess$'
      echo; echo "-- who retains (swift_retain callers), per message"
      python3 "$OUT/cgparse.py" "$f" --per "$msgs" --top 10 --callers '^swift_retain$'
    } >"$d/summary.txt"
    callgrind_annotate --inclusive=yes "$f" 2>/dev/null | swift demangle --simplified >"$d/annotate-inclusive.txt" || true
    callgrind_annotate "$f" 2>/dev/null | swift demangle --simplified >"$d/annotate-self.txt" || true
    head -3 "$d/summary.txt"
  done
}

# Where the time goes, kernel included: cpu-clock samples with call graphs over a 5 s window.
step_perf() {
  for loops in $LOOPS_LIST; do
    local d=$OUT/perf-loops$loops
    mkdir -p "$d"
    start_server "$loops" "$d/server.log"
    "$LOAD" clinic --url "ws://127.0.0.1:$SPORT" --quiet $CLINIC_ARGS >"$d/load.txt" 2>&1 &
    local lp=$!
    sleep 4
    perf record -F 10000 -e cpu-clock -g -p "$SPID" -o "$d/perf.data" -- sleep 5 2>"$d/record.err"
    wait "$lp" || true
    stop_server
    perf script -i "$d/perf.data" -F comm,tid,ip,sym,dso 2>/dev/null | python3 "$OUT/classify.py" >"$d/summary.txt"
    echo "loops=$loops"; sed -n 3,16p "$d/summary.txt"
  done
}

# Interleaved plain runs (no tracing): the load generator's server CPU per delivery.
step_rounds() {
  local servers="$LOOPS_LIST"
  if command -v node >/dev/null && [ -d /usr/share/nodejs/ws ]; then servers+=" node"; fi
  for r in $(seq "$ROUNDS"); do
    for s in $servers; do
      local d=$OUT/rounds/$r-$s
      mkdir -p "$d"
      start_server "$s" "$d/server.log"
      "$LOAD" clinic --url "ws://127.0.0.1:$SPORT" --server-pid "$SPID" --quiet $CLINIC_ARGS >"$d/load.txt" 2>&1 || true
      stop_server
      echo "round $r, ${s/#[0-9]/loops=&}: $(grep -o '"server_cpu_us_per_delivery":[0-9.]*' "$d/load.txt" | cut -d: -f2) µs server CPU per delivery, lost $(grep -o '"lost":[0-9]*' "$d/load.txt" | cut -d: -f2)"
    done
  done | tee "$OUT/rounds.txt"
}

write_helpers
for step in $STEPS; do
  log "$step"
  "step_$step"
done
log "results in $OUT"
