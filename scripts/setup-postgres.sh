#!/usr/bin/env bash
# Start a throw-away PostgreSQL cluster for factionmap's store tests.
#
#   bash scripts/setup-postgres.sh        # installs Debian postgresql if missing, starts it
#   source /tmp/factionmap-pg/env.sh      # exports FACTIONMAP_TEST_PG_URL
#
# Idempotent: when the cluster is already up it only prints the URL again.
# Settings (environment): FACTIONMAP_PG_DIR (default /tmp/factionmap-pg),
# FACTIONMAP_PG_PORT (default 55432), FACTIONMAP_PG_DB (default factionmap_test).
# Stop it with: su postgres -c "pg_ctl -D /tmp/factionmap-pg/data stop"
set -euo pipefail

PGDIR="${FACTIONMAP_PG_DIR:-/tmp/factionmap-pg}"
PORT="${FACTIONMAP_PG_PORT:-55432}"
DB="${FACTIONMAP_PG_DB:-factionmap_test}"
DATA="$PGDIR/data"
LOG="$PGDIR/server.log"
ENVFILE="$PGDIR/env.sh"
URL="postgresql://postgres@127.0.0.1:$PORT/$DB"

find_bin() {
  # Debian keeps the server binaries out of PATH, under /usr/lib/postgresql/<ver>/bin.
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  return 1
}

if ! BIN="$(find_bin)"; then
  echo "setup-postgres: installing Debian postgresql ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  BIN="$(find_bin)"
fi

# The server refuses to run as root: run it as a dedicated unprivileged user.
RUNAS=postgres
if ! id "$RUNAS" >/dev/null 2>&1; then
  useradd --system --home-dir "$PGDIR" --shell /bin/sh "$RUNAS"
fi
as_pg() {
  if [ "$(id -un)" = "$RUNAS" ]; then "$@"; else su "$RUNAS" -s /bin/sh -c "$(printf '%q ' "$@")"; fi
}

mkdir -p "$PGDIR"
chown "$RUNAS" "$PGDIR"

if [ ! -f "$DATA/PG_VERSION" ]; then
  echo "setup-postgres: initialising cluster in $DATA" >&2
  as_pg "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
fi

if as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  echo "setup-postgres: already running" >&2
else
  echo "setup-postgres: starting on 127.0.0.1:$PORT" >&2
  as_pg "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
    -o "-p $PORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
fi

PSQL=("$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA)
if [ "$("${PSQL[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
  "${PSQL[@]}" -c "CREATE DATABASE \"$DB\"" >/dev/null
fi

printf 'export FACTIONMAP_TEST_PG_URL=%q\n' "$URL" > "$ENVFILE"
echo "setup-postgres: URL written to $ENVFILE" >&2
echo "$URL"
