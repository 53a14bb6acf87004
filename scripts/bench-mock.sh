# Sourced by the sending benchmarks: the release build, and attentive-mock with 30–50 ms latency.
# start_mock ARGS… starts one (its extra flags ARGS) and sets ATTENTIVE_API_URL; stop_mock stops it.
shared=${SHARED:-../shared}
data=bench-data
mkdir -p "$data"
bin=$(swift build -c release --show-bin-path)
[ -x "$bin/attentive-sync" ] || swift build -c release >/dev/null
export ATTENTIVE_API_KEY=bench-key

mock_pid=""
start_mock() {
  local log; log=$(mktemp)
  "$bin/attentive-mock" --port 0 --latency-ms 30 --latency-jitter-ms 20 "$@" >"$log" 2>/dev/null &
  mock_pid=$!
  for _ in $(seq 100); do grep -q listening "$log" && break; sleep 0.1; done
  ATTENTIVE_API_URL=$(grep -o 'http://[^ ]*' "$log" | head -n1); export ATTENTIVE_API_URL
  rm -f "$log"
}
stop_mock() { kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true; }
trap stop_mock EXIT
