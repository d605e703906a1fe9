#!/usr/bin/env bash
# Catalog benchmark: import N demo products into a fresh SQLite database, time search and match
# in process, then serve that database and measure the server's memory after HTTP searches.
# Usage: Benchmarks/catalog.sh [N]   (release build: swift build -c release --product quartermaster)
set -euo pipefail
N="${1:-100000}"
BIN="${QUARTERMASTER_BIN:-.build/release/quartermaster}"
DIR="$(mktemp -d /tmp/qm-catalog-bench.XXXXXX)"
trap 'kill "${PID:-0}" 2>/dev/null || true; rm -rf "$DIR"' EXIT
export QUARTERMASTER_LOG_LEVEL=warning
"$BIN" bench catalog --products "$N" --queries Benchmarks/search-eval.jsonl --keep "$DIR" | tee "$DIR/bench.txt"
LOGIN=$(grep '^login: ' "$DIR/bench.txt" | awk '{print $2}')
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
QUARTERMASTER_RATELIMIT_ENABLED=false "$BIN" serve --database-url "sqlite://$DIR/bench.sqlite" --port "$PORT" &
PID=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
echo "server idle: $(grep -E 'VmRSS|RssAnon|RssFile' /proc/$PID/status | tr -s ' ' | tr '\n' ' ')"
TOKEN=$(curl -fs -X POST "http://127.0.0.1:$PORT/api/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"email\":\"$LOGIN\",\"password\":\"benchmark-only-password\"}" | python3 -c 'import sys,json; print(json.load(sys.stdin)["access_token"])')
python3 - "$PORT" "$TOKEN" <<'PY'
import json, sys, time, urllib.parse, urllib.request
port, token = sys.argv[1], sys.argv[2]
queries = [json.loads(l)["query"] for l in open("Benchmarks/search-eval.jsonl") if l.strip()]
times = []
for round in range(3):
    for q in queries:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/search?" + urllib.parse.urlencode({"q": q}),
                                         headers={"authorization": f"Bearer {token}"})
        started = time.perf_counter()
        urllib.request.urlopen(request).read()
        times.append((time.perf_counter() - started) * 1000)
times.sort()
print(f"HTTP search (client-side, {len(times)} requests): p50 {times[len(times)//2]:.2f} ms, p95 {times[int(len(times)*0.95)]:.2f} ms")
PY
# RssFile is the mapped database file (SQLite reads it through mmap): page cache the kernel can drop,
# counted in VmRSS. RssAnon is the server's own memory.
echo "server after searches: $(grep -E 'VmRSS|VmHWM|RssAnon|RssFile' /proc/$PID/status | tr -s ' ' | tr '\n' ' ')"
