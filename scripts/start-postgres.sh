#!/usr/bin/env bash
# Installs PostgreSQL from Debian's packages when it is missing, starts a throw-away
# server on loopback, creates a database, and prints its URL. Used by .ci/run; works on
# a developer machine too (as root, or with sudo).
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "installing postgresql from Debian's packages" >&2
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >&2
fi

bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
port="${KEHU_PG_PORT:-54329}"
data="$(mktemp -d /tmp/kehu-pg.XXXXXX)"
run_as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; elif [ "$(id -un)" = postgres ]; then "$@"; else sudo -u postgres "$@"; fi; }
as_root chown postgres "$data"
run_as_postgres "$bin/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 -A trust >/dev/null
run_as_postgres "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c max_connections=200 -c fsync=on" start >&2
run_as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres kehu_test
echo "postgres://postgres@127.0.0.1:$port/kehu_test"
