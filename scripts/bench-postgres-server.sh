# Sourced by the PostgreSQL benchmarks: sets `pg_url` (and exports it as BENCH_DATABASE_URL, which
# the bench mappings connect with) to POSTGRES_URL, else to a throwaway cluster removed on exit.
pg_url=${POSTGRES_URL:-}
if [ -z "$pg_url" ]; then
  cluster=$(OWNER_PID=$$ scripts/throwaway-postgres.sh start)
  pg_dir=$(sed -n 1p <<<"$cluster")
  pg_url=$(sed -n 2p <<<"$cluster")
  trap 'scripts/throwaway-postgres.sh stop "$pg_dir"' EXIT
fi
# Rows in the table's order on every scan, as the CSV's: without this a scan may start where an
# earlier one stopped (synchronized scans), and with a query without ORDER BY another row of a
# duplicated key comes last.
case $pg_url in *\?*) pg_url="$pg_url&options=-c%20synchronize_seqscans%3Doff" ;; *) pg_url="$pg_url?options=-c%20synchronize_seqscans%3Doff" ;; esac
export BENCH_DATABASE_URL=$pg_url
