#!/usr/bin/env bash
# The events benchmark: planning order lines (default 400,000 orders, about 1,000,000 lines, from
# ../shared/bench/gen_orders.py), timed with peak memory, beside the catalog grouping of the same
# number of rows (scripts/bench-catalog.sh).
#   purchases cold:   empty state: lines grouped into one purchase per order, every purchase a create
#   purchases day1:   state baselined from day 0, `plan` of day 1 (1% new orders appended)
#   custom events:    one event per line, its id derived from (order_id, line); cold and day 1
# ORDERS=N overrides the size; SHARED=path points at the shared folder. Expects a release build
# (scripts/bench.sh makes one).
set -euo pipefail
orders=${ORDERS:-400000}
shared=${SHARED:-../shared}
data=bench-data
mkdir -p "$data"
if [ ! -f "$data/orders-day0-$orders.csv" ]; then
  python3 "$shared/bench/gen_orders.py" "$orders" "$data/orders-day0-$orders.csv"
  python3 "$shared/bench/gen_orders.py" "$orders" "$data/orders-day1-$orders.csv" --day 1
fi
bin=$(swift build -c release --show-bin-path)

EXIT_OK=1
source "$(dirname "$0")/bench-measure.sh"

plan_days() { # label, mapping, state
  rm -rf "$data/$3"*
  cp "$data/orders-day0-$orders.csv" "$data/orders.csv"
  measure "$1 plan (cold)" "$bin/attentive-sync" plan "$2" --state "$data/$3" --format json --output /dev/null
  measure "$1 baseline (day0)" "$bin/attentive-sync" baseline "$2" --state "$data/$3"
  cp "$data/orders-day1-$orders.csv" "$data/orders.csv"
  measure "$1 plan (day1, warm state)" "$bin/attentive-sync" plan "$2" --state "$data/$3" --format json --output /dev/null
}

echo "order lines: $(( $(wc -l <"$data/orders-day0-$orders.csv") - 1 )) ($orders orders)"
plan_days purchases bench/events-1m.json events-state.sqlite
plan_days "custom events" bench/custom-events-1m.json custom-events-state.sqlite
