#!/usr/bin/env bash
# The sender against attentive-mock with 30–50 ms latency, three ways (part of `make bench`):
#   documented  the mock's limits as documented; a nightly run (day 0 baselined, day 1 sent:
#               attribute updates, subscribes, unsubscribes)
#   halved      the same run, the mock's limits halved (--rate-scale 0.5), the tool not told
#   enterprise  limits ×20 (--rate-scale 20) and the tool told (--rate-limit attributes=3000):
#               a cold run of attribute creates
# One record a request (--send-mode single; scripts/bench-bulk.sh measures bulk jobs).
# Efficiency = ideal time ÷ send time, ideal = max over endpoints of records ÷ the mock's real limit.
# SENDER_ROWS (10,000) sizes the nightly export, ENTERPRISE_ROWS (60,000) the cold one;
# SCENARIOS="halved" runs only those named.
set -euo pipefail
rows=${SENDER_ROWS:-10000}
enterprise_rows=${ENTERPRISE_ROWS:-60000}
. scripts/bench-mock.sh
gen() { [ -f "$2" ] || python3 "$shared/bench/gen_customers.py" "$1" "$2" "${@:3}"; }
gen "$rows" "$data/sender-day0-$rows.csv"
gen "$rows" "$data/sender-day1-$rows.csv" --day 1
gen "$enterprise_rows" "$data/sender-attributes-$enterprise_rows.csv"

# scenario label, mock scale, mapping, plan json, metrics file, mock stats → one line of figures
figures() {
  python3 - "$@" <<'PY'
import json, math, re, sys
label, scale, plan_path, metrics_path, stats_path = sys.argv[1:6]
scale = float(scale)
documented = {"attributes": 150, "subscribe": 10, "unsubscribe": 5, "identity": 10}
def real(limit):
    scaled = limit * scale
    return math.floor(scaled + 0.5) if scaled >= 1 else scaled  # as attentive-mock scales them (2.5 → 3)
counts = json.load(open(plan_path))["counts"]
records = {
    "attributes": sum(counts.get("customAttributes", {}).get(k, 0) for k in ("create", "update", "delete")),
    "subscribe": counts.get("subscriptions", {}).get("create", 0),
    "unsubscribe": counts.get("subscriptions", {}).get("delete", 0),
    "identity": sum(counts.get("identityLinks", {}).get(k, 0) for k in ("create", "update")),
}
ideal = max(n / real(documented[e]) for e, n in records.items() if n)
metrics = {}
for line in open(metrics_path):
    m = re.match(r'^(\w+)\{([^}]*)\} (\S+)$', line.strip())
    if m: metrics.setdefault(m.group(1), []).append((m.group(2), float(m.group(3))))
send = metrics["attentive_sync_send_duration_seconds"][0][1]
lost = sum(v for _, v in metrics.get("attentive_sync_records_failed_total", [])) + \
       sum(v for _, v in metrics.get("attentive_sync_records_not_attempted", []))
stats = json.load(open(stats_path))
total = sum(stats["requests"].values())
attr_rate = records["attributes"] / send
print(f"{label:<11} records {sum(records.values()):>6}  ideal {ideal:7.1f} s  send {send:7.1f} s  "
      f"efficiency {ideal / send:5.3f}  429s {stats['rateLimited']:>5}/{total:<6} = {100 * stats['rateLimited'] / total:5.2f}%  "
      f"lost {int(lost)}  attribute requests/s {attr_rate:7.0f}")
PY
}

scenario() { # label, scale, mapping, day0 csv or "", day1 csv, source copy, extra run args…
  local label=$1 scale=$2 mapping=$3 day0=$4 day1=$5 source=$6; shift 6
  local state="$data/sender-$label.sqlite" metrics="$data/sender-$label.prom"
  rm -rf "$state" "$state".* "$data/sender-$label.log"
  start_mock --rate-scale "$scale"
  if [ -n "$day0" ]; then
    cp "$day0" "$source"
    "$bin/attentive-sync" baseline "$mapping" --state "$state" >/dev/null 2>>"$data/sender-$label.log"
  fi
  cp "$day1" "$source"
  "$bin/attentive-sync" plan "$mapping" --state "$state" --format json --output "$data/sender-$label-plan.json" 2>>"$data/sender-$label.log"
  "$bin/attentive-sync" run "$mapping" --state "$state" --first-run --send-mode single --metrics-file "$metrics" "$@" >>"$data/sender-$label.log" 2>&1 \
    || [ $? -eq 1 ] # 1: the export's rows with broken phones were rejected, as generated
  curl -s "${ATTENTIVE_API_URL%/v1}/_mock/stats" >"$data/sender-$label-stats.json"
  stop_mock
  figures "$label" "$scale" "$data/sender-$label-plan.json" "$metrics" "$data/sender-$label-stats.json"
}

echo "sender: attentive-mock with 30–50 ms latency; nightly run of $rows rows, cold run of $enterprise_rows"
only=${SCENARIOS:-documented halved enterprise}
want() { [[ " $only " == *" $1 "* ]]; }
want documented && scenario documented 1 bench/sender-nightly.json "$data/sender-day0-$rows.csv" "$data/sender-day1-$rows.csv" "$data/sender.csv"
want halved && scenario halved 0.5 bench/sender-nightly.json "$data/sender-day0-$rows.csv" "$data/sender-day1-$rows.csv" "$data/sender.csv"
want enterprise && scenario enterprise 20 bench/sender-attributes.json "" "$data/sender-attributes-$enterprise_rows.csv" "$data/sender-attributes.csv" \
  --rate-limit attributes=3000 --concurrency attributes=256
echo "targets: documented efficiency ≥ 0.95 and 429s < 1%; halved efficiency ≥ 0.9, 429s ≤ 3%, lost 0; enterprise ≥ 2,700 attribute requests/s"
