#!/usr/bin/env bash
# Statements published by an earlier trustfund keep verifying: tests/fixtures/published-2026 holds
# four months (2026-06..09), the 2026-Q3 view and two resident proofs of unit 1-1-0101, exported by
# trustfund 0.1.0 at commit 4fd08e0 from `trustfund demo --units 60 --months 6`. The files are
# never rewritten; a change to the readers of manifest.json, statement.json, custodians.json or a
# proof that refuses them fails here. Stock OpenSSL checks the same signatures.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/cli_support.bash"
tf=${1:?usage: cli_published.sh path/to/trustfund}
tf=$(cd "$(dirname "$tf")" && pwd)/$(basename "$tf")
fx=$(cd "$(dirname "${BASH_SOURCE[0]}")/../fixtures/published-2026" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
export TRUSTFUND_DATA=$work/no-such-data-dir

for m in 2026-06 2026-07 2026-08 2026-09; do
  expect 0 "$m verifies" -- "$tf" verify "$fx/$m"
  has "$work/out" "OK: all" "$m: every check passed"
done
expect 0 "2026-07 chains to 2026-06, with the owner's proof" -- \
  "$tf" verify "$fx/2026-07" --previous "$fx/2026-06" --proof "$fx/proof-2026-07-1-1-0101.json"
has "$work/out" "ok   resident leaf is included in the resident tree (index 0 of 60)" "month proof"
expect 0 "the 2026-Q3 view verifies with its months and the owner's proof" -- \
  "$tf" verify "$fx/2026-Q3" --month "$fx/2026-07" --month "$fx/2026-08" --month "$fx/2026-09" \
  --proof "$fx/proof-2026-Q3-1-1-0101.json"
has "$work/out" "ok   every month given is one the view names" "view months"
for d in 2026-06 2026-09 2026-Q3; do
  if (cd "$fx/$d" && openssl cms -verify -binary -inform DER -in manifest.p7s \
    -content manifest.json -CAfile custodians.pem -purpose any -out /dev/null 2>/dev/null); then
    pass
  else
    fail "stock openssl verifies $d"
  fi
done
[ ! -e "$TRUSTFUND_DATA" ] && pass || fail "verify created a data directory"

echo "cli_published: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
