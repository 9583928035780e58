#!/usr/bin/env bash
# Exports every demo tender as OCDS and validates each package with the official schema
# (../shared/ocds/validate.py, offline). Any error fails.
set -euo pipefail
binary=$1
root=$2
validator="$root/../shared/ocds/validate.py"
[[ -f "$validator" ]] || { echo "the OCDS validator is missing: expected $validator (shared/ beside the project)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$binary" init --db "$work/p.db" --token-file "$work/t" >/dev/null
"$binary" load-demo --db "$work/p.db" >/dev/null
"$binary" export-ocds --db "$work/p.db" --out "$work/ocds" 2>/dev/null
# And as a publisher with its own prefix and public address would publish it.
"$binary" export-ocds --db "$work/p.db" --out "$work/ocds-configured" --ocid-prefix ocds-x7k2p9 \
  --publisher-name "上海市禁毒办" --public-url https://procura.example.gov.cn 2>/dev/null
failed=0
count=0
for file in "$work"/ocds/releases.json "$work"/ocds/records/*.json "$work"/ocds-configured/releases.json \
  "$work"/ocds-configured/records/*.json; do
  count=$((count + 1))
  if ! python3 "$validator" "$file" >"$work/out.txt" 2>&1; then
    echo "INVALID: ${file#"$work"/}"; cat "$work/out.txt"; failed=1
  fi
done
[[ $count -ge 5 ]] || { echo "expected at least 5 packages, found $count"; exit 1; }
[[ $failed -eq 0 ]] || exit 1
echo "all $count OCDS packages are valid"
