#!/usr/bin/env bash
# Checks that docs/api.md is what scripts/api_guide.py makes of the /openapi.json a real server
# returns, so that the API guide cannot drift from the route table and the schemas.
# Usage: api_guide_check.sh PROCURA_BINARY ROOT
set -euo pipefail
binary=$1
root=$2
work=$(mktemp -d)
pid=
trap 'if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
"$binary" init --db "$work/p.db" --token-file "$work/t" >/dev/null
"$binary" serve --db "$work/p.db" --port 0 --port-file "$work/port" >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do [[ -s "$work/port" ]] && break; sleep 0.05; done
if [[ ! -s "$work/port" ]]; then
  echo "the server did not start:"
  cat "$work/log"
  exit 1
fi
port=$(cat "$work/port")
curl -sf "http://127.0.0.1:$port/openapi.json" -o "$work/openapi.json"
python3 "$root/scripts/api_guide.py" "$work/openapi.json" >"$work/api.md"
if ! diff -u "$root/docs/api.md" "$work/api.md"; then
  echo "docs/api.md is stale: run scripts/update-api-guide"
  exit 1
fi
echo "docs/api.md matches the served /openapi.json"
