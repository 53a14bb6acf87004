#!/usr/bin/env bash
# Bulk vs single sending (part of `make bench`): a cold run of custom attributes and identity
# links (clientUserId) against attentive-mock at the documented limits, with 30–50 ms latency.
#   bulk    BULK_ROWS (100,000) customers, --send-mode bulk: 256 people a POST /v2/bulk/user/attributes
#           (100/s), each job looked at as the others go out (GET /v2/bulk/job/{id}, a budget of its
#           own, 100/s); the mock completes a job at its first look (Attentive takes up to hours,
#           which a run waits for with --bulk-wait: not the sender's speed)
#   single  SINGLE_ROWS (1,000) of the same customers, --send-mode single: a request per record,
#           identity links at 10/s; its time for BULK_ROWS is projected at its measured efficiency
#           (at 10/s, 100,000 identity links take 2.8 hours)
# Allowed = the time the documented limits allow for the requests each mode sent.
set -euo pipefail
bulk_rows=${BULK_ROWS:-100000}
single_rows=${SINGLE_ROWS:-1000}
. scripts/bench-mock.sh
[ -f "$data/bulk-$bulk_rows.csv" ] || python3 "$shared/bench/gen_customers.py" "$bulk_rows" "$data/bulk-$bulk_rows.csv"

run_mode() { # mode rows → bench-data/bulk-MODE.{prom,stats.json}
  local mode=$1 rows=$2 state="$data/bulk-$1.sqlite"
  rm -rf "$state" "$state".*
  head -n $((rows + 1)) "$data/bulk-$bulk_rows.csv" >"$data/bulk.csv"
  start_mock --bulk-job-polls 1
  "$bin/attentive-sync" run bench/bulk-users.json --state "$state" --first-run --send-mode "$mode" \
    --metrics-file "$data/bulk-$mode.prom" >"$data/bulk-$mode.log" 2>&1 || [ $? -eq 1 ] # 1: rows with broken phones, as generated
  curl -s "${ATTENTIVE_API_URL%/v1}/_mock/stats" >"$data/bulk-$mode-stats.json"
  stop_mock
}

echo "bulk vs single: cold run of custom attributes + identity links, attentive-mock at the documented limits, 30–50 ms latency"
run_mode bulk "$bulk_rows"
run_mode single "$single_rows"
python3 - "$data" "$bulk_rows" "$single_rows" <<'PY'
import json, re, sys
data, bulk_rows, single_rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def metric(mode, name):
    for line in open(f"{data}/bulk-{mode}.prom"):
        m = re.match(r'^(\w+)(\{[^}]*\})? (\S+)$', line.strip())
        if m and m.group(1) == name: return float(m.group(3))
    raise SystemExit(f"{name} missing from {data}/bulk-{mode}.prom")
def requests(mode):
    return json.load(open(f"{data}/bulk-{mode}-stats.json"))["requests"]
limits = {"POST /v2/bulk/user/attributes": 100, "GET /v2/bulk/job/{bulkJobId}": 100,
          "POST /attributes/custom": 150, "POST /identity-resolution/user-identifiers": 10}
def allowed(reqs):  # each endpoint has its own budget, spent side by side
    return max(n / limits[e] for e, n in reqs.items())
bulk, single = requests("bulk"), requests("single")
bulk_send, single_send = metric("bulk", "attentive_sync_send_duration_seconds"), metric("single", "attentive_sync_send_duration_seconds")
bulk_allowed, single_allowed = allowed(bulk), allowed(single)
scale = bulk_rows / single_rows
single_projected = single_send * scale
print(f"bulk    {bulk_rows:>7} customers  requests {sum(bulk.values()):>7} ({', '.join(f'{e} {n}' for e, n in sorted(bulk.items()))})")
print(f"        send {bulk_send:8.1f} s   allowed {bulk_allowed:8.1f} s   efficiency {bulk_allowed / bulk_send:5.3f}")
print(f"single  {single_rows:>7} customers  requests {sum(single.values()):>7}  send {single_send:8.1f} s   allowed {single_allowed:8.1f} s   "
      f"efficiency {single_allowed / single_send:5.3f}")
print(f"        projected to {bulk_rows} customers: requests {int(sum(single.values()) * scale)}, send {single_projected:8.0f} s "
      f"(allowed {single_allowed * scale:8.0f} s)")
print(f"bulk / single for {bulk_rows} customers: requests 1/{sum(single.values()) * scale / sum(bulk.values()):.0f}, "
      f"send time 1/{single_projected / bulk_send:.0f}")
PY
