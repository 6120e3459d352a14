// The printable receipt (收据) a resident or the treasurer opens from GET …/receipts/{no}?format=
// html: Chinese first with English, one A4 page, no script (the server's Content-Security-Policy
// allows none), every value from the books escaped. It shows the receipt's fields and the
// SHA-256 of its canonical JSON, the value the JSON form is checked against. The layout is
// reports/receipt/receipt.html.
//
// Thread-safety: a pure function.
#pragma once

#include <string>

#include "trustfund/fees/receipts.h"

namespace trustfund::fees {

// "微信支付 WeChat Pay" for wechat_pay, and so on for each channel.
const char* channel_label(PaymentChannel channel) noexcept;

std::string receipt_html(const Receipt& r);

}  // namespace trustfund::fees
