#!/usr/bin/env bash
# The whole test suite: unit, store and HTTP tests on SQLite and PostgreSQL, then the browser tests.
# Starts a throwaway PostgreSQL in a temporary folder unless QUARTERMASTER_TEST_DATABASE_URL is set.
set -euo pipefail
cd "$(dirname "$0")/.."

# Installs what a fresh Debian machine lacks: PostgreSQL, Chromium and its driver, xmllint and poppler
# (to check generated XML and PDF documents), gdb (stacks of a hung test run), Selenium and pytest.
ensure_dependencies() {
  local need=()
  [[ -n "${QUARTERMASTER_TEST_DATABASE_URL:-}" ]] || ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || need+=(postgresql)
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
  command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
  command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
  command -v gdb >/dev/null 2>&1 || need+=(gdb)  # stacks of a hung test run
  python3 -m pip --version >/dev/null 2>&1 || need+=(python3-pip)
  # scripts/llama-server.sh: a venv, and a C++ compiler for llama.cpp on its first run.
  python3 -c 'import ensurepip' >/dev/null 2>&1 || need+=(python3-venv)
  command -v g++ >/dev/null 2>&1 || need+=(g++)
  if ((${#need[@]})); then
    echo "installing: ${need[*]}"
    local sudo=""
    [[ "$(id -u)" == "0" ]] || sudo="sudo"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${need[@]}"
  fi
  if ! python3 -c "import selenium, pytest" >/dev/null 2>&1; then
    python3 -m pip install -q -r Tests/browser/requirements.txt \
      || python3 -m pip install -q --break-system-packages -r Tests/browser/requirements.txt
  fi
}
ensure_dependencies

PG_DIR=""
LLM_PID_FILE=""
WATCHDOG_PID=""
cleanup() {
  if [[ -n "$WATCHDOG_PID" ]]; then kill "$WATCHDOG_PID" 2>/dev/null || true; fi
  if [[ -n "$LLM_PID_FILE" ]]; then
    kill "$(cat "$LLM_PID_FILE" 2>/dev/null)" 2>/dev/null || true
    rm -f "$LLM_PID_FILE"
  fi
  if [[ -n "$PG_DIR" ]]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
trap cleanup EXIT

as_pg() {
  # PostgreSQL refuses to run as root: run its tools as the 'postgres' user when we are root.
  if [[ "$(id -u)" == "0" ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [[ -z "${QUARTERMASTER_TEST_DATABASE_URL:-}" ]]; then
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [[ -z "$PG_BIN" ]]; then
    echo "PostgreSQL server binaries not found (apt-get install postgresql), or set QUARTERMASTER_TEST_DATABASE_URL" >&2
    exit 1
  fi
  PG_DIR="$(mktemp -d /tmp/qm-pg.XXXXXX)"
  chmod 755 "$PG_DIR"
  [[ "$(id -u)" == "0" ]] && chown postgres "$PG_DIR"
  PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
  # max_connections: the suite runs its ~90 PostgreSQL test cases at once, each with a pool of up to
  # four connections, a LISTEN connection and short admin connections. At 300 the server refused
  # connections ("sorry, too many clients already") and PostgresNIO's pools, which retry rather than
  # fail, left those tests waiting forever: the rare hang of the whole suite.
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=1000" start >/dev/null
  export QUARTERMASTER_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  echo "test PostgreSQL on port $PG_PORT"
fi

# A real OpenAI-compatible model server on loopback for the language-model tests (llama.cpp serving
# SmolLM2-135M). The first run builds llama.cpp into ~/.cache/quartermaster/llama (several minutes);
# later runs reuse it.
if [[ -z "${QUARTERMASTER_TEST_LLM_URL:-}" ]]; then
  LLM_PID_FILE="$(mktemp /tmp/qm-llm.XXXXXX)"
  QUARTERMASTER_TEST_LLM_URL="$(scripts/llama-server.sh start --pid-file "$LLM_PID_FILE")"
  export QUARTERMASTER_TEST_LLM_URL
  echo "test language model at $QUARTERMASTER_TEST_LLM_URL"
fi

swift build --build-tests
# The suite takes a few minutes (once 11, when one test stalled for 10 and then went on); one that
# still runs after 40 has hung: print every thread's stack to the log, stop it and fail, rather than
# wait for CI's limit with nothing to show.
watchdog() {
  local sleeper
  trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
  sleep 2400 &
  sleeper=$!
  wait "$sleeper"
  echo "swift test still running after 40 minutes: stacks of the test process follow" >&2
  for pid in $(pgrep -f 'PackageTests.xctest|swiftpm-testing-helper'); do
    gdb -p "$pid" -batch -ex "thread apply all bt 40" >&2 2>&1 || true
  done
  pkill -f 'PackageTests.xctest|swiftpm-testing-helper' || true
}
watchdog &
WATCHDOG_PID=$!
swift test --skip-build 2>&1 | tee .build/swift-test.log
# swift test's exit code is honoured through pipefail (the exit trap stops the watchdog).
kill "$WATCHDOG_PID" 2>/dev/null || true
WATCHDOG_PID=""

swift build --product quartermaster
export QUARTERMASTER_BIN="$PWD/.build/debug/quartermaster"
python3 -m pytest -q Tests/browser
