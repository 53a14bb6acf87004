#!/usr/bin/env bash
# The nightly plan at scale: `baseline` of day 0, then `plan` of day 1, at ROWS (default
# 10,000,000) and at 1,000,000 rows, in one run, with the six-attribute mapping of `make bench`.
# Targets: the large plan takes at most 11× the 1M one, with a peak RSS of at most 1 GiB.
# The exports are generated once, outside the timed part (about 3 minutes each at 10M rows).
set -euo pipefail
rows=${ROWS:-10000000}
shared=${SHARED:-../shared}
data=bench-data
mkdir -p "$data"
for size in 1000000 "$rows"; do
  [ -f "$data/day0-$size.csv" ] || python3 "$shared/bench/gen_customers.py" "$size" "$data/day0-$size.csv"
  [ -f "$data/day1-$size.csv" ] || python3 "$shared/bench/gen_customers.py" "$size" "$data/day1-$size.csv" --day 1
done
swift build -c release >/dev/null
bin=$(swift build -c release --show-bin-path)

measure() { # label, command… → prints "label seconds peak_MiB", leaves "seconds MiB" in $data/.last
  local label=$1; shift
  local log; log=$(mktemp)
  /usr/bin/time -f "%e %M" "$@" >/dev/null 2>"$log" || { cat "$log" >&2; exit 1; }
  local wall rss
  read -r wall rss < <(tail -1 "$log")
  rm -f "$log"
  printf '%-40s %8.2f s %8.0f MiB\n' "$label" "$wall" "$(awk "BEGIN { print $rss / 1024 }")"
  echo "$wall $(awk "BEGIN { print $rss / 1024 }")" >"$data/.last"
}

nightly() { # rows → the day-1 plan's "seconds MiB"
  rm -rf "$data"/state-scale.sqlite*
  cp "$data/day0-$1.csv" "$data/customers.csv"
  measure "attentive-sync baseline (day0, $1)" "$bin/attentive-sync" baseline bench/customers-1m.json --state "$data/state-scale.sqlite"
  cp "$data/day1-$1.csv" "$data/customers.csv"
  measure "attentive-sync plan (day1, $1)" "$bin/attentive-sync" plan bench/customers-1m.json \
    --state "$data/state-scale.sqlite" --format json --output /dev/null
}

echo "rows: 1000000 and $rows"
nightly 1000000; read -r small_time _ <"$data/.last"
nightly "$rows"; read -r large_time large_rss <"$data/.last"
rm -rf "$data"/state-scale.sqlite*
printf 'day-1 plan, %s rows / 1000000 rows: %.2f× the time (target at most %.0f), peak %.0f MiB (target at most 1024)\n' \
  "$rows" "$(awk "BEGIN { print $large_time / $small_time }")" "$(awk "BEGIN { print 11 * $rows / 10000000 }")" "$large_rss"
