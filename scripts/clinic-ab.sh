#!/bin/bash
# Quick same-run comparison on the clinic scenario: CareWire (--loops 2) and Node ws, A B A B.
# Needs release builds of carewire and carewire-load, and nodejs + node-ws. Prints one line per run.
# A B A B: CareWire (loops 2) vs Node ws, clinic scenario, default parameters.
cd "$(dirname "$0")/.."
for round in 1 2; do
  for server in carewire node; do
    if [ $server = carewire ]; then
      .build/release/carewire serve --port 0 --rooms --loops 2 --no-deflate --log-level error > /tmp/ab-srv.out 2>/dev/null &
    else
      NODE_PATH=/usr/share/nodejs node LoadTests/Peers/node/room-server.js 0 > /tmp/ab-srv.out 2>/dev/null &
    fi
    pid=$!
    for i in $(seq 50); do grep -q "listening" /tmp/ab-srv.out 2>/dev/null && break; sleep 0.1; done
    port=$(head -1 /tmp/ab-srv.out | sed -E 's/.*:([0-9]+).*/\1/')
    .build/release/carewire-load clinic --url ws://127.0.0.1:$port --server-pid $pid --quiet --json /tmp/ab-$server-$round.json > /dev/null 2>&1
    kill $pid; wait $pid 2>/dev/null
    python3 -c "
import json; d=json.load(open('/tmp/ab-$server-$round.json'))
print('$server', $round, {k: d.get(k) for k in ['p50_us','p99_us','deliveries_per_second','server_cpu_us_per_delivery','lost','server_rss_bytes'] if k in d} or list(d.keys())[:30])"
  done
done
