#!/usr/bin/env bash
# Opens statement.html and the printable receipt in real headless Chromium, as residents will: the sample statement
# (tests/data/statement_sample.json, rendered by the statements_tests binary into
# $TRUSTFUND_HTML_OUT) must parse with every section heading and its SVG charts, print to an A4
# PDF, and render at a phone's size. Chromium is required: without it the test fails.
set -uo pipefail
tf=${1:?usage: browser_statement.sh path/to/trustfund}
tests_bin="$(cd "$(dirname "$tf")" && pwd)/tests/statements_tests"
fees_bin="$(cd "$(dirname "$tf")" && pwd)/tests/fees_tests"
chromium=${CHROMIUM:-chromium}
if ! command -v "$chromium" >/dev/null 2>&1; then
  echo "FAIL: '$chromium' is not installed; the browser test needs real headless Chromium" \
       "(apt-get install chromium, or run ops/setup; CHROMIUM=/path/to/it to use another)"
  exit 1
fi
for bin in "$tests_bin" "$fees_bin"; do
  if [ ! -x "$bin" ]; then
    echo "FAIL: $bin is missing: build the statements_tests and fees_tests targets first"
    exit 1
  fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passes=0 failures=0
pass() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
has() { if grep -qF -- "$2" "$1"; then pass; else fail "$3: '$2' not in $1"; fi; }
# Chromium with a profile of its own (tests may run in parallel), quiet unless it fails.
browse() { # browse LOG -- chromium arguments...
  local log=$1; shift 2
  timeout 120 "$chromium" --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --no-first-run --no-default-browser-check --user-data-dir="$work/profile" "$@" >"$log" 2>&1
}

# a4_pages PDF WHAT: checks that PDF's pages are A4 and sets `pages` to their count (empty when
# pdfinfo, from poppler-utils, is missing: the page size is then not checked). Not to be called
# in a subshell: its check counts in this shell.
a4_pages() {
  pages=""
  if ! command -v pdfinfo >/dev/null 2>&1; then
    echo "note: pdfinfo (poppler-utils) not installed: $2's page size is not checked"
    return
  fi
  pdfinfo "$1" >"$1.info" 2>&1
  has "$1.info" "(A4)" "$2 prints on A4"
  pages=$(awk '/^Pages:/ {print $2}' "$1.info")
}

page="$work/statement.html"
TRUSTFUND_HTML_OUT="$page" "$tests_bin" "writes the sample page" >"$work/render.log" 2>&1 ||
  { fail "statements_tests could not write the page"; cat "$work/render.log"; }
if [ ! -s "$page" ]; then
  fail "no page at $page"
  echo "browser_statement: $passes passed, $failures failed"
  exit 1
fi
url="file://$page"

# The DOM as Chromium parsed it: every section, the charts as SVG with their titles.
if browse "$work/dom.log" -- --dump-dom "$url"; then
  pass
  dom="$work/dom.log"
  for heading in "资金概况 Funds" "收入 Receipts" "收缴率 Collection rate" "欠费账龄 Arrears ageing" \
                 "预算执行 Payments by budget line" "支出明细 Payments" "分项支出 Spending by head" \
                 "管理酬金 Remuneration" "公共收益 Public revenue" "专项维修资金 Repair fund" \
                 "账本摘要 Journal digest" "公示单元 Units published" "如何核验 How to verify"; do
    has "$dom" ">$heading</h2>" "section heading in the DOM"
  done
  has "$dom" '<html lang="zh-CN">' "Chinese page"
  has "$dom" '<svg role="img"' "SVG charts in the DOM"
  has "$dom" "分项支出 Spending by head</title>" "chart title"
  has "$dom" "月度收缴率 Collection rate by month</title>" "collection chart title"
  has "$dom" "应急 Emergency" "emergency use flagged"
  has "$dom" "trustfund verify DIR" "how to verify"
  if grep -qiE '<script|https?://' "$dom"; then fail "scripts or URLs in the DOM"; else pass; fi
else
  fail "chromium --dump-dom failed"; cat "$work/dom.log"
fi

# Printed on A4.
pdf="$work/statement.pdf"
if browse "$work/pdf.log" -- --no-pdf-header-footer --print-to-pdf="$pdf" "$url" && [ -f "$pdf" ]; then
  pass
  size=$(stat -c %s "$pdf")
  if [ "$size" -gt 10240 ]; then pass; else fail "the PDF is only $size bytes"; fi
  a4_pages "$pdf" "the statement"
  if [ -n "$pages" ]; then
    if [ "$pages" -ge 2 ]; then pass; else fail "the statement prints on $pages pages, wanted 2 or more"; fi
  fi
else
  fail "chromium --print-to-pdf wrote no PDF"; cat "$work/pdf.log"
fi

# On a phone (390 x 844 CSS px, an iPhone 12-15).
png="$work/phone.png"
if browse "$work/png.log" -- --hide-scrollbars --window-size=390,844 --screenshot="$png" "$url" &&
   [ -f "$png" ]; then
  pass
  size=$(stat -c %s "$png")
  if [ "$size" -gt 10240 ]; then pass; else fail "the screenshot is only $size bytes (blank?)"; fi
  # PNG signature, then the IHDR's width and height (big-endian, bytes 16-23).
  read -r -d '' -a b < <(od -An -tu1 -N24 "$png")
  if [ "${b[1]:-}" = 80 ] && [ "${b[2]:-}" = 78 ] && [ "${b[3]:-}" = 71 ]; then pass; else
    fail "the screenshot is not a PNG"; fi
  width=$(( (b[16] << 24) | (b[17] << 16) | (b[18] << 8) | b[19] ))
  if [ "$width" -eq 390 ]; then pass; else fail "the screenshot is $width px wide, wanted 390"; fi
else
  fail "chromium --screenshot wrote no PNG"; cat "$work/png.log"
fi

# The printable receipt (tests/unit/fees/receipt_page_test.cpp's sample): parsed with its
# fields in both languages, the values escaped, no script; printed on one A4 page.
receipt="$work/receipt.html"
TRUSTFUND_RECEIPT_HTML_OUT="$receipt" "$fees_bin" "writes the sample receipt page" \
  >"$work/receipt-render.log" 2>&1 || { fail "fees_tests could not write the receipt"; cat "$work/receipt-render.log"; }
if [ -s "$receipt" ] && browse "$work/receipt-dom.log" -- --dump-dom "file://$receipt"; then
  pass
  rdom="$work/receipt-dom.log"
  has "$rdom" "物业费收据 <small>Property fee receipt</small> No. 42" "receipt heading"
  has "$rdom" "<td>微信支付 WeChat Pay</td>" "channel in both languages"
  has "$rdom" "<td>wx-&lt;42&gt;&amp;\"'</td>" "reference escaped, as text"
  if grep -qiE '<script|onclick|<b>' "$rdom"; then fail "script or markup from the books in the receipt"; else pass; fi
else
  fail "chromium --dump-dom of the receipt failed"; cat "$work/receipt-dom.log" 2>/dev/null
fi
rpdf="$work/receipt.pdf"
if [ -s "$receipt" ] && browse "$work/receipt-pdf.log" -- --no-pdf-header-footer --print-to-pdf="$rpdf" "file://$receipt" &&
   [ -f "$rpdf" ]; then
  pass
  a4_pages "$rpdf" "the receipt"
  if [ -n "$pages" ]; then
    if [ "$pages" -eq 1 ]; then pass; else fail "the receipt prints on $pages pages, wanted 1"; fi
  fi
else
  fail "chromium --print-to-pdf wrote no receipt PDF"; cat "$work/receipt-pdf.log" 2>/dev/null
fi

# TRUSTFUND_BROWSER_KEEP=DIR keeps the page, the PDF and the screenshot to look at.
if [ -n "${TRUSTFUND_BROWSER_KEEP:-}" ]; then
  for f in "$page" "$pdf" "$png" "$receipt" "$rpdf"; do [ -f "$f" ] && cp "$f" "$TRUSTFUND_BROWSER_KEEP"/; done
  echo "kept in $TRUSTFUND_BROWSER_KEEP"
fi
echo "browser_statement: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
