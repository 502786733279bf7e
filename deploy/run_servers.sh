#!/usr/bin/env bash
# Start N Streamlit servers of the lab on consecutive ports (one machine's share of a class).
#
#   deploy/run_servers.sh N [FIRST_PORT] [ADDRESS]     e.g.  deploy/run_servers.sh 2 8501 127.0.0.1
#
# ADDRESS 127.0.0.1 when nginx runs on the same machine; 0.0.0.0 (or the machine's LAN address)
# when nginx runs on another machine. PIDs go to $LAB_RUN_DIR (default /tmp/lab-servers) so
# deploy/stop_servers.sh can end exactly these processes. Every server memory-maps the same
# default embedding from the cache (~/.cache/bias-embedding-lab or $LAB_CACHE_DIR).
set -euo pipefail
N=${1:?number of servers}
FIRST=${2:-8501}
ADDRESS=${3:-127.0.0.1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${LAB_PYTHON:-$ROOT/.venv/bin/python}
[ -x "$PY" ] || PY=python3
RUN=${LAB_RUN_DIR:-/tmp/lab-servers}
mkdir -p "$RUN"
# Build the shared cache once, before N processes race to write it.
(cd "$ROOT" && "$PY" -c "from analysis.embeddings import load_default_glove; load_default_glove()")
for i in $(seq 0 $((N - 1))); do
  port=$((FIRST + i))
  (cd "$ROOT" && nohup "$PY" -m streamlit run app/Home.py --server.headless true --server.port "$port" \
     --server.address "$ADDRESS" --browser.gatherUsageStats false > "$RUN/streamlit-$port.log" 2>&1 &
   echo $! > "$RUN/streamlit-$port.pid")
  echo "server $i: http://$ADDRESS:$port (pid $(cat "$RUN/streamlit-$port.pid"), log $RUN/streamlit-$port.log)"
done
