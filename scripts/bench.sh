#!/usr/bin/env bash
# The benchmark: `plan` over a generated export (default 1,000,000 rows), timed with peak memory,
# side by side with the hand-written Python anchor (../shared/bench/anchors/py_plan.py) on the same file.
#   cold: empty state (every record a create)   nightly: state baselined from day 0, plan of day 1
# ROWS=N overrides the size; SHARED=path points at the shared folder.
set -euo pipefail
rows=${ROWS:-1000000}
shared=${SHARED:-../shared}
data=bench-data
mkdir -p "$data"
if [ ! -f "$data/day0-$rows.csv" ]; then
  python3 "$shared/bench/gen_customers.py" "$rows" "$data/day0-$rows.csv"
  python3 "$shared/bench/gen_customers.py" "$rows" "$data/day1-$rows.csv" --day 1
fi
swift build -c release >/dev/null
bin=$(swift build -c release --show-bin-path)

measure() { # label, command… → "label seconds peak_MiB"
  local label=$1; shift
  local log; log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; exit 1; }
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
rm -f "$data"/state*.sqlite* "$data"/py-state*.sqlite
run_plan day0 "$data/state-cold.sqlite"; ours_cold=$(cat "$data/.last")
measure "py_plan.py (cold)" python3 "$shared/bench/anchors/py_plan.py" "$data/day0-$rows.csv" "$data/py-state.sqlite"; py_cold=$(cat "$data/.last")

cp "$data/day0-$rows.csv" "$data/customers.csv"
"$bin/attentive-sync" baseline bench/customers-1m.json --state "$data/state-nightly.sqlite" >/dev/null
run_plan day1 "$data/state-nightly.sqlite"; ours_nightly=$(cat "$data/.last")
measure "py_plan.py (day1, warm state)" python3 "$shared/bench/anchors/py_plan.py" "$data/day1-$rows.csv" "$data/py-state.sqlite"; py_nightly=$(cat "$data/.last")

printf 'ratio attentive-sync / py_plan: cold %.2f, nightly %.2f (below 1 is faster)\n' \
  "$(awk "BEGIN { print $ours_cold / $py_cold }")" "$(awk "BEGIN { print $ours_nightly / $py_nightly }")"

echo
ROWS=$rows SHARED=$shared scripts/bench-catalog.sh
