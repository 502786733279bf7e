#!/usr/bin/env bash
# Render the nginx config for the given servers and start nginx as an ordinary user (no root).
#
#   deploy/run_proxy.sh LISTEN HOST:PORT [HOST:PORT ...]   e.g.  deploy/run_proxy.sh 8080 127.0.0.1:8501 127.0.0.1:8502
#
# nginx serves Streamlit's frontend files (/static/…) itself, from the streamlit package installed for
# $LAB_PYTHON (this checkout's .venv); on a proxy machine without it, install the same Streamlit
# version (pip install streamlit==X) or copy the servers' site-packages/streamlit/static folder there
# and set LAB_STATIC_DIR=/path/to/static (LAB_STATIC_DIR=none: nginx proxies those files too).
set -euo pipefail
LISTEN=${1:?listen address, e.g. 8080}
shift
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${LAB_PYTHON:-$ROOT/.venv/bin/python}
[ -x "$PY" ] || PY=python3
PREFIX=${LAB_NGINX_PREFIX:-/tmp/lab-nginx}
mkdir -p "$PREFIX"
args=()
for u in "$@"; do args+=(--upstream "$u"); done
if [ -n "${LAB_STATIC_DIR:-}" ]; then args+=(--static-dir "$LAB_STATIC_DIR"); fi
"$PY" "$ROOT/deploy/nginx_config.py" --listen "$LISTEN" --prefix "$PREFIX" "${args[@]}" > "$PREFIX/nginx.conf"
nginx -t -q -p "$PREFIX" -c "$PREFIX/nginx.conf"
nginx -p "$PREFIX" -c "$PREFIX/nginx.conf"
echo "nginx on :$LISTEN → $* (config $PREFIX/nginx.conf)"
static=$(sed -n 's/^ *root "\(.*\)";$/\1/p' "$PREFIX/nginx.conf" | head -n 1)
echo "static files from ${static:-the servers (no static folder for nginx)}"
