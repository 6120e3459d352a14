// The printable receipt page: bilingual, every value escaped, no script, the hash shown.
#include <catch2/catch_test_macros.hpp>

#include <string>

#include "support/page_out.h"
#include "trustfund/fees/receipt_page.h"

using namespace trustfund;

namespace {

fees::Receipt sample() {
  fees::Receipt r;
  r.no = 42;
  r.payment_id = 42;
  r.estate_id = "sunrise-garden";
  r.unit_code = "3-2-1502";
  r.amount = money::Amount::from_fen(30000);
  r.channel = fees::PaymentChannel::wechat_pay;
  r.reference = "wx-<42>&\"'";
  r.received_on = Date::parse("2026-10-05");
  r.memo = "十月 <b>物业费</b>";
  r.settled = {{1, Period::parse("2026-09"), money::Amount::from_fen(12001), std::nullopt},
               {2, Period::parse("2026-10"), money::Amount::from_fen(9000), std::nullopt}};
  r.prepayment = money::Amount::from_fen(8999);
  r.entry_seq = 7;
  r.issued_at = "2026-10-05T08:30:00Z";
  r.sha256_hex = std::string(64, 'a');
  return r;
}

bool has(const std::string& html, const std::string& part) {
  return html.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("the receipt page shows every field in Chinese and English", "[fees][html]") {
  const std::string html = fees::receipt_html(sample());
  CHECK(has(html, "<html lang=\"zh-CN\">"));
  CHECK(has(html, "物业费收据 <small>Property fee receipt</small> No. 42"));
  CHECK(has(html, "<td>3-2-1502</td>"));
  CHECK(has(html, "<td>300.00</td>"));
  CHECK(has(html, "<td>微信支付 WeChat Pay</td>"));
  CHECK(has(html, "<td>2026-09: 120.01, 2026-10: 90.00</td>"));
  CHECK(has(html, "<td>89.99</td>"));
  CHECK(has(html, "SHA-256: <code>" + std::string(64, 'a') + "</code>"));
  CHECK(has(html, "@page{size:A4"));
}

TEST_CASE("the receipt page escapes the values from the books and runs no script", "[fees][html]") {
  const std::string html = fees::receipt_html(sample());
  CHECK(has(html, "<td>wx-&lt;42&gt;&amp;&quot;&#39;</td>"));
  CHECK(has(html, "<td>十月 &lt;b&gt;物业费&lt;/b&gt;</td>"));
  CHECK_FALSE(has(html, "<b>"));
  CHECK_FALSE(has(html, "<script"));
  CHECK_FALSE(has(html, "onclick"));
  // Without a memo there is no memo row, and a payment that settled nothing says so.
  fees::Receipt bare = sample();
  bare.memo.clear();
  bare.settled.clear();
  const std::string plain = fees::receipt_html(bare);
  CHECK_FALSE(has(plain, "备注"));
  CHECK(has(plain, "<td>-</td>"));
}

TEST_CASE("every channel has a label in both languages", "[fees][html]") {
  CHECK(std::string(fees::channel_label(fees::PaymentChannel::bank_transfer)) ==
        "银行转账 Bank transfer");
  CHECK(std::string(fees::channel_label(fees::PaymentChannel::alipay)) == "支付宝 Alipay");
  CHECK(std::string(fees::channel_label(fees::PaymentChannel::cash)) == "现金 Cash");
  CHECK(std::string(fees::channel_label(fees::PaymentChannel::other)) == "其他 Other");
}

// Used by tests/integration/browser_statement.sh: writes the sample receipt to the file named by
// TRUSTFUND_RECEIPT_HTML_OUT, for headless Chromium to load. Without the variable it only renders.
TEST_CASE("writes the sample receipt page", "[fees][html]") {
  testing::write_page_for_browser("TRUSTFUND_RECEIPT_HTML_OUT", fees::receipt_html(sample()));
}
