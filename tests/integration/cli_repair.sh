#!/usr/bin/env bash
# Drives the repair fund commands of the real binary: deposits from CSV (bad files record
# nothing), interest, a lift repair of one building from proposal to settlement — the owners'
# vote and its tally, the contract, staged payments each signed by two custodians' keys, the
# acceptance, the split of the final cost by area — the reconciliation, the top-up list, an
# emergency declared without a vote, and the refusals with their exit codes.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/cli_support.bash"
tf=${1:?usage: cli_repair.sh path/to/trustfund}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data="$work/data"
T() { "$tf" "$@" --data "$data"; }
R() { T "$@" --estate lift; }
committee_pass="committee-passphrase-1"
manager_pass="manager-passphrase-22"

expect 0 "init" -- T init --dev
expect 0 "estate" -- T estate create --id lift --name "Lift Court"
# Building 1: two owners. Building 2: owner c, owner d with two units (one head), and two unsold
# units of the developer (one head together): 3 voters, 450.00 m².
while read -r code area owner; do
  expect 0 "unit $code" -- R unit add --code "$code" --area "$area" --owner "$owner"
done <<'UNITS'
1-1-0101 90.00 a
1-1-0102 95.00 b
2-1-0101 91.00 c
2-1-0102 92.00 d
2-1-0201 93.00 d
2-1-0202 94.00 developer
2-1-0301 80.00 developer
UNITS

# The custodians make their keys on their own computers; the estate registers the certificates.
expect 0 "committee keygen" -- env TRUSTFUND_KEY_PASSPHRASE="$committee_pass" "$tf" custodian keygen \
  --out-key "$work/committee.key" --out-cert "$work/committee.pem" --name "Wang Committee" \
  --organization "Lift Court Owners Committee" --role owners_committee
expect 0 "manager keygen" -- env TRUSTFUND_KEY_PASSPHRASE="$manager_pass" "$tf" custodian keygen \
  --out-key "$work/manager.key" --out-cert "$work/manager.pem" --name "Zhao Manager" \
  --organization "Good Property Services" --role manager
expect 0 "register custodians" -- R custodian register --committee "$work/committee.pem" \
  --manager "$work/manager.pem"
expect 0 "OP bank account" -- R escrow bank-account --fund OP --holder "Lift Court OP" \
  --account-no 6222000011112222 --bank "ICBC Chengdu" --bank-code 102651020016
expect 0 "RF bank account" -- R escrow bank-account --fund RF --holder "Lift Court RF" \
  --account-no 6222000033334444 --bank "ICBC Chengdu" --bank-code 102651020016

# Settings: the defaults, and a later change that leaves today's rules alone.
expect 0 "settings" -- R repair settings
has "$work/out" "(defaults)" "no settings yet: the defaults"
has "$work/out" "CN-civil-code-2021" "votes today are judged by the Civil Code"
has "$work/out" "at least 3 contractor quotes" "three quotes by default"
expect 0 "settings set" -- R repair settings set --from 2027-01-01 --retention 0.05
expect 0 "settings later" -- R repair settings --on 2027-01-02
has "$work/out" "retention 0.05 of the final cost" "the new retention from 2027"
has "$work/out" "advance at most 0.30" "unnamed settings keep their value"
expect 2 "settings bad share" -- R repair settings set --from 2027-02-01 --advance-cap 1.5
expect 5 "settings backdated" -- R repair settings set --from 2026-01-01 --retention 0.04
expect 2 "settings bad number" -- R repair settings set --from 2027-03-01 --min-quotes many

# Deposits: a file with bad cells records nothing and names every bad line.
printf 'unit,kind,amount,date\n1-1-0101,first,10000.00,2026-01-05\n1-1-0102,second,10000.00,2026-01-05\n2-1-0101,first,-5,2026-01-05\n2-1-0102,first,10000.00,2026-13-01\n' >"$work/bad.csv"
expect 2 "bad deposits CSV" -- R repair deposit --file "$work/bad.csv"
has "$work/err" "bad.csv:3: kind" "the bad kind is named by line and column"
has "$work/err" "bad.csv:4: amount" "the negative amount is named"
has "$work/err" "bad.csv:5: date" "the bad date is named"
has "$work/err" "nothing was recorded" "nothing recorded"
printf 'unit,kind,amount,date\n1-1-0101,first,10000.00,2026-01-05\n9-9-0909,first,10000.00,2026-01-05\n' >"$work/unknown.csv"
expect 2 "deposits for an unknown unit" -- R repair deposit --file "$work/unknown.csv"
has "$work/err" "unknown.csv:3: unit" "the unknown unit is named by its line"
printf 'date,amount,unit,kind\n' >"$work/empty.csv"
expect 2 "deposits CSV without rows" -- R repair deposit --file "$work/empty.csv"
{
  echo "unit,kind,amount,date"
  for u in 1-1-0101 1-1-0102 2-1-0101 2-1-0102 2-1-0201 2-1-0202 2-1-0301; do
    echo "$u,first,10000.00,2026-01-05"
  done
} >"$work/deposits.csv"
expect 0 "first deposits" -- R repair deposit --file "$work/deposits.csv"
has "$work/out" "recorded 7 deposits (7 first, 0 top-ups), 70000.00 CNY; 1 journal entries" "deposits"
expect 2 "a first deposit twice" -- R repair deposit --file "$work/deposits.csv"
has "$work/err" "deposits.csv:2: kind" "the second first deposit is named"
has "$work/err" "[deposit-first-twice]" "and why"
expect 0 "interest" -- R repair interest --amount 70.00 --date 2026-03-31
has "$work/out" "allocated 70.00 CNY of interest by balance over 7 units" "interest by balance"
has "$work/out" "2-1-0301	10.00" "equal balances, equal interest"
expect 2 "interest on a bad basis" -- R repair interest --amount 1.00 --date 2026-03-31 --basis luck

# A proposal with too few quotes is refused.
hex() { printf "%064d" 0 | tr 0 "$1"; }
project_json() { # project_json QUOTES...: the lift proposal with the given quotes
  local quotes="" sep="" i=1
  for q in "$@"; do
    quotes="$quotes$sep{\"contractor\":\"Contractor $i\",\"amount\":\"$q\",\"document_sha256\":\"$(hex $i)\"}"
    sep=","; i=$((i + 1))
  done
  cat <<JSON
{"title":"Lift of building 2: traction machine","category":"lift",
 "reason":"The annual inspection found the traction sheave worn",
 "budget":"40000.00","quotes":[$quotes],"chosen_quote":0,
 "chosen_reason":"lowest price, 2-year warranty",
 "scope":{"kind":"buildings","items":["2"]},
 "documents":[{"name":"inspection report.pdf","sha256":"$(hex 9)"}]}
JSON
}
project_json 38000.00 39500.00 >"$work/two-quotes.json"
expect 2 "too few quotes" -- R repair propose --file "$work/two-quotes.json"
has "$work/err" "[project-quotes]" "three quotes are needed"
project_json 38000.00 39500.00 41000.00 >"$work/project.json"
expect 0 "propose" -- R repair propose --file "$work/project.json"
has "$work/out" "proposed RP-0001" "the project's reference"

# The owners of building 2 vote.
expect 0 "put to the vote" -- R repair vote --project RP-0001 \
  --question "Repair the lift of building 2 from the repair fund, budget 40000.00?" \
  --opens 2026-02-01 --closes 2026-02-20
has "$work/out" "vote V-0001" "the vote's reference"
expect 0 "ballot c" -- R vote ballot --vote V-0001 --owner c --choice yes --date 2026-02-10
expect 0 "ballot d no" -- R vote ballot --vote V-0001 --owner d --choice no --date 2026-02-10
expect 0 "ballot d changes to yes" -- R vote ballot --vote V-0001 --owner d --choice yes --date 2026-02-12
has "$work/out" "2 of 3 voters have voted" "d counts once for two units"
expect 0 "developer abstains" -- R vote ballot --vote V-0001 --owner developer --choice abstain --date 2026-02-12
expect 5 "a ballot by an owner outside the scope" -- R vote ballot --vote V-0001 --owner a --choice yes --date 2026-02-12
has "$work/err" "[ballot-not-eligible]" "owner a holds no unit in building 2"
expect 5 "a ballot after the close date" -- R vote ballot --vote V-0001 --owner c --choice no --date 2026-02-21
expect 0 "vote show" -- R vote show --vote V-0001
has "$work/out" "CN-civil-code-2021: 民法典第二百七十八条 Civil Code art. 278" "the rule set and its citation"
has "$work/out" "in scope: 3 owners, 450.00 m²" "three heads, 450.00 m² in scope"
has "$work/out" "participation_area       450.00 of 450.00 m² in scope (100.00%); needs at least 2/3: passed" "participation by area"
has "$work/out" "participation_headcount  3 of 3 owners in scope (100.00%); needs at least 2/3: passed" "participation by headcount"
has "$work/out" "approval_area            276.00 of 450.00 m² taking part (61.33%); needs more than 1/2: passed" "approval by area"
has "$work/out" "approval_headcount       2 of 3 owners taking part (66.66%); needs more than 1/2: passed" "approval by headcount"
has "$work/out" "result so far (the vote is open): APPROVED" "open: a result so far"
expect 0 "decide" -- R repair decide --project RP-0001
has "$work/out" "RP-0001 is approved" "approved"
has "$work/out" "result: APPROVED, every threshold passed" "the final tally"
expect 0 "vote show json" -- R vote show --vote V-0001 --json
has "$work/out" '"approved":true' "JSON tally"
has "$work/out" '"required":"more than 1/2"' "JSON thresholds with their fractions"
expect 4 "a ballot after the vote closed" -- R vote ballot --vote V-0001 --owner c --choice no --date 2026-02-15

# Contract (warranty from the settings), works, and the advance capped at 30% of 38,000.00.
cat >"$work/contract.json" <<JSON
{"contractor":"Contractor 1","payee":{"name":"Contractor 1 Lifts Ltd","account_no":"6217001234567890",
 "bank_name":"CCB Chengdu","bank_code":"105651000017"},"price":"38000.00","signed_on":"2026-03-01",
 "document_sha256":"$(hex a)"}
JSON
expect 0 "contract" -- R repair contract --project RP-0001 --file "$work/contract.json"
has "$work/out" "RP-0001 is contracted" "contracted"
expect 0 "start" -- R repair start --project RP-0001 --date 2026-03-05
has "$work/out" "RP-0001 is in_works" "in works"
expect 0 "show contract" -- R repair show --project RP-0001
has "$work/out" "warranty 24 months" "the settings' warranty by default"
expect 5 "an advance over the cap" -- R repair pay --project RP-0001 --stage advance --amount 11400.01
has "$work/err" "[payment-over-limit]" "30% of 38000.00 is 11400.00"
expect 4 "a balance before acceptance" -- R repair pay --project RP-0001 --stage balance --amount 100.00

# pay STAGE AMOUNT DATE: prepare the payment, sign (committee), co-sign (manager), attach both
# signature files and execute the order on DATE.
pay() {
  expect 0 "pay $1" -- R repair pay --project RP-0001 --stage "$1" --amount "$2"
  local id
  id=$(awk '$1 == "order" { print $2 }' "$work/out")
  if [ -z "$id" ]; then fail "pay $1: no order id in $(cat "$work/out")"; return; fi
  has "$work/out" "awaiting_signatures" "the $1 order waits for signatures"
  expect 0 "$id document" -- R order document --order "$id" --out "$work/$id.json"
  expect 0 "$id committee signs" -- env TRUSTFUND_KEY_PASSPHRASE="$committee_pass" "$tf" custodian sign \
    --key "$work/committee.key" --cert "$work/committee.pem" --in "$work/$id.json" --out "$work/$id.p7s"
  expect 0 "$id attach first" -- R order attach --order "$id" --signature "$work/$id.p7s"
  expect 4 "$id execute with one signature" -- R order execute --order "$id" --date "$3"
  expect 0 "$id manager co-signs" -- env TRUSTFUND_KEY_PASSPHRASE="$manager_pass" "$tf" custodian cosign \
    --key "$work/manager.key" --cert "$work/manager.pem" --in "$work/$id.json" \
    --signature "$work/$id.p7s" --out "$work/$id.2.p7s"
  expect 0 "$id attach second" -- R order attach --order "$id" --signature "$work/$id.2.p7s"
  has "$work/out" "approved" "$id approved with both signatures"
  expect 0 "$id execute" -- R order execute --order "$id" --date "$3" --out-dir "$work/bank"
  has "$work/out" "executed on $3" "$id executed"
  has "$work/out" "RF.1701" "$id debits the works in progress"
}
pay advance 11400.00 2026-03-06
pay progress 20000.00 2026-04-01
expect 0 "accept" -- R repair accept --project RP-0001 --date 2026-05-01 --final-cost 38600.00
has "$work/out" "RP-0001 is accepted: final cost 38600.00, warranty to 2028-05-01" "accepted"
expect 5 "settle before the balance is paid" -- R repair settle --project RP-0001 --date 2026-05-10
has "$work/err" "[settle-unpaid]" "the balance is not paid yet"
# The balance: 38,600.00 less the retention (3%: 1,158.00) less 31,400.00 paid = 6,042.00.
expect 5 "a balance above the final cost less the retention" -- R repair pay --project RP-0001 --stage balance --amount 6042.01
pay balance 6042.00 2026-05-05
expect 4 "a retention before settlement" -- R repair pay --project RP-0001 --stage retention --amount 1158.00
expect 0 "settle" -- R repair settle --project RP-0001 --date 2026-05-10
has "$work/out" "RP-0001 is warranty: retention 1158.00 held until 2028-05-01" "settled, retention held"
expect 5 "a retention before the warranty end" -- R repair pay --project RP-0001 --stage retention --amount 1158.00
has "$work/err" "[retention-before-warranty-end]" "the retention waits for 2028-05-01"
expect 5 "close with the retention held" -- R repair close --project RP-0001
has "$work/err" "[retention-held]" "not closed while the retention is held"

# The split of 38,600.00 over building 2 by area (450.00 m²), exact to the fen.
expect 0 "split" -- R repair split --project RP-0001
has "$work/out" "2-1-0101	91.00	7805.78" "91/450 of 38600.00, rounded up by the largest remainder"
has "$work/out" "2-1-0202	94.00	8063.11" "94/450 of 38600.00"
has "$work/out" "TOTAL	450.00	38600.00" "the total line"
lacks "$work/out" "1-1-0101" "building 1 pays nothing"
sum=$(awk -F'\t' '$1 ~ /^[0-9]+-[0-9]+-[0-9]+$/ { split($3, p, "."); s += p[1] * 100 + p[2]; n++ } END { print n ":" s }' "$work/out")
if [ "$sum" = "5:3860000" ]; then pass; else fail "split: 5 units summing to 3860000 fen wanted, got $sum"; fi
expect 0 "split json" -- R repair split --project RP-0001 --json
has "$work/out" '"total":"38600.00"' "JSON split total"
expect 0 "show" -- R repair show --project RP-0001 --json
has "$work/out" '"retention_held":"1158.00"' "the retention held"
has "$work/out" '"paid":"37442.00"' "paid: the final cost less the retention"
expect 0 "list" -- R repair list
has "$work/out" "RP-0001	warranty	voted	40000.00	40000.00	37442.00	Lift of building 2" "listed"

# The fund reconciles, and building 2's owners are asked to top up (below 30% of 10,000.00).
expect 0 "reconcile" -- R repair reconcile --as-of 2026-12-31
has "$work/out" "BALANCED" "bank = sub-accounts + retention"
if grep -qE "retention held \(RF.2241\) +1158.00$" "$work/out"; then pass; else fail "retention in the reconciliation: $(cat "$work/out")"; fi
expect 0 "accounts" -- R repair accounts --as-of 2026-12-31
has "$work/out" "2-1-0101	91.00	10000.00	0.00	7805.78	2204.22	3000.00	top-up" "a unit below the top-up line"
has "$work/out" "TOTAL	7 units	70000.00	0.00	38600.00	31470.00" "the sub-accounts total"
expect 0 "top-up list" -- R repair accounts --as-of 2026-12-31 --below-top-up
has "$work/out" "2-1-0202" "the developer's unit needs a top-up"
lacks "$work/out" "2-1-0301" "3147.78 is above the 3000.00 line"
lacks "$work/out" "1-1-0101" "building 1 is untouched"
has "$work/out" "TOTAL	4 units" "four notices"

# An emergency skips the vote; a vote on it is refused.
cat >"$work/roof.json" <<JSON
{"title":"Roof leak over 1-1-0102","category":"roof","reason":"Water through the top-floor ceiling",
 "budget":"3000.00","quotes":[{"contractor":"Quick Roofing","amount":"2800.00","document_sha256":"$(hex b)"}],
 "chosen_quote":0,"chosen_reason":"the only roofer available within a day",
 "scope":{"kind":"buildings","items":["1"]},"emergency_category":"roof_leak",
 "emergency_certificate_sha256":"$(hex c)","emergency_notice_sha256":"$(hex d)"}
JSON
expect 0 "propose an emergency" -- R repair propose --file "$work/roof.json"
has "$work/out" "repair emergency --project RP-0002" "the next step is to declare it"
expect 5 "vote on an emergency" -- R repair vote --project RP-0002 --question "Roof?" --opens 2026-06-01 --closes 2026-06-02
expect 0 "declare the emergency" -- R repair emergency --project RP-0002 --date 2026-06-01
has "$work/out" "RP-0002 is emergency: roof_leak declared 2026-06-01" "emergency declared"
expect 0 "show the emergency" -- R repair show --project RP-0002
has "$work/out" "EMERGENCY USE: roof_leak" "marked as an emergency"

# A vote outside a project: the unsold units' developer alone cannot carry building 2.
expect 0 "vote open" -- R vote open --question "Paint the stairwell of building 2?" --matter ordinary \
  --scope buildings --items 2 --opens 2026-06-01 --closes 2026-06-30 --no-change
has "$work/out" "opened vote V-0002 (ordinary, 3 voters" "a vote of its own"
expect 0 "developer votes yes" -- R vote ballot --vote V-0002 --owner developer --choice yes --date 2026-06-02
expect 4 "no change of ballot" -- R vote ballot --vote V-0002 --owner developer --choice no --date 2026-06-03
expect 0 "close" -- R vote close --vote V-0002
has "$work/out" "participation_headcount  1 of 3 owners in scope (33.33%); needs at least 2/3: FAILED" "one head of three"
has "$work/out" "result: NOT APPROVED, failed participation_area, participation_headcount" "not approved"
expect 2 "a vote on an unknown matter" -- R vote open --question Q --matter whim --scope estate --opens 2026-06-01 --closes 2026-06-02

expect 0 "log verify" -- R log verify
expect 0 "actions" -- R actions --limit 1000
has "$work/out" "request_repair_payment" "payments are in the action log"
has "$work/out" "cast_ballot" "ballots are in the action log"
has "$work/out" "settle_repair" "the settlement is in the action log"

echo "cli_repair: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
