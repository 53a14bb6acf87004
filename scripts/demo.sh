#!/usr/bin/env bash
# The demo: start attentive-mock on a free loopback port, plan and run the sample mapping
# against it, print the report and the run summary, stop the mock. Run it twice: the second
# run has nothing left to send.
set -euo pipefail
bin=$(swift build --show-bin-path)
state=.attentive-sync/demo.sqlite
mapping=mappings/customers-attributes.json
log=$(mktemp)
"$bin/attentive-mock" --port 0 >"$log" 2>/dev/null &
mock=$!
trap 'kill $mock 2>/dev/null; wait $mock 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q listening "$log" && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$log" | head -n1)
[ -n "$url" ] || { echo "attentive-mock did not start" >&2; exit 1; }
export ATTENTIVE_API_URL=$url ATTENTIVE_API_KEY=demo-key
echo "== attentive-mock at $url"
echo "== attentive-sync plan $mapping"
"$bin/attentive-sync" plan "$mapping" --state "$state"
echo
echo "== attentive-sync run $mapping"
status=0
"$bin/attentive-sync" run "$mapping" --state "$state" || status=$?
echo
echo "== the mock received: $(curl -s "${url%/v1}/_mock/stats")"
echo "(exit status $status: 1 means some rows were rejected — the generated sample holds a few broken or missing phones on purpose; run 'make demo' again and nothing is left to send)"
