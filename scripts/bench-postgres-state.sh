#!/usr/bin/env bash
# The state in PostgreSQL, and the diff inside the database: a table of PG_ROWS generated
# customers (default 1,000,000; the issue's figure is 10,000,000: PG_ROWS=10000000), day 1 with
# 1% of rows changed, the state in the same database, baselined from day 0. Then day 1's `plan`
# diffed in the database (--diff-in-database) beside the client-side `plan` of the same rows
# against the same state: wall time, CPU, peak memory, the bytes of row text the source's
# connection received and those of the state's digests (read alike in both), and the two plans
# compared. POSTGRES_URL a server to use, else a throwaway cluster.
set -euo pipefail
rows=${PG_ROWS:-1000000}
shared=${SHARED:-../shared}
data=bench-data
mkdir -p "$data"
day0="$data/pgstate-day0-$rows.csv" day1="$data/pgstate-day1-$rows.csv"
[ -f "$day0" ] || python3 "$shared/bench/gen_customers.py" "$rows" "$day0"
[ -f "$day1" ] || python3 "$shared/bench/gen_customers.py" "$rows" "$day1" --day 1 --change-pct 1 --remove-pct 0 --new-pct 0
swift build -c release >/dev/null
bin=$(swift build -c release --show-bin-path)
source scripts/bench-measure.sh

# Rows in the table's order on every scan: both plans see the same last row of a key.
source scripts/bench-postgres-server.sh
state="${pg_url%%\?*}?schema=attentive_sync_bench_state"
psql=(psql "$pg_url" -X -q -v ON_ERROR_STOP=1)
"${psql[@]}" -c "DROP SCHEMA IF EXISTS attentive_sync_bench CASCADE" -c "DROP SCHEMA IF EXISTS attentive_sync_bench_state CASCADE" \
  -c "CREATE SCHEMA attentive_sync_bench" 2>/dev/null
{ echo "SET search_path TO attentive_sync_bench;"; scripts/customers-sql.py --schema-only; } | "${psql[@]}"
"${psql[@]}" -c "\copy attentive_sync_bench.customers from '$day0' csv header" -c "VACUUM ANALYZE attentive_sync_bench.customers"

echo "rows: $rows (state in PostgreSQL, day 1: 1% of rows changed)"
measure "baseline, state in PostgreSQL" "$bin/attentive-sync" baseline bench/customers-1m-postgres.json --state "$state"
"${psql[@]}" -c "TRUNCATE attentive_sync_bench.customers" -c "\copy attentive_sync_bench.customers from '$day1' csv header" -c "VACUUM ANALYZE"
plan() { "$bin/attentive-sync" plan bench/customers-1m-postgres.json --state "$state" --format json "$@"; }
for mode in in-database client; do
  flag=(); [ $mode = in-database ] && flag=(--diff-in-database)
  measure "plan day 1, diff $mode" "$bin/attentive-sync" plan bench/customers-1m-postgres.json --state "$state" --format json --output /dev/null "${flag[@]}"
  plan --output "$data/pgstate-plan-$mode.json" "${flag[@]}" 2>&1 | grep 'read the source' \
    | sed -E 's/.*bytes=([0-9]+).*state_bytes=([0-9]+).*/    bytes received: source rows \1, state digests \2/'
done
python3 - "$data/pgstate-plan-in-database.json" "$data/pgstate-plan-client.json" <<'PY'
import json, sys
a, b = (json.load(open(path)) for path in sys.argv[1:])
differing = [key for key in sorted(set(a) | set(b)) if a.get(key) != b.get(key)]
print("the two plans are", "identical" if not differing else "different in: " + ", ".join(differing))
sys.exit(1 if differing else 0)
PY
"${psql[@]}" -c "DROP SCHEMA attentive_sync_bench CASCADE" -c "DROP SCHEMA attentive_sync_bench_state CASCADE"
