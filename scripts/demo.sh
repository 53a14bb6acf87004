#!/usr/bin/env bash
# The demo: start attentive-mock on a free loopback port, then against it
#   1. plan mappings/customers.json (custom attributes, a TEXT subscription, identity links)
#   2. run it, writing the HTML report to .attentive-sync/demo-report.html (and, when Chromium
#      is installed, a screenshot of it to .attentive-sync/demo-report.png)
#   3. upload the sample catalog (mappings/catalog.json)
# and stop the mock. Run it twice: the second time nothing is left to send. The samples hold a
# few broken rows on purpose; they are reported and skipped, and the demo counts them as expected.
set -euo pipefail
bin=$(swift build --show-bin-path)
mkdir -p .attentive-sync
state=.attentive-sync/demo.sqlite
report=.attentive-sync/demo-report.html
log=$(mktemp)
"$bin/attentive-mock" --port 0 >"$log" 2>/dev/null &
mock=$!
trap 'kill $mock 2>/dev/null; wait $mock 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q listening "$log" && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$log" | head -n1)
[ -n "$url" ] || { echo "attentive-mock did not start" >&2; exit 1; }
export ATTENTIVE_API_URL=$url ATTENTIVE_API_KEY=demo-key

# Runs attentive-sync; exit status 1 is fine when no change failed (only the sample's deliberate
# rejects), anything else stops the demo.
sync() {
  local out status=0
  out=$("$bin/attentive-sync" "$@" --state "$state" 2>&1) || status=$?
  printf '%s\n' "$out"
  if [ "$status" -eq 1 ] && grep -q ', failed 0' <<<"$out"; then status=0; fi
  [ "$status" -eq 0 ] || { echo "(attentive-sync $1 exited $status)" >&2; exit "$status"; }
}

echo "== attentive-mock at $url"
echo
echo "== attentive-sync plan mappings/customers.json --limit 3"
"$bin/attentive-sync" plan mappings/customers.json --state "$state" --limit 3 2>/dev/null
echo
# --first-run: the mock starts empty, so subscribing everyone who opted in texts no one twice.
# Against a real account that already has subscribers, `baseline` comes first (see the README).
echo "== attentive-sync run mappings/customers.json --first-run --report $report"
sync run mappings/customers.json --first-run --report "$report"
echo
echo "== attentive-sync run mappings/catalog.json"
sync run mappings/catalog.json
echo
stats=$(curl -s "${url%/v1}/_mock/stats")
echo "== the mock received: $stats"
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$chromium" ]; then
  "$chromium" --headless --no-sandbox --disable-gpu --window-size=1200,1600 --screenshot="${report%.html}.png" \
    "file://$PWD/$report" >/dev/null 2>&1 && echo "== the report: $report (screenshot: ${report%.html}.png)"
else
  echo "== the report: $report (open it in a browser)"
fi
echo "The samples hold a few broken rows on purpose (missing or invalid phones, products without a"
echo "price): they are the rejected rows above, reported with their lines and skipped."
if grep -q '"requests":{}' <<<"$stats"; then
  echo "Nothing was sent this time: the state ($state) already holds every change. Delete it to start over."
else
  echo "Run 'make demo' again: the state remembers what was sent, so nothing is left to send."
fi
