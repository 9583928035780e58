#!/usr/bin/env bash
# Fetches /openapi.json from a real server and lints it with Spectral's OpenAPI ruleset.
# Fails on any error-severity finding.
set -euo pipefail
binary=$1
root=$2
spectral="$root/tools/openapi-lint/node_modules/.bin/spectral"
[[ -x "$spectral" ]] || { echo "spectral is not installed: run scripts/test (npm ci in tools/openapi-lint)"; exit 1; }
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
"$binary" init --db "$work/p.db" --token-file "$work/t" >/dev/null
"$binary" serve --db "$work/p.db" --port 0 --port-file "$work/port" >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do [[ -s "$work/port" ]] && break; sleep 0.05; done
port=$(cat "$work/port")
curl -sf "http://127.0.0.1:$port/openapi.json" -o "$work/openapi.json"
cd "$root/tools/openapi-lint"
"$spectral" lint --ruleset "$root/tools/openapi-lint/.spectral.yaml" --fail-severity error "$work/openapi.json"
