#!/usr/bin/env python3
"""Medians and CareWire / best-peer ratios of a scripts/bench.sh run; writes docs/benchmarks.md.

usage: bench_report.py OUT_DIR ROUNDS LOOPS CAREWIRE_LOAD SCENARIO...
Reads OUT_DIR/SCENARIO-SERVER-ROUND.json (one carewire-load JSON line each)."""
import json, os, platform, statistics, subprocess, sys

out, rounds, loops, load, scenarios = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5:]
servers = ["carewire", "node", "hummingbird"]
names = {"carewire": "CareWire", "node": "Node ws", "hummingbird": "Hummingbird"}
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (label, how to read it from a run, lower is better?)
metrics = {
    "latency": [
        ("p50 µs", lambda r: r["latency_us"]["p50"], True),
        ("p90 µs", lambda r: r["latency_us"]["p90"], True),
        ("p99 µs", lambda r: r["latency_us"]["p99"], True),
        ("p99.9 µs", lambda r: r["latency_us"]["p999"], True),
        ("max µs", lambda r: r["latency_us"]["max"], True),
        ("deliveries/s", lambda r: r["deliveries_per_s"], False),
        ("server CPU µs/delivery", lambda r: r["server_cpu_us_per_delivery"], True),
        ("server RSS MiB", lambda r: r["server_rss_bytes"] / 1048576 if r["server_rss_bytes"] else None, True),
        ("lost", lambda r: r["lost"], True),
        ("send lag p99 µs", lambda r: r["send_lag_us"]["p99"], True),
        ("client CPU %", lambda r: r["client_cpu_percent"], True),
    ],
    "connections": [
        ("connected", lambda r: r["connected"], False),
        ("server RSS MiB", lambda r: r["server_rss_bytes"] / 1048576 if r["server_rss_bytes"] else None, True),
        ("server RSS B/connection", lambda r: r["server_rss_per_connection_bytes"], True),
        ("connect s", lambda r: r["connect_seconds"], True),
    ],
}


def load_runs(scenario, server):
    runs = []
    for i in range(1, rounds + 1):
        path = f"{out}/{scenario}-{server}-{i}.json"
        if os.path.exists(path):
            with open(path) as f:
                runs.append(json.loads(f.read().strip().splitlines()[-1]))
    return runs


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(v):
    if v is None:
        return "–"
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.2f}" if abs(v) < 10 else f"{v:.1f}"


def machine():
    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.strip().splitlines()[0]
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    mem = next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal"))
    load = open("/proc/loadavg").read().split()[:3]
    return [f"- load average when the report was written: {' '.join(load)} (the machine is shared with other engineers' builds and tests; interleaving keeps the ratios fair, not the absolute numbers quiet)",
            f"- nproc: {os.cpu_count()}; CPU: {model}; memory: {int(mem) // 1048576} GiB",
            f"- kernel: {platform.release()}; {swift}; Node {node} with Debian's node-ws",
            f"- CareWire: `carewire serve --rooms --loops {loops} --no-deflate`; Hummingbird 2.28.1 + hummingbird-websocket 2.8.1; everything release builds, on loopback, load generator on the same 2 cores"]


lines, md = [], []
for scenario in scenarios:
    kind = "connections" if scenario == "connections" else "latency"
    runs = {s: load_runs(scenario, s) for s in servers}
    header = f"{scenario} (medians of {rounds} rounds)"
    lines.append(f"\n{header}\n" + f"{'':26}" + "".join(f"{names[s]:>14}" for s in servers) + f"{'CW / best peer':>16}")
    md += [f"\n### {scenario}\n", "| median of %d runs | %s | CareWire / best peer |" % (rounds, " | ".join(names[s] for s in servers)),
           "|---|" + "---:|" * (len(servers) + 1)]
    for label, get, lower in metrics[kind]:
        med = {s: median([get(r) for r in runs[s]]) for s in servers}
        peers = [med[s] for s in servers[1:] if med[s] is not None]
        best = (min(peers) if lower else max(peers)) if peers else None
        ratio = med["carewire"] / best if best and med["carewire"] is not None else None
        ratio_text = f"{ratio:.2f}" if ratio is not None else "–"
        lines.append(f"{label:26}" + "".join(f"{fmt(med[s]):>14}" for s in servers) + f"{ratio_text:>16}")
        md.append(f"| {label} | " + " | ".join(fmt(med[s]) for s in servers) + f" | {ratio_text} |")
    unclean = [f"{names[s]} round {i + 1}: lost {r['lost']}, errors {r['errors']}, wrong-room {r['wrong_room']}"
               for s in servers for i, r in enumerate(runs[s]) if not r["clean"]]
    if unclean:
        md.append("\nRuns that were not clean: " + "; ".join(unclean))
        lines.append("not clean: " + "; ".join(unclean))
    if kind == "latency":
        # Chart the run with the median p99 of each server.
        os.makedirs(f"{root}/docs/benchmarks", exist_ok=True)
        picks = []
        for s in servers:
            ordered = sorted(range(len(runs[s])), key=lambda i: runs[s][i]["latency_us"]["p99"])
            if ordered:
                picks.append(f"{names[s]}={out}/{scenario}-{s}-{ordered[len(ordered) // 2] + 1}.json")
        svg = f"{root}/docs/benchmarks/{scenario}.svg"
        subprocess.run([load, "chart", "--svg", svg, "--title", f"room-path {scenario}: latency scheduled → received (median-p99 run)"] + picks, check=True)
        md.append(f"\n![{scenario} latency percentiles](benchmarks/{scenario}.svg)")

print("\n".join(lines))
with open(f"{root}/docs/benchmarks.md", "w") as f:
    f.write("# Fan-out benchmarks (room-path)\n\n")
    f.write("Written by `make bench` (scripts/bench.sh, scripts/bench_report.py). Each scenario ran against each server "
            "interleaved (CareWire, Node ws, Hummingbird, then again), a fresh server process per run; the numbers are "
            "medians over the rounds. Latency is measured open-loop from the *scheduled* send time to receipt "
            "(no coordinated omission); server CPU is utime+stime from /proc/PID/stat over the measured window divided "
            "by the deliveries in it; RSS from /proc/PID/status. Ratios are CareWire / the better peer (below 1 is "
            "better for CareWire, except deliveries/s and connected).\n\n")
    f.write("## Machine\n\n" + "\n".join(machine()) + "\n\n")
    f.write("## Commands\n\n```\nmake bench   # = scripts/bench.sh; BENCH_ROUNDS=%d\n" % rounds)
    for scenario in scenarios:
        extra = " --connections N" if scenario == "connections" else ""
        f.write(f".build/release/carewire-load {scenario} --url ws://127.0.0.1:PORT --server-pid PID{extra} --json RUN.json --svg RUN.svg\n")
    f.write("```\n\n## Results\n" + "\n".join(md) + "\n")
print(f"\nwrote docs/benchmarks.md and docs/benchmarks/*.svg (runs in {out})")
