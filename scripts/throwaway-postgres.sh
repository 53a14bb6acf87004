#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks, on a free loopback port.
#
#   throwaway-postgres.sh start   creates and starts one; prints its directory, then its URL
#                                 (postgresql://postgres:PASSWORD@127.0.0.1:PORT/postgres)
#   throwaway-postgres.sh stop DIR  stops it and removes DIR
#
# Password authentication (scram-sha-256) over TCP, trust on its private socket directory.
# initdb refuses to run as root: as root the cluster belongs to the `postgres` system user.
# Clusters left behind by a process that died (OWNER_PID, default the caller) are removed
# on the next start. PG_BINDIR overrides where initdb and pg_ctl are found.
set -euo pipefail

prefix=${TMPDIR:-/tmp}/attentive-sync-pg.

bindir() {
  if [ -n "${PG_BINDIR:-}" ]; then echo "$PG_BINDIR"; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$newest" ] || { echo "throwaway-postgres: no initdb found: install the postgresql package or set PG_BINDIR" >&2; exit 1; }
  echo "$newest"
}

as_owner() { # runs a command as the cluster's owner
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() {
  local dir=$1
  [ -d "$dir/data" ] && as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir" 2>/dev/null || true
}

sweep() { # removes this user's clusters whose owning process is gone
  local dir owner
  for dir in "$prefix"*; do
    [ -d "$dir" ] || continue
    if [ "$(id -u)" -ne 0 ] && [ ! -O "$dir" ]; then continue; fi
    owner=$(cat "$dir/owner" 2>/dev/null || echo "")
    if [ -z "$owner" ] || ! kill -0 "$owner" 2>/dev/null; then stop "$dir"; fi
  done
}

# Descriptors this script inherited (a test runner's pipes and sockets) must not live on in the
# server: a process that waits for a pipe's end or a socket's close would wait as long as the
# server runs. Bash keeps its own script descriptor (255) close-on-exec.
close_inherited() {
  local fd
  for fd in /proc/$$/fd/*; do
    fd=${fd##*/}
    if [ "$fd" -gt 2 ] && [ "$fd" -lt 255 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
}

start() {
  close_inherited
  sweep
  local bin dir password port
  bin=$(bindir)
  dir=$(mktemp -d "${prefix}XXXXXX")
  echo "${OWNER_PID:-$PPID}" >"$dir/owner"
  chmod 755 "$dir"
  password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  (umask 077; echo "$password" >"$dir/pwfile")
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir" "$dir/pwfile"; fi
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" -E UTF8 --locale=C \
    --auth-local=trust --auth-host=scram-sha-256 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; stop "$dir"; exit 1; }
  rm -f "$dir/pwfile"
  for _ in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue # taken
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o \
      "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null 2>&1; then
      echo "$dir"
      echo "postgresql://postgres:$password@127.0.0.1:$port/postgres"
      return
    fi
  done
  cat "$dir/server.log" >&2 2>/dev/null || true
  stop "$dir"
  echo "throwaway-postgres: could not start a server" >&2
  exit 1
}

case "${1:-}" in
  start) start ;;
  stop) [ -n "${2:-}" ] || { echo "usage: $0 stop DIR" >&2; exit 2; }; stop "$2" ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
