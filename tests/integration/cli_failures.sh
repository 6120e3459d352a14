#!/usr/bin/env bash
# Every command of the real binary, made to fail: it exits with the status that names the fault,
# prints nothing on standard output (README: a failed command writes nothing; a failed check's
# report goes to standard error), and leaves every file as it was (no file written, none
# half-written, no directory made). The list of commands is `trustfund --help`'s: a command
# without a failing case here fails the test.
#
# The books are a small demo estate (40 units, 2026-08 to 2026-10, closed and published, the
# emergency roof repair RP-0001 settled and in warranty, orders executed) with its demo custodians'
# keys. Where a command could fail after starting its answer, the case makes it fail there:
# log root past the end of the log, cosign after showing who signed, export into a missing
# directory, statement export into a directory holding one of its files, order execute of a paid
# order with --out-dir.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/cli_support.bash"
tf=${1:?usage: cli_failures.sh path/to/trustfund}
tf=$(cd "$(dirname "$tf")" && pwd)/$(basename "$tf")  # the tests run in a temporary directory
work=$(mktemp -d)  # $work/out and $work/err: the last command's output (cli_support.bash)
trap 'rm -rf "$work"' EXIT
root=$work/t  # every file the commands may touch
mkdir "$root" && cd "$root" || exit 1
unset TRUSTFUND_KEY_PASSPHRASE TRUSTFUND_KEY_PIN TRUSTFUND_ACTOR TRUSTFUND_MASTER_KEY \
  TRUSTFUND_MASTER_KEY_FILE
export TRUSTFUND_DATA=$root/data

# --- the books ---
ok() { "$tf" "$@" >"$work/out" 2>"$work/err" </dev/null || { fail "set-up: $*"; cat "$work/err"; }; }
ok init --dev
ok demo --units 40 --months 3
ok statement export --estate sunrise-garden --period 2026-10 --out st
K=$root/data/demo-custodians
echo "sunrise-demo-committee" >committee.pass
echo "sunrise-demo-manager" >manager.pass
echo "not the passphrase at all" >wrong.pass
echo "short" >short.pass
printf '{"amount":"100.00","kind":"test document"}' >doc.json
ok custodian sign --key "$K/committee.key" --cert "$K/committee.pem" --in doc.json --out doc.p7s \
  --passphrase-file committee.pass
printf '{"amount":"999.00","kind":"test document"}' >changed.json
cp -r st tampered && printf ' ' >>tampered/statement.html
mkdir half && cp st/statement.html half/  # statement export must not add the other files
printf '{"date":"2026-10-05","kind":"payment","memo":"m","postings":[]}\n{"date":' >bad.jsonl
printf 'unit,kind,amount,date\n1-1-0101,first,abc,2026-10-01\n' >deposits.csv
printf 'unit,amount,reference,date\n9-9-9999,10.00,r1,2026-10-02\n' >payments.csv
printf '{"amount":"12.00"}' >order.json
printf '{"title":"t"}' >project.json
printf 'not a signature' >garbage.p7s

# --- the cases ---
covered=" "
snapshot() { # every file and directory under $root but SQLite's -wal and -shm, with contents
  (cd "$root" && find . ! -name '*-wal' ! -name '*-shm' | LC_ALL=C sort | while read -r f; do
    if [ -f "$f" ]; then echo "$f $(sha256sum <"$f" | cut -c1-64)"; else echo "$f/"; fi
  done)
}
fails() { # fails CODE "COMMAND" [args...]: trustfund COMMAND args fails as the header says
  local want=$1 command=$2; shift 2
  covered="$covered$command|"
  local before after
  before=$(snapshot)
  # shellcheck disable=SC2086  # the command's words
  "$tf" $command "$@" >"$work/out" 2>"$work/err" </dev/null
  local got=$?
  if [ "$got" -eq "$want" ]; then pass; else fail "$command $*: exit $got, wanted $want"; cat "$work/err"; fi
  no_stdout "$command $*"
  after=$(snapshot)
  if [ "$after" = "$before" ]; then pass
  else fail "$command $*: files changed: $(diff <(echo "$before") <(echo "$after") | head -5)"; fi
}
E=(--estate sunrise-garden)
NO=(--estate no-such-estate)

# ledger
fails 4 "init" --dev
fails 3 "init" --data "$root/new" --master-key-file "$root/no-such.key"
fails 4 "estate create" --id sunrise-garden --name "Again"
fails 3 "estate list" --data "$root/no-such-data"
fails 4 "unit add" "${E[@]}" --code 1-1-0101 --area 80.00 --owner someone
fails 2 "unit add" "${E[@]}" --code 9-9-0101 --area abc --owner someone
fails 3 "unit list" "${NO[@]}"
fails 3 "account list" "${NO[@]}"
fails 5 "post" "${E[@]}" '{"date":"2026-09-05","kind":"payment","memo":"into a closed month",
  "postings":[{"account":"OP.1002","amount":"1.00"},{"account":"OP.1122@1-1-0101","amount":"-1.00"}]}'
fails 2 "import" "${E[@]}" --file bad.jsonl
fails 3 "reverse" "${E[@]}" --seq 99999 --date 2026-11-02
fails 2 "reverse" "${E[@]}" --seq x --date 2026-11-02
fails 4 "period close" "${E[@]}" --period 2026-10
fails 2 "balances" "${E[@]}" --format xml
fails 2 "log root" "${E[@]}" --size 99999
fails 2 "log prove" "${E[@]}" --seq 99999
fails 2 "log prove" "${E[@]}" --from 1 --to 99999
fails 3 "log verify" "${NO[@]}"
fails 2 "actions" "${E[@]}" --limit 0
fails 2 "export" "${E[@]}" --format csv
fails 1 "export" "${E[@]}" --out "$root/no-such-dir/books.journal"

# escrow
fails 4 "custodian register" "${E[@]}" --committee "$K/committee.pem" --manager "$K/manager.pem"
fails 3 "custodian list" "${NO[@]}"
fails 3 "custodian change-document" "${NO[@]}" --committee "$K/committee.pem" \
  --manager "$K/manager.pem" --reason r --out change.json
fails 2 "custodian change" "${E[@]}" --committee "$K/committee.pem" --manager "$K/manager.pem" \
  --reason r --signature garbage.p7s
fails 2 "escrow policy" "${E[@]}" --on 2026-02-30
fails 2 "escrow policy set" "${E[@]}" --max-validity-days x
fails 2 "escrow bank-account" "${E[@]}" --fund XX --holder h --account-no 1 --bank b
fails 2 "order create" "${E[@]}" --file order.json
fails 2 "order amend" "${E[@]}" --order DO-000001 --file order.json
fails 4 "order submit" "${E[@]}" --order DO-000001
fails 3 "order document" "${E[@]}" --order DO-999999 --out order-doc.json
fails 4 "order attach" "${E[@]}" --order DO-000001 --signature garbage.p7s
fails 3 "order signature" "${E[@]}" --order DO-999999 --out order.p7s
fails 4 "order reject" "${E[@]}" --order DO-000001 --reason r
fails 4 "order cancel" "${E[@]}" --order DO-000001 --reason r
fails 4 "order execute" "${E[@]}" --order DO-000001 --out-dir bank
fails 2 "order list" "${E[@]}" --state bogus
fails 3 "order show" "${E[@]}" --order DO-000001 --bank-file nope.xml --out bank-file.xml

# repair fund and votes
fails 2 "repair settings" "${E[@]}" --on bad
fails 2 "repair settings set" "${E[@]}" --min-quotes 99
fails 2 "repair deposit" "${E[@]}" --file deposits.csv
fails 2 "repair interest" "${E[@]}" --amount -5.00 --date 2026-11-02
fails 2 "repair accounts" "${E[@]}" --as-of bad
fails 3 "repair reconcile" "${NO[@]}"
fails 2 "vote open" "${E[@]}" --question q --matter ordinary --scope units --items 9-9-9999 \
  --opens 2026-11-01 --closes 2026-11-20
fails 3 "vote ballot" "${E[@]}" --vote V-9999 --owner owner-0 --choice yes --date 2026-11-02
fails 3 "vote close" "${E[@]}" --vote V-9999
fails 3 "vote show" "${E[@]}" --vote V-9999
fails 2 "repair propose" "${E[@]}" --file project.json
fails 4 "repair vote" "${E[@]}" --project RP-0001 --question q --opens 2026-11-01 \
  --closes 2026-11-20
fails 4 "repair decide" "${E[@]}" --project RP-0001
fails 4 "repair emergency" "${E[@]}" --project RP-0001 --date 2026-11-02
fails 3 "repair contract" "${E[@]}" --project RP-0001 --file no-such-contract.json
fails 4 "repair start" "${E[@]}" --project RP-0001 --date 2026-11-02
fails 4 "repair pay" "${E[@]}" --project RP-0001 --stage advance --amount 1.00
fails 4 "repair accept" "${E[@]}" --project RP-0001 --date 2026-11-02 --final-cost 1.00
fails 4 "repair overrun" "${E[@]}" --project RP-0001 --vote V-9999
fails 4 "repair settle" "${E[@]}" --project RP-0001 --date 2026-11-02
fails 5 "repair close" "${E[@]}" --project RP-0001
fails 3 "repair list" "${NO[@]}"
fails 3 "repair show" "${E[@]}" --project RP-9999
fails 3 "repair split" "${E[@]}" --project RP-9999

# statements
fails 1 "verify" tampered
has "$work/err" "FAILED SHA-256 of statement.html matches the manifest" "verify's report is on stderr"
fails 4 "close" "${E[@]}" --period 2026-10
fails 5 "statement view" "${E[@]}" --period 2026-Q4
fails 3 "statement list" "${NO[@]}"
fails 3 "statement show" "${E[@]}" --period 2025-01
fails 3 "statement manifest" "${E[@]}" --period 2025-01 --out manifest.json
fails 4 "statement attach" "${E[@]}" --period 2026-10 --signature garbage.p7s
fails 4 "statement export" "${E[@]}" --period 2026-10 --out half
fails 3 "statement proof" "${E[@]}" --period 2026-10 --unit 9-9-9999 --out proof.json
fails 2 "statement budget" "${E[@]}" --year 26 --line l --amount 1.00

# the demo
fails 2 "demo" --units 3
fails 2 "demo" --units many
fails 4 "demo"

# fees
fails 5 "fees schedule add" "${E[@]}" --kind residential --from 2026-09 --rate 3.00
fails 3 "fees schedule list" "${NO[@]}"
fails 5 "fees start" "${E[@]}" --unit 1-1-0101 --date 2026-11-01
fails 2 "fees bill" "${E[@]}" --month 2026-13
fails 2 "fees import-payments" "${E[@]}" --file payments.csv
fails 2 "fees arrears" "${E[@]}" --as-of x
fails 2 "fees revenue record" "${E[@]}" --class bogus --amount 1.00 --date 2026-11-02 --memo m
fails 2 "fees revenue cost" "${E[@]}" --amount 1.00 --date 2026-11-02 --payee p --voucher-no 1 \
  --voucher-sha256 xyz
fails 2 "fees revenue" "${E[@]}" --from x
fails 2 "fees revenue transfer" "${E[@]}" --from 2026-10 --to 2026-10 --share x
fails 2 "fees collection" "${E[@]}" --month x
fails 2 "fees remuneration terms" "${E[@]}" --basis nope --from 2026-11
fails 5 "fees remuneration accrue" "${E[@]}" --month 2026-08
fails 3 "fees remuneration list" "${NO[@]}"

# users and tokens
fails 2 "user add" --username "Bad Name"
fails 3 "user grant" --username nobody --role treasurer --estate sunrise-garden
fails 3 "user revoke" --username nobody --role treasurer --estate sunrise-garden
fails 3 "user reset-password" --username nobody
fails 3 "user disable" --username nobody
fails 3 "user enable" --username nobody
fails 3 "user list" --data "$root/no-such-data"
fails 3 "token create" --username nobody --label l
fails 2 "token create" --username nobody --label l --days 0
fails 3 "token list" --data "$root/no-such-data"
fails 3 "token revoke" --id 999

# a custodian's own commands
fails 2 "custodian keygen" --out-key new.key --out-cert new.pem --out-csr new.csr --name N \
  --organization O --role manager --passphrase-file short.pass
fails 2 "custodian cert" --key "$K/committee.key" --passphrase-file wrong.pass --out-cert c.pem \
  --name N --organization O --role owners_committee
fails 2 "custodian sign" --key "$K/committee.key" --cert "$K/committee.pem" --in doc.json \
  --out doc2.p7s --passphrase-file wrong.pass
fails 2 "custodian cosign" --key "$K/manager.key" --cert "$K/manager.pem" --in doc.json \
  --signature doc.p7s --out doc.2.p7s --passphrase-file wrong.pass
fails 1 "custodian verify" --in changed.json --signature doc.p7s
has "$work/err" "FAILED:" "custodian verify's report is on stderr"

# the service
fails 2 "serve" --listen nowhere

# --- every command of the overview has a case above ---
"$tf" --help >"$work/help"
commands=$(awk '/^commands:/ { on = 1; next } on && /^$/ { exit } on { sub(/^  /, ""); sub(/  .*/, ""); print }' "$work/help")
[ "$(echo "$commands" | wc -l)" -gt 90 ] && pass || fail "the overview lists the commands: $commands"
while read -r command; do
  case "$covered" in
    *"|$command|"* | " $command|"*) pass ;;
    *) fail "no failing case for \"$command\": add one to cli_failures.sh" ;;
  esac
done <<<"$commands"

echo "cli_failures: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
