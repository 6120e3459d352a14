// The printable receipt; see receipt_page.h. The layout is reports/receipt/receipt.html; this
// file builds its view model (the receipt's fields as text, the channel's label chosen).
#include "trustfund/fees/receipt_page.h"

#include "trustfund/core/json.h"
#include "trustfund/core/reports.h"

namespace trustfund::fees {

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
  std::string settled;
  for (const BillSettlement& b : r.settled) {
    if (!settled.empty())
      settled.append(", ");
    settled.append(b.period.to_string()).append(": ").append(b.amount.to_string());
  }
  json::Value v;
  v.add("no", r.no);
  v.add("estate_id", r.estate_id);
  v.add("unit_code", r.unit_code);
  v.add("amount", r.amount.to_string());
  v.add("channel", channel_label(r.channel));
  v.add("reference", r.reference);
  v.add("received_on", r.received_on.to_string());
  v.add("settled", settled);
  v.add("prepayment", r.prepayment.to_string());
  v.add("entry_seq", r.entry_seq);
  v.add("issued_at", r.issued_at);
  v.add("memo", r.memo);
  v.add("sha256_hex", r.sha256_hex);
  return reports::render("receipt/receipt.html", v);
}

}  // namespace trustfund::fees
