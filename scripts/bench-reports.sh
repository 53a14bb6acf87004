#!/usr/bin/env bash
# The reports benchmark: a 1,000,000-change plan (a cold plan of ROWS generated customers, every
# row a create) written as text, JSON, ndjson and HTML — wall time, peak memory and size of each.
# ROWS=N overrides the size; SHARED=path points at the shared folder. Expects a release build
# (scripts/bench.sh makes one) and bench-data/day0-ROWS.csv (scripts/bench.sh makes it).
set -euo pipefail
rows=${ROWS:-1000000}
shared=${SHARED:-../shared}
data=bench-data
mkdir -p "$data"
[ -f "$data/day0-$rows.csv" ] || python3 "$shared/bench/gen_customers.py" "$rows" "$data/day0-$rows.csv"
bin=$(swift build -c release --show-bin-path)
cp "$data/day0-$rows.csv" "$data/customers.csv"
. scripts/bench-measure.sh
echo "reports of a cold plan of $rows rows"
for format in text json ndjson html; do
  out="$data/report.$format"
  rm -f "$data/state-reports.sqlite"*
  measure "$format" "$bin/attentive-sync" plan bench/customers-1m.json --state "$data/state-reports.sqlite" \
    --format "$format" --output "$out"
  printf '%-40s %10.1f MiB written, %9d lines\n' "" "$(awk "BEGIN { print $(stat -c %s "$out") / 1048576 }")" "$(wc -l <"$out")"
done
# How long a browser takes to show the HTML report: a headless Chromium screenshot of it.
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$chromium" ]; then
  start=$(date +%s.%N)
  "$chromium" --headless --no-sandbox --disable-gpu --window-size=1200,1600 --screenshot="$data/report.png" \
    "file://$PWD/$data/report.html" >/dev/null 2>&1
  printf 'Chromium screenshot of the HTML report: %.1f s (%s)\n' "$(awk "BEGIN { print $(date +%s.%N) - $start }")" "$data/report.png"
else
  echo "Chromium screenshot of the HTML report: skipped, Chromium is not installed (scripts/system-packages.sh chromium)"
fi
