#!/usr/bin/env bash
# The benchmark: `plan` over a generated export (default 1,000,000 rows), timed with peak memory,
# side by side with the hand-written Python anchor (../shared/bench/anchors/py_plan.py) on the same file.
#   cold: empty state (every record a create)   nightly: state baselined from day 0, plan of day 1
#   baseline of day 0, and `plan` and `run` of an unchanged export (day 0 again)
# Then the PostgreSQL connector on the same rows, and cold and day-1 plans from the table (see below).
# ROWS=N overrides the size; SHARED=path points at the shared folder; POSTGRES_URL a server to use;
# ONLY=postgres skips the Python anchor and the nightly run (the cold CSV plan stays, for the ratio).
set -euo pipefail
rows=${ROWS:-1000000}
shared=${SHARED:-../shared}
data=bench-data
mkdir -p "$data"
[ -f "$data/day0-$rows.csv" ] || python3 "$shared/bench/gen_customers.py" "$rows" "$data/day0-$rows.csv"
[ -f "$data/day1-$rows.csv" ] || python3 "$shared/bench/gen_customers.py" "$rows" "$data/day1-$rows.csv" --day 1
swift build -c release >/dev/null
bin=$(swift build -c release --show-bin-path)

measure() { # label, command… → "label seconds peak_MiB"; EXIT_OK=1 accepts exit status 1 too (rows rejected)
  local label=$1; shift
  local log; log=$(mktemp)
  local status=0
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || status=$?
  if [ "$status" -ne 0 ] && ! { [ "$status" -eq 1 ] && [ "${EXIT_OK:-}" = 1 ]; }; then cat "$log" >&2; exit 1; fi
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  rm -f "$log"
  printf '%-34s %8.2f s %8.0f MiB\n' "$label" "$wall" "$(awk "BEGIN { print $rss / 1024 }")"
  echo "$wall" >"$data/.last"
}

run_plan() { # day, state
  cp "$data/$1-$rows.csv" "$data/customers.csv"
  measure "attentive-sync plan ($1)" "$bin/attentive-sync" plan bench/customers-1m.json --state "$2" --format json --output /dev/null
}

echo "rows: $rows"
rm -rf "$data"/state*.sqlite* "$data"/py-state*.sqlite
run_plan day0 "$data/state-cold.sqlite"; ours_cold=$(cat "$data/.last")
if [ "${ONLY:-}" != postgres ]; then
measure "py_plan.py (cold)" python3 "$shared/bench/anchors/py_plan.py" "$data/day0-$rows.csv" "$data/py-state.sqlite"; py_cold=$(cat "$data/.last")

cp "$data/day0-$rows.csv" "$data/customers.csv"
measure "attentive-sync baseline (day0)" "$bin/attentive-sync" baseline bench/customers-1m.json --state "$data/state-nightly.sqlite"
ours_baseline=$(cat "$data/.last")
run_plan day1 "$data/state-nightly.sqlite"; ours_nightly=$(cat "$data/.last")
measure "py_plan.py (day1, warm state)" python3 "$shared/bench/anchors/py_plan.py" "$data/day1-$rows.csv" "$data/py-state.sqlite"; py_nightly=$(cat "$data/.last")

# An unchanged export (day 0 again): `plan`, then `run`, which has nothing to send (no API is
# called), each on its own copy of the baselined state.
cp "$data/day0-$rows.csv" "$data/customers.csv"
cp "$data/state-nightly.sqlite" "$data/state-unchanged-plan.sqlite"
cp "$data/state-nightly.sqlite" "$data/state-unchanged-run.sqlite"
measure "attentive-sync plan (unchanged)" "$bin/attentive-sync" plan bench/customers-1m.json \
  --state "$data/state-unchanged-plan.sqlite" --format json --output /dev/null; ours_unchanged=$(cat "$data/.last")
EXIT_OK=1 ATTENTIVE_API_KEY=unused measure "attentive-sync run (unchanged)" "$bin/attentive-sync" run bench/customers-1m.json \
  --state "$data/state-unchanged-run.sqlite"; ours_run=$(cat "$data/.last")

printf 'ratio py_plan / attentive-sync (above 1 is faster): cold %.2f, nightly %.2f (target at least 10)\n' \
  "$(awk "BEGIN { print $py_cold / $ours_cold }")" "$(awk "BEGIN { print $py_nightly / $ours_nightly }")"
printf 'baseline / cold plan %.2f (target at most 1.20); run / plan of an unchanged export %.2f (target at most 1.20)\n' \
  "$(awk "BEGIN { print $ours_baseline / $ours_cold }")" "$(awk "BEGIN { print $ours_run / $ours_unchanged }")"
fi

# PostgreSQL: the same day-0 rows in a table (POSTGRES_URL, else a throwaway cluster).
#   connector alone: `attentive-sync stream-source` (COPY through libpq into cells, no planning)
#                    beside psql's \copy of the same query to /dev/null; at SMALL_ROWS and all rows
#   plan:            `plan` from the table beside `plan` from the CSV (cold state, same mapping)
small=${SMALL_ROWS:-100000}
source scripts/bench-postgres-server.sh
psql=(psql "$pg_url" -X -q -v ON_ERROR_STOP=1)
"${psql[@]}" -c "DROP SCHEMA IF EXISTS attentive_sync_bench CASCADE" -c "CREATE SCHEMA attentive_sync_bench" 2>/dev/null
{ echo "SET search_path TO attentive_sync_bench;"; scripts/customers-sql.py --schema-only; } | "${psql[@]}"
"${psql[@]}" -c "\copy attentive_sync_bench.customers from '$data/day0-$rows.csv' csv header"
"${psql[@]}" -c "VACUUM ANALYZE attentive_sync_bench.customers"
sed "s/FROM attentive_sync_bench.customers\"/FROM attentive_sync_bench.customers LIMIT $small\"/" \
  bench/customers-1m-postgres.json >"$data/customers-small-postgres.json"
query="SELECT * FROM attentive_sync_bench.customers"

best() { # label, command… → the faster of two runs (the server's cache is warm for both)
  local label=$1; shift
  measure "$label" "$@" >/dev/null; local first; first=$(cat "$data/.last")
  measure "$label" "$@"; local second; second=$(cat "$data/.last")
  awk "BEGIN { print ($first < $second ? $first : $second) }" >"$data/.last"
}
echo
best "psql \\copy to /dev/null ($small)" "${psql[@]}" -c "\copy ($query LIMIT $small) to '/dev/null' csv"
best "stream-source ($small)" "$bin/attentive-sync" stream-source "$data/customers-small-postgres.json"
best "psql \\copy to /dev/null ($rows)" "${psql[@]}" -c "\copy ($query) to '/dev/null' csv"; psql_all=$(cat "$data/.last")
best "stream-source ($rows)" "$bin/attentive-sync" stream-source bench/customers-1m-postgres.json; stream_all=$(cat "$data/.last")
rm -f "$data/state-pg.sqlite"
measure "attentive-sync plan (postgres, cold)" "$bin/attentive-sync" plan bench/customers-1m-postgres.json \
  --state "$data/state-pg.sqlite" --format json --output /dev/null; plan_pg=$(cat "$data/.last")
printf 'connector speed / psql: %.2f (target at least 0.70); plan postgres / plan csv, cold: %.2f (target at most 1.50)\n' \
  "$(awk "BEGIN { print $psql_all / $stream_all }")" "$(awk "BEGIN { print $plan_pg / $ours_cold }")"
if [ "${ONLY:-}" != postgres ]; then
  # Day 1 from the table, against a state baselined from the table's day 0.
  measure "attentive-sync baseline (postgres)" "$bin/attentive-sync" baseline bench/customers-1m-postgres.json --state "$data/state-pg.sqlite"
  "${psql[@]}" -c "TRUNCATE attentive_sync_bench.customers" -c "\copy attentive_sync_bench.customers from '$data/day1-$rows.csv' csv header"
  "${psql[@]}" -c "VACUUM ANALYZE attentive_sync_bench.customers"
  measure "attentive-sync plan (postgres, day1)" "$bin/attentive-sync" plan bench/customers-1m-postgres.json \
    --state "$data/state-pg.sqlite" --format json --output /dev/null; plan_pg_nightly=$(cat "$data/.last")
  printf 'plan postgres / plan csv, nightly: %.2f (target at most 1.50)\n' "$(awk "BEGIN { print $plan_pg_nightly / $ours_nightly }")"
fi
"${psql[@]}" -c "DROP SCHEMA attentive_sync_bench CASCADE"
echo
ROWS=$rows SHARED=$shared scripts/bench-catalog.sh
echo
SHARED=$shared scripts/bench-events.sh
echo
ROWS=$rows SHARED=$shared scripts/bench-reports.sh
echo
SHARED=$shared scripts/bench-sender.sh

echo
SHARED=$shared scripts/bench-bulk.sh
echo
SHARED=$shared scripts/bench-postgres-state.sh
