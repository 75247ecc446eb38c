#!/usr/bin/env bash
# Try cluster mode on one machine: Redis, N Boothcast nodes and nginx in front of them.
#   bash deploy/cluster.sh [nodes=3] [port=8080]
# Then open http://localhost:8080. Ctrl-C stops everything. Needs redis-server and nginx
# (apt-get install -y redis-server nginx) and a build (npm start once, or node scripts/ensure-build.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
NODES=${1:-3}
PORT=${2:-8080}
REDIS_PORT=${REDIS_PORT:-6399}
RUN=$(mktemp -d -t boothcast-cluster-XXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$RUN/nginx.pid" ] && kill "$(cat "$RUN/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  echo "stopped; logs were in $RUN"
}
trap cleanup EXIT INT TERM

node scripts/ensure-build.mjs
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$RUN" --appendonly yes --save '' >"$RUN/redis.log" 2>&1 &
pids+=($!)
sleep 0.5

ports=()
upstreams=()
for i in $(seq 1 "$NODES"); do
  p=$((3000 + i))
  ports+=("$p")
  upstreams+=("$p")
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT" PORT=$p HOST=127.0.0.1 TRUST_PROXY=1 NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 \
    node --import tsx server/index.ts >"$RUN/node-$i.log" 2>&1 &
  pids+=($!)
done
for p in "${ports[@]}"; do
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$p/healthz" >/dev/null && break; sleep 0.2; done
done

node deploy/render-nginx.mjs "$RUN" "$PORT" "${upstreams[@]}" >"$RUN/nginx.conf"
nginx -p "$RUN" -c "$RUN/nginx.conf" -g 'daemon off;' &
pids+=($!)
echo "Boothcast cluster: http://localhost:$PORT  (nodes ${ports[*]}, Redis $REDIS_PORT, logs in $RUN)"
wait
