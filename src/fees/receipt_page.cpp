// The printable receipt; see receipt_page.h.
#include "trustfund/fees/receipt_page.h"

#include <string_view>

#include "trustfund/core/html.h"

namespace trustfund::fees {
namespace {

void row(std::string& out, std::string_view zh, std::string_view en, std::string_view value) {
  out.append("<tr><th>").append(zh).append(" <small>").append(en).append("</small></th><td>");
  out.append(html::escape(value)).append("</td></tr>\n");
}

}  // namespace

const char* channel_label(PaymentChannel channel) noexcept {
  switch (channel) {
    case PaymentChannel::bank_transfer:
      return "银行转账 Bank transfer";
    case PaymentChannel::wechat_pay:
      return "微信支付 WeChat Pay";
    case PaymentChannel::alipay:
      return "支付宝 Alipay";
    case PaymentChannel::cash:
      return "现金 Cash";
    case PaymentChannel::other:
      break;
  }
  return "其他 Other";
}

std::string receipt_html(const Receipt& r) {
  const std::string no = std::to_string(r.no);
  std::string settled;
  for (const BillSettlement& b : r.settled) {
    if (!settled.empty())
      settled.append(", ");
    settled.append(b.period.to_string()).append(": ").append(b.amount.to_string());
  }
  std::string out;
  out.append("<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n");
  out.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
  out.append("<title>收据 Receipt ").append(no).append("</title>\n");
  out.append(
      "<style>body{font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em}"
      "th{text-align:left;padding-right:1em;vertical-align:top}td,th{padding:.3em 0}"
      "code{word-break:break-all}.hint{color:#555}"
      "@page{size:A4;margin:20mm}@media print{.hint{display:none}}</style>\n");
  out.append("</head><body>\n<h1>物业费收据 <small>Property fee receipt</small> No. ");
  out.append(no).append("</h1>\n<table>\n");
  row(out, "小区", "Estate", r.estate_id);
  row(out, "房号", "Unit", r.unit_code);
  row(out, "金额（元）", "Amount (CNY)", r.amount.to_string());
  row(out, "支付方式", "Channel", channel_label(r.channel));
  row(out, "支付凭证号", "Reference", r.reference);
  row(out, "收款日期", "Received on", r.received_on.to_string());
  row(out, "冲抵账单", "Bills settled", settled.empty() ? std::string("-") : settled);
  row(out, "预收", "Prepayment", r.prepayment.to_string());
  row(out, "记账凭证", "Journal entry", std::to_string(r.entry_seq));
  row(out, "开具时间", "Issued at", r.issued_at);
  if (!r.memo.empty())
    row(out, "备注", "Memo", r.memo);
  out.append("</table>\n<p>SHA-256: <code>").append(r.sha256_hex).append("</code></p>\n");
  out.append(
      "<p><small>此哈希为本收据规范 JSON（format=json）的 SHA-256，可与账本核对。 The SHA-256 of "
      "this "
      "receipt's canonical JSON (format=json), to check against the books.</small></p>\n");
  out.append(
      "<p class=\"hint\">打印：使用浏览器的打印功能（Ctrl+P）。 To print, use the browser's Print "
      "(Ctrl+P).</p>\n</body></html>\n");
  return out;
}

}  // namespace trustfund::fees
