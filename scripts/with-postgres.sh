#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 cluster, then stops and removes it:
#   scripts/with-postgres.sh make test
# Uses Debian's postgresql-15 (installed if missing); the server runs as the `postgres` user.
set -euo pipefail

PG_VERSION=${PG_VERSION:-15}
PG_BIN=/usr/lib/postgresql/$PG_VERSION/bin
PG_PORT=${PG_PORT:-54329}

if [ ! -x "$PG_BIN/initdb" ]; then
    echo "Installerer postgresql-$PG_VERSION ..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$PG_VERSION" >/dev/null
fi

as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

DATA_DIR=$(mktemp -d /tmp/erfaringssentrum-pg.XXXXXX)
chown postgres "$DATA_DIR" 2>/dev/null || true
stop_cluster() {
    as_postgres "$PG_BIN/pg_ctl" -D "$DATA_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$DATA_DIR"
}
trap stop_cluster EXIT

as_postgres "$PG_BIN/initdb" -D "$DATA_DIR/data" -U postgres -A trust -E UTF8 \
    --locale=C.UTF-8 >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$DATA_DIR/data" -l "$DATA_DIR/server.log" -w \
    -o "-p $PG_PORT -k $DATA_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
    start >/dev/null

as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres erfaringssentrum
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/erfaringssentrum"
echo "PostgreSQL $PG_VERSION kjører på port $PG_PORT ($DATABASE_URL)"
"$@"
