#!/usr/bin/env bash
# Benchmark: GET /api/v1/me with a valid token on SQLite under wrk (64 connections, loopback),
# start-to-ready on an existing database, and idle RSS. Release build. Results go to stdout;
# docs/BENCHMARKS.md records them with the machine and the date.
#   Benchmarks/http-me.sh [duration-seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-20}"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
swift build -c release --product quartermaster >/dev/null
BIN="$PWD/.build/release/quartermaster"
DIR="$(mktemp -d /tmp/qm-bench.XXXXXX)"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export QUARTERMASTER_RATELIMIT_ENABLED=false QUARTERMASTER_LOG_LEVEL=warning QUARTERMASTER_BCRYPT_COST=10
PID=""
trap '[[ -n "$PID" ]] && kill "$PID" 2>/dev/null; rm -rf "$DIR"' EXIT

start() {
  "$BIN" serve --port "$PORT" --database-url "sqlite://$DIR/qm.sqlite" >"$DIR/log" 2>&1 &
  PID=$!
  local t0; t0=$(date +%s.%N)
  until curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null; do sleep 0.01; done
  python3 -c "print(f'start to ready: {($(date +%s.%N) - $t0)*1000:.0f} ms')"
}

start  # first start creates and migrates the database
kill -TERM "$PID"; wait "$PID" || true
echo -n "existing database, "; start

TOKEN=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/auth/signup" -H 'content-type: application/json' \
  -d '{"organization":"Bench","name":"B","email":"bench@bench.test","password":"correct horse battery"}' |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
sleep 2
echo "idle RSS: $(awk '/VmRSS/{printf "%.1f MB", $2/1024}' /proc/$PID/status)"
wrk -t2 -c64 -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/me"
echo "RSS after load: $(awk '/VmRSS/{printf "%.1f MB", $2/1024}' /proc/$PID/status)"
