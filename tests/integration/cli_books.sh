#!/usr/bin/env bash
# Drives the real trustfund binary: init, estates, units, posting, bad input (clear error,
# nothing written), import all-or-nothing, reversal, closed periods, wrong keys, Merkle log, and
# balances cross-checked against hledger and ledger-cli on the exported journal.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/cli_support.bash"
tf=${1:?usage: cli_books.sh path/to/trustfund}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data="$work/data"
T() { "$tf" "$@" --data "$data"; }

expect 0 "help" -- "$tf" --help
has "$work/out" "estate create" "help lists commands"
# Every command is set off from its summary by two spaces, the longest too.
if grep -E '^  [a-z]' "$work/out" | grep -Ev '^  [a-z][a-z -]*[a-z]  +[^ ]' >"$work/bad"; then
  fail "help: a command runs into its summary: $(cat "$work/bad")"
else
  pass
fi
expect 0 "command help" -- "$tf" import --help
has "$work/out" "nothing is imported" "import help explains atomicity"
expect 2 "unknown option" -- "$tf" estate list --data "$data" --colour
has "$work/err" "unknown option --colour" "unknown option named"

expect 3 "no data dir" -- T estate list
has "$work/err" "not a trustfund data directory" "missing data dir explained"
expect 0 "init" -- T init --dev
has "$work/err" "WARNING: development mode" "dev mode warns"
expect 4 "init twice" -- T init --dev
expect 0 "estate create" -- T estate create --id demo --name "Demo Estate"
expect 4 "estate twice" -- T estate create --id demo --name "Again"
expect 2 "bad estate id" -- T estate create --id "Bad Id" --name x
has "$work/err" "[field: estate_id]" "estate id field named"
expect 0 "unit add" -- T unit add --estate demo --code 1-1-0101 --area 89.37 --owner o-1
expect 0 "unit add 2" -- T unit add --estate demo --code 1-1-0102 --area 120.5 --owner o-2
expect 2 "unit bad area" -- T unit add --estate demo --code 1-1-0103 --area 89.375 --owner o-3
has "$work/err" "[field: area]" "area field named"

entry='{"date":"2026-10-01","kind":"fee_bill","memo":"Fee 2026-10","postings":[{"account":"OP.1122@1-1-0101","amount":"210.02"},{"account":"OP.6001","amount":"-210.02"}]}'
expect 0 "post" -- T post --estate demo "$entry"
has "$work/out" '"seq":0' "first entry is seq 0"

# Bad input: clear error naming the field, exit code by kind, nothing written.
before=$(T log root --estate demo)
expect 2 "three decimals" -- T post --estate demo '{"date":"2026-10-02","kind":"payment","postings":[{"account":"OP.1002","amount":"1.005"},{"account":"OP.1122@1-1-0101","amount":"-1.005"}]}'
has "$work/err" "postings[0].amount" "amount field named"
expect 2 "unbalanced" -- T post --estate demo '{"date":"2026-10-02","kind":"payment","postings":[{"account":"OP.1002","amount":"10.00"},{"account":"OP.1122@1-1-0101","amount":"-9.99"}]}'
has "$work/err" "does not balance in fund OP" "unbalanced explained"
expect 2 "unbalanced across funds" -- T post --estate demo '{"date":"2026-10-02","kind":"transfer","postings":[{"account":"OP.1002","amount":"10.00"},{"account":"PR.1002","amount":"-10.00"}]}'
expect 2 "unknown account" -- T post --estate demo '{"date":"2026-10-02","kind":"payment","postings":[{"account":"OP.9999","amount":"1.00"},{"account":"OP.1002","amount":"-1.00"}]}'
has "$work/err" "no account with code" "unknown account explained"
expect 5 "control account" -- T post --estate demo '{"date":"2026-10-02","kind":"payment","postings":[{"account":"OP.1122","amount":"1.00"},{"account":"OP.1002","amount":"-1.00"}]}'
expect 2 "overflow" -- T post --estate demo '{"date":"2026-10-02","kind":"payment","postings":[{"account":"OP.1002","amount":"99999999999999999.99"},{"account":"OP.1002","amount":"1.00"},{"account":"OP.1122@1-1-0101","amount":"-1.00"}]}'
expect 2 "malformed json" -- T post --estate demo '{"date":'
expect 2 "a member given twice" -- T post --estate demo '{"date":"2026-10-02","kind":"payment","postings":[{"account":"OP.1002","amount":"1.00"},{"account":"OP.1122@1-1-0101","amount":"-1.00"}],"postings":[{"account":"OP.1002","amount":"2.00"},{"account":"OP.1122@1-1-0101","amount":"-2.00"}]}'
has "$work/err" "postings" "the member given twice named"
expect 2 "reverses as a boolean" -- T post --estate demo '{"date":"2026-10-02","kind":"reversal","reverses":true,"postings":[{"account":"OP.1122@1-1-0101","amount":"-210.02"},{"account":"OP.6001","amount":"210.02"}]}'
has "$work/err" "reverses" "reverses named"
expect 2 "a memo with U+0085" -- T post --estate demo '{"date":"2026-10-02","kind":"payment","memo":"one\u0085two","postings":[{"account":"OP.1002","amount":"1.00"},{"account":"OP.1122@1-1-0101","amount":"-1.00"}]}'
has "$work/err" "memo" "memo named"
big='{"date":"2026-10-02","kind":"general","postings":[{"account":"OP.1221","amount":"900000000000000.00"},{"account":"OP.3101","amount":"-900000000000000.00"}]}'
after=$(T log root --estate demo)
[ "$before" = "$after" ] && pass || fail "bad input changed the log"
# A running balance that would leave the amount range is refused, and nothing is written.
expect 0 "large entry" -- T post --estate demo "$big"
before=$(T log root --estate demo)
expect 5 "balance beyond the range" -- T post --estate demo "$big"
has "$work/err" "largest amount trustfund keeps" "balance overflow explained"
after=$(T log root --estate demo)
[ "$before" = "$after" ] && pass || fail "refused entry changed the log"
expect 0 "undo large entry" -- T reverse --estate demo --seq 1 --date 2026-10-02

# Idempotency.
pay='{"date":"2026-10-05","kind":"payment","memo":"WeChat","idempotency_key":"wx-1","postings":[{"account":"OP.1002","amount":"210.02"},{"account":"OP.1122@1-1-0101","amount":"-210.02"}]}'
expect 0 "payment" -- T post --estate demo "$pay"
expect 0 "payment retried" -- T post --estate demo "$pay"
has "$work/out" '"replayed":true' "retry replays"
expect 4 "same key other body" -- T post --estate demo "${pay//210.02/1.00}"

# Import: a malformed line names its number and imports nothing.
cat >"$work/good.jsonl" <<JSON
{"date":"2026-10-06","kind":"payment","postings":[{"account":"OP.1002","amount":"100"},{"account":"OP.2203@1-1-0102","amount":"-100"}]}

{"date":"2026-10-07","kind":"expense","memo":"Cleaning","postings":[{"account":"OP.6601.03","amount":"50.5"},{"account":"OP.1002","amount":"-50.50"}]}
JSON
cp "$work/good.jsonl" "$work/bad.jsonl"
echo '{"date":"2026-10-08","kind":"payment","postings":[{"account":"OP.1002","amount":"1"},' >>"$work/bad.jsonl"
before=$(T log root --estate demo)
expect 2 "import bad line" -- T import --estate demo --file "$work/bad.jsonl"
has "$work/err" "line 4" "bad line number reported"
after=$(T log root --estate demo)
[ "$before" = "$after" ] && pass || fail "failed import wrote something"
expect 0 "import good" -- T import --estate demo --file "$work/good.jsonl"
has "$work/out" "imported 2 entries (4 postings)" "import summary"

# Reversal and closed periods.
expect 0 "reverse" -- T reverse --estate demo --seq 4 --date 2026-10-09
expect 4 "reverse twice" -- T reverse --estate demo --seq 4 --date 2026-10-09
expect 0 "close period" -- T period close --estate demo --period 2026-09
expect 5 "post into closed period" -- T post --estate demo '{"date":"2026-09-30","kind":"payment","postings":[{"account":"OP.1002","amount":"1"},{"account":"OP.2203@1-1-0102","amount":"-1"}]}'
has "$work/err" "is closed" "closed period explained"

# Balances.
expect 0 "balances" -- T balances --estate demo --as-of 2026-10-31 --format csv
has "$work/out" "OP.1002,0.00,0.00,0.00,159.52" "bank balance"
has "$work/out" "OP.6001,0.00,0.00,0.00,-210.02" "fee income"
if grep -q "OP.1122@1-1-0101" "$work/out"; then fail "settled receivable still listed"; else pass; fi
expect 0 "period balances" -- T balances --estate demo --period 2026-10 --account OP.1002 --format csv
has "$work/out" "OP.1002,0.00,310.02,150.50,159.52" "period turnover"

# Merkle log and verification.
expect 0 "log root" -- T log root --estate demo --size 3
expect 0 "inclusion proof" -- T log prove --estate demo --seq 1
has "$work/out" '"type":"inclusion"' "inclusion proof printed"
expect 0 "consistency proof" -- T log prove --estate demo --from 2 --to 5
expect 2 "proof beyond the log" -- T log prove --estate demo --seq 99
expect 0 "log verify" -- T log verify --estate demo
has "$work/out" "OK:" "verify OK"

# Wrong keys.
expect 6 "wrong master key" -- env TRUSTFUND_MASTER_KEY=$(printf '0%.0s' $(seq 64)) "$tf" estate list --data "$data"
has "$work/err" "wrong key or not a trustfund file" "wrong key explained"
expect 0 "second estate" -- T estate create --id junk --name "Junk"
head -c 8192 /dev/urandom >"$data/estates/junk.db"
expect 6 "random bytes as estate file" -- T balances --estate junk
has "$work/err" "wrong key or not a trustfund file" "foreign file explained"
cp "$data/estates/demo.db.key" "$data/estates/junk.db.key"
cp "$data/estates/demo.db" "$data/estates/junk.db"
expect 6 "key file of another estate" -- T balances --estate junk

# Demo history, exported and checked by hledger and ledger-cli.
expect 0 "demo" -- T demo --units 40 --months 3 --estate mini
expect 0 "export" -- T export --estate mini --format ledger --out "$work/mini.journal"
# Month ends and a mid-month date (unit sub-accounts are summed from postings within a month).
for as_of in 2026-08-31 2026-09-17 2026-10-31; do
  end=$(date -d "$as_of + 1 day" +%F)
  expect 0 "our balances $as_of" -- T balances --estate mini --as-of "$as_of" --leaves --format csv
  tail -n +2 "$work/out" | awk -F, '{ gsub(/[.@]/, ":", $1); print $1 "," $5 }' | sort >"$work/ours.csv"
  if command -v hledger >/dev/null; then
    hledger -f "$work/mini.journal" bal --flat --no-total -e "$end" -O csv 2>"$work/err" |
      tail -n +2 | tr -d '"' | sed 's/ CNY$//' | grep -v ',0$' | sort >"$work/hledger.csv"
    if diff -u "$work/ours.csv" "$work/hledger.csv" >"$work/diff"; then pass; else
      fail "hledger balances differ from ours at $as_of"; head -20 "$work/diff"; fi
  else
    fail "hledger not installed (ops/setup installs it)"
  fi
  if command -v ledger >/dev/null; then
    ledger -f "$work/mini.journal" bal --flat --no-total -e "$end" \
      --balance-format '%(account),%(display_total)\n' 2>"$work/err" |
      sed 's/ CNY$//' | grep -v ',0$' | sort >"$work/ledger.csv"
    if diff -u "$work/ours.csv" "$work/ledger.csv" >"$work/diff"; then pass; else
      fail "ledger-cli balances differ from ours at $as_of"; head -20 "$work/diff"; fi
  fi
done

# Every CLI write is in the action log, with its actor; `log verify` checks the chain.
expect 0 "actions" -- T actions --estate demo --limit 100000
has "$work/out" "add_unit	unit:1-1-0101" "unit add is logged"
has "$work/out" "post_entry	entry:" "posts are logged"
has "$work/out" "close_period	period:" "period close is logged"
has "$work/out" "reverse_entry	entry:" "reversals are logged"
has "$work/out" "create_estate	estate:demo" "estate create is logged"
# A CLI write is logged as the API logs it, with the CLI's actor (--actor, $TRUSTFUND_ACTOR or
# cli:$USER) and no address ("-").
expect 0 "estate create as an actor" -- env TRUSTFUND_ACTOR=cli:registrar "$tf" estate create \
  --id logged --name "Logged" --data "$data"
expect 0 "schedule as an actor" -- T fees schedule add --estate logged --kind residential \
  --from 2026-01 --rate 2.35 --actor cli:treasurer
expect 0 "actions of the new estate" -- T actions --estate logged
has "$work/out" "cli:registrar	-	create_estate	estate:logged	" "estate create names its actor"
has "$work/out" "cli:treasurer	-	add_fee_schedule	schedule:residential	from 2026-01" \
  "a fee write from the CLI is logged with the API's action, target and detail"
expect 0 "log verify with actions" -- T log verify --estate demo
has "$work/out" "action-log rows: hash chain" "verify checks the action log"

echo "cli_books: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
