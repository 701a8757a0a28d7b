#!/usr/bin/env bash
# One PostgreSQL, one Chroma server and two `assistant serve` replicas on this machine, all on 127.0.0.1.
#   deploy/replicas.sh start RUN_DIR [BASE_PORT]   ports: BASE postgres, +1 chroma, +2 replica A, +3 replica B
#   deploy/replicas.sh stop RUN_DIR
# On start, RUN_DIR/env gets DATABASE_URL, CHROMA_URL, REPLICA_A, REPLICA_B (shell syntax) once every piece
# answers. PY picks the Python that has the project installed (default: python3). The same pieces run on
# separate machines behind a load balancer: see docs/deploy.md.
set -euo pipefail
cmd=${1:?start|stop}; run=${2:?run directory}; base=${3:-56400}
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
PY=${PY:-python3}

wait_http() {  # url, seconds
  local url=$1 n=$(( $2 * 5 ))
  for _ in $(seq "$n"); do
    "$PY" -c "import sys,urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$url" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "replicas.sh: $url did not answer" >&2
  return 1
}

case "$cmd" in
  start)
    mkdir -p "$run"; chmod 755 "$run"
    db_url=$(bash "$here/pg.sh" start "$run/pg" "$base")
    chroma_bin="$(dirname "$PY")/chroma"; command -v "$chroma_bin" >/dev/null 2>&1 || chroma_bin=chroma
    cd "$root"
    ANONYMIZED_TELEMETRY=False nohup "$chroma_bin" run --path "$run/chroma" --host 127.0.0.1 --port $((base + 1)) \
      </dev/null >"$run/chroma.log" 2>&1 &
    echo $! >"$run/chroma.pid"
    wait_http "http://127.0.0.1:$((base + 1))/api/v2/heartbeat" 60
    for i in A B; do
      port=$((base + 2)); [ "$i" = B ] && port=$((base + 3))
      mkdir -p "$run/replica-$i"
      DATABASE_URL="$db_url" CHROMA_URL="http://127.0.0.1:$((base + 1))" \
        ASSISTANT_DATA_DIR="$run/replica-$i" HF_HUB_OFFLINE=1 ANONYMIZED_TELEMETRY=False \
        PYTHONPATH="$root${PYTHONPATH:+:$PYTHONPATH}" \
        nohup "$PY" -m assistant serve --host 127.0.0.1 --port "$port" </dev/null >"$run/replica-$i.log" 2>&1 &
      echo $! >"$run/replica-$i.pid"
    done
    wait_http "http://127.0.0.1:$((base + 2))/health" 90
    wait_http "http://127.0.0.1:$((base + 3))/health" 90
    cat >"$run/env" <<ENV
DATABASE_URL=$db_url
CHROMA_URL=http://127.0.0.1:$((base + 1))
REPLICA_A=http://127.0.0.1:$((base + 2))
REPLICA_B=http://127.0.0.1:$((base + 3))
ENV
    cat "$run/env"
    ;;
  stop)
    for f in "$run"/replica-A.pid "$run"/replica-B.pid "$run"/chroma.pid; do
      [ -f "$f" ] && { kill "$(cat "$f")" 2>/dev/null || true; rm -f "$f"; }
    done
    bash "$here/pg.sh" stop "$run/pg"
    ;;
  *) echo "usage: replicas.sh start|stop RUN_DIR [BASE_PORT]" >&2; exit 2 ;;
esac
