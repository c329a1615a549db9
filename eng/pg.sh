#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests and benchmarks: sourced, then `pg_start` and `pg_stop`.
# The server refuses to run as root, so as root the cluster belongs to an unprivileged user.

pg_find_bin() {
  local dir
  for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

pg_install() {
  echo "PostgreSQL server not found: installing postgresql-15 with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq postgresql-15 >/dev/null
}

pg_free_port() {
  local port=${1:-55432}
  while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    port=$((port + 1))
  done
  echo "$port"
}

pg_start() {
  PG_BIN=$(pg_find_bin) || { pg_install && PG_BIN=$(pg_find_bin); } || { echo "could not find or install PostgreSQL" >&2; return 1; }
  PG_DIR=$(mktemp -d /tmp/efclone-pg.XXXXXX)
  PG_PORT=$(pg_free_port "${PG_PORT:-55432}")
  PG_RUN=()
  if [ "$(id -u)" = 0 ]; then
    id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$PG_DIR"
    PG_RUN=(runuser -u postgres --)
  fi

  "${PG_RUN[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  # A test server: durability traded for speed, enough connections for parallel clones.
  "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200 ${PG_OPTIONS:--c fsync=off -c synchronous_commit=off -c full_page_writes=off}" start >/dev/null \
    || { cat "$PG_DIR/server.log" >&2; return 1; }
  export EFCLONE_PG_CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=postgres;Database=postgres;Include Error Detail=true"
  echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') started on 127.0.0.1:$PG_PORT" >&2
}

pg_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
    "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
