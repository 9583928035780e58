#!/usr/bin/env bash
# One pinned bid-submission run against one binary, for A/B comparisons between builds
# (docs/performance.md, rounds 13 and 14). Prints wrk's result line and `perf stat` over the
# server: CPU time, context switches and its pwrite, fdatasync and pread calls.
#
#   flock /tmp/procura-cpu.lock bench/probe_submit.sh BINARY DB INPUTS [SECONDS]
#
# BINARY is a procura executable (copy each build aside, e.g. /tmp/procura-A); DB and INPUTS come
# from `procura generate … --bench-out INPUTS`. Each run takes 200,000 fresh (supplier, tender)
# pairs from INPUTS/next_pair (2 s of warm-up, then SECONDS, default 8, measured). Alternate the
# binaries (A B B A) and compare CPU a bid as well as bids/s: the host drifts.
# Knobs: SCENARIO (default submit_bid), PAIR_ORDER (see scenario.lua), PERF_COMMAND (replaces `perf stat`; $PID is the server).
# Needs wrk and perf (Debian: wrk, linux-perf), as a developer's tool beside bench/run.sh.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=$1 DB=$2 INPUTS=$3 SECONDS_MEASURED=${4:-8}
PORT=$((20000 + RANDOM % 40000))
taskset -c 1 "$BIN" serve --db "$DB" --port "$PORT" --threads 1 >/tmp/probe-server.log 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null || true' EXIT
until curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/healthz"; do sleep 0.05; done
START=$(cat "$INPUTS/next_pair" 2>/dev/null || echo 0)
echo $((START + 200000)) > "$INPUTS/next_pair"
run_wrk() {
  env SCENARIO="${SCENARIO:-submit_bid}" INPUTS="$INPUTS" PAIR_START="$1" taskset -c 0 \
    wrk -t1 -c32 --timeout 5s -s "$ROOT/bench/scenario.lua" -d"$2" "http://127.0.0.1:$PORT/"
}
run_wrk "$START" 2s >/dev/null
eval "exec ${PERF_COMMAND:-perf stat -p \$PID -e task-clock,context-switches,syscalls:sys_enter_pwrite64,syscalls:sys_enter_fdatasync,syscalls:sys_enter_pread64 -o /tmp/probe-perf.txt}" &
PERF=$!
sleep 0.3
run_wrk $((START + 100000)) "${SECONDS_MEASURED}s" | grep -E 'WRK_RESULT|Requests/sec'
kill -INT $PERF
wait $PERF || true
kill -TERM $PID
wait $PID || true
trap - EXIT
cat /tmp/probe-perf.txt 2>/dev/null || true
