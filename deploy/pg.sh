#!/usr/bin/env bash
# A throwaway PostgreSQL server in a private data directory, on 127.0.0.1 only.
#   deploy/pg.sh start DIR PORT   initdb (first time) + start; prints the SQLAlchemy URL on stdout
#   deploy/pg.sh stop DIR
# Uses Debian's postgresql binaries (/usr/lib/postgresql/*/bin) or whatever initdb/pg_ctl are on PATH.
# PostgreSQL refuses to run as root: as root the server runs as the `postgres` system user.
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?data directory}; port=${3:-55432}

bindir=""
if ! command -v pg_ctl >/dev/null 2>&1; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$bindir" ] || { echo "pg.sh: no PostgreSQL binaries (apt-get install postgresql)" >&2; exit 3; }
  bindir="$bindir/"
fi
as_pg=()
if [ "$(id -u)" = "0" ]; then
  id postgres >/dev/null 2>&1 || { echo "pg.sh: running as root and no postgres user" >&2; exit 3; }
  as_pg=(runuser -u postgres --)
fi

case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = "0" ] && chown postgres "$dir" && chmod 700 "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
      "${as_pg[@]}" "${bindir}initdb" -D "$dir" -U assistant -A trust -E UTF8 --locale=C.UTF-8 >"$dir.initdb.log" 2>&1 \
        || { echo "pg.sh: initdb failed:" >&2; tail -5 "$dir.initdb.log" >&2; exit 3; }
    fi
    "${as_pg[@]}" "${bindir}pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c max_connections=200 -c fsync=off" start >/dev/null \
      || { echo "pg.sh: server did not start:" >&2; tail -5 "$dir/server.log" >&2; exit 3; }
    "${as_pg[@]}" "${bindir}psql" -h 127.0.0.1 -p "$port" -U assistant -d postgres -qAtc \
      "SELECT 1 FROM pg_database WHERE datname='assistant'" | grep -q 1 \
      || "${as_pg[@]}" "${bindir}createdb" -h 127.0.0.1 -p "$port" -U assistant assistant
    echo "postgresql+psycopg://assistant@127.0.0.1:$port/assistant"
    ;;
  stop)
    [ -f "$dir/postmaster.pid" ] && "${as_pg[@]}" "${bindir}pg_ctl" -D "$dir" -m fast -w stop >/dev/null || true
    ;;
  *) echo "usage: pg.sh start|stop DIR [PORT]" >&2; exit 2 ;;
esac
