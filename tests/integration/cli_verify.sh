#!/usr/bin/env bash
# Drives `trustfund verify` of the real binary on statement directories written by the statements
# unit tests (test case "writes a verifiable statement directory", with
# TRUSTFUND_VERIFY_FIXTURE_DIR set): the good chain passes, stock OpenSSL accepts its signatures
# as docs/statements.md says, a changed file fails naming it, and a statement signed by one
# custodian only — which OpenSSL accepts — fails. No data directory is needed or opened.
#
# The test binary is found next to the trustfund binary (BUILD/tests/statements_tests), or given
# as $TRUSTFUND_STATEMENTS_TESTS.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/cli_support.bash"
tf=${1:?usage: cli_verify.sh path/to/trustfund}
tf=$(cd "$(dirname "$tf")" && pwd)/$(basename "$tf")  # the tests run in a temporary directory
tests_bin=${TRUSTFUND_STATEMENTS_TESTS:-$(dirname "$tf")/tests/statements_tests}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
ossl_verify() { # the stock command of docs/statements.md, run in the statement directory
  (cd "$1" && openssl cms -verify -binary -inform DER -in manifest.p7s -content manifest.json \
    -CAfile custodians.pem -purpose any -out /dev/null)
}

if [ ! -x "$tests_bin" ]; then
  echo "cli_verify.sh: $tests_bin not found (build statements_tests, or set TRUSTFUND_STATEMENTS_TESTS)"
  exit 1
fi
fx=$work/fixture
TRUSTFUND_VERIFY_FIXTURE_DIR=$fx "$tests_bin" "writes a verifiable statement directory" >"$work/gen" 2>&1 \
  || { cat "$work/gen"; fail "the unit test binary wrote the fixture"; }
for f in 2026-09/manifest.json 2026-10/manifest.p7s 2026-10/custodians.pem unit-proof.json \
  2026-10-one-signer/manifest.p7s; do
  [ -f "$fx/$f" ] && pass || fail "fixture has $f"
done

# No data directory: point TRUSTFUND_DATA somewhere that does not exist; it must stay so.
export TRUSTFUND_DATA=$work/no-such-data-dir

# --- help and usage ---
expect 0 "verify --help" -- "$tf" verify --help
has "$work/out" "openssl cms -verify -binary -inform DER" "help gives the stock openssl command"
has "$work/out" "owners_committee and the manager" "help says whose signatures count"
expect 2 "verify without a directory is a usage error" -- "$tf" verify
expect 2 "verify with two directories is a usage error" -- "$tf" verify "$fx/2026-10" "$fx/2026-09"
expect 2 "verify refuses an unknown option" -- "$tf" verify "$fx/2026-10" --prior "$fx/2026-09"

# --- the good chain ---
expect 0 "verify the October statement" -- "$tf" verify "$fx/2026-10"
has "$work/out" "ok   files present" "ok line for the files"
has "$work/out" "ok   SHA-256 of statement.html matches the manifest" "ok line per file"
has "$work/out" "ok   signed by exactly the owners_committee and manager custodians" "ok line for the signers"
has "$work/out" "OK: all " "summary line"
lacks "$work/out" "FAILED" "no FAILED line for the good statement"
expect 0 "verify with --previous and --proof" -- "$tf" verify "$fx/2026-10" --previous "$fx/2026-09" \
  --proof "$fx/unit-proof.json"
has "$work/out" "ok   chain: previous_manifest_sha256 is the SHA-256 of the previous manifest.json" "chain"
has "$work/out" "ok   journal continues the previous statement's tree" "journal"
has "$work/out" "ok   resident leaf is included in the resident tree" "resident proof"
has "$work/out" "ok   previous: manifest.p7s signatures verify over manifest.json" "previous signatures"
expect 0 "verify --json" -- "$tf" verify "$fx/2026-10" --json
has "$work/out" '"failed":0,"ok":true}' "JSON summary"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["ok"] and all(c["ok"] for c in d["checks"])' \
  "$work/out" && pass || fail "--json is valid JSON with every check ok"
expect 0 "the first statement verifies alone" -- "$tf" verify "$fx/2026-09"
[ -e "$TRUSTFUND_DATA" ] && fail "verify created a data directory" || pass

# --- stock OpenSSL, as docs/statements.md tells anyone ---
if ossl_verify "$fx/2026-10"; then pass; else fail "openssl cms -verify accepts the good statement"; fi
(cd "$fx/2026-10" && sha256sum statement.json statement.html entries.csv custodians.json) >"$work/sums"
while read -r sum name; do
  if grep -qF "{\"name\":\"$name\",\"sha256\":\"$sum\"}" "$fx/2026-10/manifest.json"; then pass
  else fail "sha256sum of $name is in manifest.json"; fi
done <"$work/sums"

# --- one custodian only: OpenSSL accepts it, trustfund verify does not ---
if ossl_verify "$fx/2026-10-one-signer"; then pass; else fail "openssl accepts a lone signer (as documented)"; fi
expect 1 "a statement signed by one custodian only fails" -- "$tf" verify "$fx/2026-10-one-signer"
no_stdout "a failed check prints its report on standard error only"
has "$work/err" "FAILED signed by exactly the owners_committee and manager custodians: signed by one custodian only" \
  "the FAILED line says only one custodian signed"
has "$work/err" "missing the signature of the manager custodian" "it names the missing custodian"
has "$work/err" "FAILED: 1 of " "summary counts the failure"

# --- tampering ---
cp -r "$fx/2026-10" "$work/tampered"
sed -i 's/月度报告/月度报表/' "$work/tampered/statement.html"
cmp -s "$fx/2026-10/statement.html" "$work/tampered/statement.html" && fail "sed changed statement.html" || pass
expect 1 "a changed statement.html fails" -- "$tf" verify "$work/tampered"
no_stdout "a failed check prints its report on standard error only"
has "$work/err" "FAILED SHA-256 of statement.html matches the manifest: statement.html has SHA-256" \
  "the FAILED line names the file"
has "$work/err" "ok   manifest.p7s signatures verify over manifest.json" "the signature itself still holds"
if ossl_verify "$work/tampered"; then pass; else fail "openssl still accepts the signature (it covers manifest.json)"; fi

cp -r "$fx/2026-10" "$work/tampered-manifest"
sed -i 's/"kind":"month"/"kind":"year"/' "$work/tampered-manifest/manifest.json"
expect 1 "a changed manifest.json fails" -- "$tf" verify "$work/tampered-manifest"
no_stdout "a failed check prints its report on standard error only"
has "$work/err" "FAILED manifest.p7s signatures verify over manifest.json" "the signature check fails"
if ossl_verify "$work/tampered-manifest" 2>/dev/null; then fail "openssl accepted a changed manifest.json"; else pass; fi

expect 1 "the wrong previous statement breaks the chain" -- "$tf" verify "$fx/2026-10" --previous "$fx/2026-10"
no_stdout "a failed check prints its report on standard error only"
has "$work/err" "FAILED chain: previous_manifest_sha256 is the SHA-256 of the previous manifest.json" "chain line"

echo "cli_verify: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
