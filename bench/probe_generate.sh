#!/usr/bin/env bash
# One pinned generator run against one binary, for A/B comparisons between builds
# (docs/performance.md, round 14): a fresh database of TENDERS tenders with 10 bids each,
# generated on CPU 1, printing wall and CPU seconds and the bids made.
#
#   flock /tmp/procura-cpu.lock bench/probe_generate.sh BINARY LABEL [TENDERS]
set -euo pipefail
BIN=$1 LABEL=$2 TENDERS=${3:-30000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$BIN" init --db "$WORK/g.db" >/dev/null 2>&1
START=$(date +%s%N)
perf stat -x, -e task-clock -o "$WORK/stat.txt" taskset -c 1 "$BIN" generate --db "$WORK/g.db" \
  --tenders "$TENDERS" --bids-per-tender 10 --contracts $((TENDERS / 100)) --quiet >/dev/null 2>&1
END=$(date +%s%N)
echo "$LABEL wall_s=$(awk -v ns=$((END - START)) 'BEGIN { printf "%.1f", ns / 1e9 }') cpu_ms=$(grep task-clock "$WORK/stat.txt" | cut -d, -f1)" \
  "bids=$(sqlite3 "$WORK/g.db" 'SELECT count(*) FROM bids')"
