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

measure() { # label, command… → "label wall_seconds cpu_seconds peak_MiB"; exit status 1 (rejected rows) is expected
  local label=$1; shift
  local log; log=$(mktemp)
  local status=0
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || status=$?
  if [ "$status" -gt 1 ]; then cat "$log" >&2; exit 1; fi
  local wall cpu rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  cpu=$(awk -F': ' '/User time|System time/ {sum += $2} END {print sum}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  rm -f "$log"
  printf '%-34s %8.2f s wall %8.2f s CPU %8.0f MiB\n' "$label" "$wall" "$cpu" "$(awk "BEGIN { print $rss / 1024 }")"
}

plan_days() { # label, mapping, state
  rm -f "$data/$3"*
  cp "$data/orders-day0-$orders.csv" "$data/orders.csv"
  measure "$1 plan (cold)" "$bin/attentive-sync" plan "$2" --state "$data/$3" --format json --output /dev/null
  measure "$1 baseline (day0)" "$bin/attentive-sync" baseline "$2" --state "$data/$3"
  cp "$data/orders-day1-$orders.csv" "$data/orders.csv"
  measure "$1 plan (day1, warm state)" "$bin/attentive-sync" plan "$2" --state "$data/$3" --format json --output /dev/null
}

echo "order lines: $(( $(wc -l <"$data/orders-day0-$orders.csv") - 1 )) ($orders orders)"
plan_days purchases bench/events-1m.json events-state.sqlite
plan_days "custom events" bench/custom-events-1m.json custom-events-state.sqlite
