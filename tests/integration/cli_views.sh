#!/usr/bin/env bash
# The views from the command line (docs/statements.md, "Views"): the demo publishes the quarters
# and the half its months complete; `statement view` refuses a quarter whose months are not all
# published (naming the month), a view built already, and a month's key; an exported view
# verifies alone and with its months (--month), and with an owner's proof; a changed month
# manifest or view file fails verify naming it.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/cli_support.bash"
tf=${1:?usage: cli_views.sh path/to/trustfund}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data=$work/data
T() { "$tf" "$@" --data "$data"; }

expect 0 "init" -- T init --dev
expect 0 "demo of 12 months" -- T demo --units 50 --months 12
has "$work/out" "views of those months built and published the same way: 2026-Q1 2026-Q2 2026-H1 2026-Q3" \
  "the demo publishes the views its months complete"
E=(--estate sunrise-garden)
expect 0 "statement list" -- T statement list "${E[@]}"
has "$work/out" "2026-Q3	published" "the quarter is listed, published"
has "$work/out" "2026-H1	published" "the half is listed, published"

expect 5 "view 2026-Q4 while 2026-11 is not closed" -- T statement view "${E[@]}" --period 2026-Q4
has "$work/err" "2026-11 is not closed" "the refusal names the month"
expect 4 "view 2026-Q3 again" -- T statement view "${E[@]}" --period 2026-Q3
has "$work/err" "statement-exists" "a view is built once"
expect 2 "a month's key is not a view" -- T statement view "${E[@]}" --period 2026-09
expect 2 "no such quarter" -- T statement view "${E[@]}" --period 2026-Q5
expect 0 "statement show of a view" -- T statement show "${E[@]}" --period 2026-Q3
has "$work/out" "statement 2026-Q3 (quarter): published" "show names the view's kind"

months=()
for p in 2026-Q3 2026-07 2026-08 2026-09; do
  expect 0 "export $p" -- T statement export "${E[@]}" --period "$p" --out "$work/$p"
done
for p in 2026-07 2026-08 2026-09; do months+=(--month "$work/$p"); done
expect 0 "verify the view" -- "$tf" verify "$work/2026-Q3"
expect 0 "verify the view with its months" -- "$tf" verify "$work/2026-Q3" "${months[@]}"
has "$work/out" "ok   manifest of month 2026-08 is the one the view names" "each month is checked"
expect 0 "an owner's proof of the view" -- \
  T statement proof "${E[@]}" --period 2026-Q3 --unit 1-1-0101 --out "$work/proof.json"
expect 0 "verify the owner's proof" -- "$tf" verify "$work/2026-Q3" --proof "$work/proof.json"
expect 1 "verify without the last month" -- "$tf" verify "$work/2026-Q3" --month "$work/2026-07" \
  --month "$work/2026-08"
no_stdout "a failed check prints its report on standard error only"
has "$work/err" "FAILED manifest of month 2026-09 is the one the view names" "a missing month is named"

sed -i 's/"tree_size":/"tree_size":1/' "$work/2026-08/manifest.json"
expect 1 "verify with a changed month manifest" -- "$tf" verify "$work/2026-Q3" "${months[@]}"
no_stdout "a failed check prints its report on standard error only"
has "$work/err" "FAILED manifest of month 2026-08 is the one the view names" "the changed month is named"
printf ' ' >>"$work/2026-Q3/statement.html"
expect 1 "verify a changed view file" -- "$tf" verify "$work/2026-Q3"
no_stdout "a failed check prints its report on standard error only"
has "$work/err" "FAILED SHA-256 of statement.html matches the manifest" "the changed file is named"

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
