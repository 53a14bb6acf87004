# Sourced by the benchmarks: `measure LABEL COMMAND…` runs the command under /usr/bin/time,
# prints "label wall_seconds cpu_seconds peak_MiB" (CPU: user + system, steadier on a shared
# machine) and leaves the wall seconds in $data/.last. A failing command stops the benchmark with
# its output; with EXIT_OK=1, exit status 1 (rows rejected on purpose) counts as success.
measure() {
  local label=$1; shift
  local log; log=$(mktemp)
  local status=0
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || status=$?
  if [ "$status" -ne 0 ] && ! { [ "$status" -eq 1 ] && [ "${EXIT_OK:-}" = 1 ]; }; then cat "$log" >&2; exit 1; fi
  local wall cpu rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  cpu=$(awk -F': ' '/User time|System time/ {sum += $2} END {print sum}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  rm -f "$log"
  printf '%-40s %8.2f s wall %8.2f s CPU %8.0f MiB\n' "$label" "$wall" "$cpu" "$(awk "BEGIN { print $rss / 1024 }")"
  echo "$wall" >"$data/.last"
}
