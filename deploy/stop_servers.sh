#!/usr/bin/env bash
# Stop the servers deploy/run_servers.sh started (by their recorded PIDs only) and nginx if started here.
set -u
RUN=${LAB_RUN_DIR:-/tmp/lab-servers}
for f in "$RUN"/streamlit-*.pid; do
  [ -e "$f" ] || continue
  kill "$(cat "$f")" 2>/dev/null && echo "stopped $(basename "$f" .pid)"
  rm -f "$f"
done
PREFIX=${LAB_NGINX_PREFIX:-/tmp/lab-nginx}
if [ -e "$PREFIX/nginx.pid" ]; then nginx -p "$PREFIX" -c "$PREFIX/nginx.conf" -s quit && echo "stopped nginx"; fi
