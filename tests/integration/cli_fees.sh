#!/usr/bin/env bash
# Drives the fee commands of the real binary: schedules, fee start, billing twice, a payments CSV
# with bad rows (nothing recorded) and a good one, arrears and the collection rate.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/cli_support.bash"
tf=${1:?usage: cli_fees.sh path/to/trustfund}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data="$work/data"
T() { "$tf" "$@" --data "$data"; }

expect 0 "init" -- T init --dev
expect 0 "estate" -- T estate create --id f --name "Fee Court"
expect 0 "unit a" -- T unit add --estate f --code 1-1-0101 --area 89.37 --owner a
expect 0 "unit b" -- T unit add --estate f --code 1-1-0102 --area 120.50 --owner b
expect 0 "fees help" -- "$tf" fees bill --help
has "$work/out" "bills nothing new" "billing help explains re-runs"
expect 0 "start a" -- T fees start --estate f --unit 1-1-0101 --date 2026-01-01
expect 0 "start b" -- T fees start --estate f --unit 1-1-0102 --date 2026-01-17
expect 2 "schedule without a rate" -- T fees schedule add --estate f --kind residential --from 2026-01
expect 0 "schedule" -- T fees schedule add --estate f --kind residential --from 2026-01 --rate 2.35
expect 0 "bill january" -- T fees bill --estate f --month 2026-01
# A: 210.02; B from the 17th: 120.50 x 2.35 x 15/31 = 137.0201... -> 137.02
has "$work/out" "2 bills, 347.04 CNY" "January billed, B prorated for 15 of 31 days"
expect 0 "bill january again" -- T fees bill --estate f --month 2026-01
has "$work/out" "nothing new billed" "billing twice bills nothing new"
printf 'unit,amount,reference,date\n1-1-0101,210.02,b-1,2026-01-20\n1-1-0101,-1,b-2,2026-01-20\n' >"$work/bad.csv"
expect 2 "bad payments CSV" -- T fees import-payments --estate f --file "$work/bad.csv" --channel bank_transfer
has "$work/err" "bad.csv:3: amount" "the bad row is named by line and column"
has "$work/err" "nothing was imported" "nothing recorded"
printf 'unit,amount,reference,date,channel\n1-1-0101,210.02,b-1,2026-01-20,bank_transfer\n1-1-0102,100.00,wx-9,2026-01-25,wechat_pay\n' >"$work/good.csv"
expect 0 "good payments CSV" -- T fees import-payments --estate f --file "$work/good.csv"
has "$work/out" "imported 2 payments" "both payments recorded"
expect 0 "same CSV again" -- T fees import-payments --estate f --file "$work/good.csv"
has "$work/out" "imported 0 payments, 2 recorded before" "re-import records nothing"
expect 0 "arrears" -- T fees arrears --estate f --as-of 2026-01-31
has "$work/out" "TOTAL	37.02	37.02	0.00	0.00	0.00" "B owes 37.02, 30 days old"
expect 0 "collection" -- T fees collection --estate f --month 2026-01
has "$work/out" "89.33% by amount (310.02 of 347.04 CNY), 50.00% by count (1 of 2 bills)" "collection rate"
# Remuneration for January: 310.02 earned of 347.04 billed = 89.33%: the 8% tier, 24.80.
expect 2 "tiers malformed" -- T fees remuneration terms --estate f --from 2026-01 --basis tiered_by_collection_rate --tiers 0-0.05
expect 0 "remuneration terms" -- T fees remuneration terms --estate f --from 2026-01 --basis tiered_by_collection_rate --tiers 0:0.05,80:0.08,90:0.12
expect 0 "accrue january" -- T fees remuneration accrue --estate f --month 2026-01
has "$work/out" "= 24.80" "8% of 310.02 = 24.80"
expect 4 "accrue january twice" -- T fees remuneration accrue --estate f --month 2026-01
expect 0 "remuneration list" -- T fees remuneration list --estate f
has "$work/out" "2026-01	24.80" "the accrual is listed"
expect 0 "log verify" -- T log verify --estate f
expect 0 "actions" -- T actions --estate f --limit 1000
has "$work/out" "import_payments" "the import is in the action log"

# Public revenue: receipts by class, a cost with its voucher, the summary, the transfer of half the
# net to the repair fund split by area (89.37 and 120.50 m²), and bad input refused.
expect 0 "revenue parking" -- T fees revenue record --estate f --class parking --amount 1000.00 \
  --date 2026-03-05 --memo "Parking March"
expect 0 "revenue cost" -- T fees revenue cost --estate f --amount 100.00 --date 2026-03-06 \
  --payee "Attendant" --voucher-no R-1 --voucher-sha256 "$(printf '%064d' 0)"
expect 2 "revenue bad class" -- T fees revenue record --estate f --class lottery --amount 1.00 \
  --date 2026-03-05 --memo x
expect 2 "revenue cost bad voucher" -- T fees revenue cost --estate f --amount 1.00 \
  --date 2026-03-06 --payee P --voucher-no R-2 --voucher-sha256 abc
expect 0 "revenue summary" -- T fees revenue --estate f --from 2026-03
has "$work/out" "gross 1000.00, costs 100.00, net 900.00" "the summary"
expect 0 "revenue transfer" -- T fees revenue transfer --estate f --from 2026-03 --to 2026-03 --share 0.5
has "$work/out" "moved 450.00 (0.50 of the net 900.00) to the repair fund, split over 2 units" \
  "the transfer"
expect 4 "revenue transfer twice" -- T fees revenue transfer --estate f --from 2026-03 \
  --to 2026-03 --share 0.5

# The demo year through the fees module: each fund's control account equals the sum of its unit
# sub-ledgers, and the receivables equal the arrears the fee records give.
expect 0 "demo" -- T demo --estate demo --units 60 --months 12
sum_leaves() { # sum_leaves CONTROL: the sum of the unit sub-accounts' closing balances, in fen
  T balances --estate demo --as-of 2026-10-31 --account "$1" --leaves --format csv 2>/dev/null |
    awk -F, 'NR > 1 && $1 ~ /@/ { split($5, p, "."); s += (p[1] < 0 || substr($5, 1, 1) == "-" ? -1 : 1) * (((p[1] < 0 ? -p[1] : p[1]) * 100) + p[2]) } END { print s + 0 }'
}
control() { # control CONTROL: the control account's closing balance, in fen
  T balances --estate demo --as-of 2026-10-31 --account "$1" --format csv 2>/dev/null |
    awk -F, -v a="$1" '$1 == a { split($5, p, "."); v = ((p[1] < 0 ? -p[1] : p[1]) * 100) + p[2]; if (substr($5, 1, 1) == "-") v = -v; print v; f = 1 } END { if (!f) print 0 }'
}
for account in OP.1122 OP.2203 RF.3001; do
  c=$(control $account); l=$(sum_leaves $account)
  if [ "$c" = "$l" ]; then pass; else fail "$account: control $c, sum of units $l"; fi
done
T fees arrears --estate demo --as-of 2026-10-31 >"$work/out" 2>/dev/null
arrears=$(awk -F'\t' '$1 == "TOTAL" { split($2, p, "."); print p[1] * 100 + p[2] }' "$work/out")
if [ "$arrears" = "$(control OP.1122)" ]; then pass; else
  fail "arrears $arrears differ from the receivables $(control OP.1122)"; fi
expect 0 "demo verify" -- T log verify --estate demo

echo "cli_fees: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
