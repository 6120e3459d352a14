// Payments CSV: the shared reader (core/csv.h) splits the file into a header and rows, then each
// row is checked on its own so that every bad row is reported (see payments_csv.h for the
// format).
#include "trustfund/fees/payments_csv.h"

#include <algorithm>
#include <array>
#include <optional>
#include <unordered_map>
#include <utility>

#include "trustfund/core/csv.h"
#include "trustfund/core/error.h"
#include "trustfund/core/utf8.h"
#include "trustfund/ledger/books.h"

namespace trustfund::fees {
namespace {

enum Column : std::size_t { kUnit, kAmount, kReference, kDate, kChannel, kMemo, kColumns };
constexpr std::array<csv::Column, kColumns> kCsvColumns = {
    {{"unit"}, {"amount"}, {"reference"}, {"date"}, {"channel", false}, {"memo", false}}};
constexpr csv::Format kFormat{kCsvColumns, kMaxPaymentCsvRows, "payments"};

constexpr std::string_view name(Column c) {
  return kCsvColumns[c].name;
}

constexpr std::string_view kChannelList = "bank_transfer, wechat_pay, alipay, cash or other";

// The channel named `text`, or none.
std::optional<PaymentChannel> channel_of(std::string_view text) {
  try {
    return parse_payment_channel(text);
  } catch (const Error&) {
    return std::nullopt;
  }
}

class Parser {
 public:
  explicit Parser(std::string_view default_channel) : default_text_(default_channel) {
    if (!default_text_.empty())
      default_channel_ = channel_of(default_text_);
  }

  PaymentsCsv run(std::string_view text) {
    // Reserving for every line up front spares the rehashing of a growing table.
    const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    out_.payments.reserve(std::min(lines, kMaxPaymentCsvRows));
    out_.lines.reserve(std::min(lines, kMaxPaymentCsvRows));
    first_line_.reserve(std::min(lines, kMaxPaymentCsvRows));
    csv::Reader reader(text, kFormat, errors_);
    header_ = reader.header();
    if (header_ && header(*header_)) {
      while (const std::optional<csv::Record> record = reader.next())
        row(*record);
    }
    out_.errors = std::move(errors_).take();
    return std::move(out_);
  }

 private:
  // Adds the checks of the default channel to the header's; false if there is any error (then
  // no row is read).
  bool header(const csv::Header& header) {
    bool ok = header.ok();
    if (!default_text_.empty() && !default_channel_) {
      std::string detail = "the default channel ";
      detail.append(csv::excerpt(default_text_)).append(" must be ").append(kChannelList);
      errors_.add(header.line(), name(kChannel), "payment-channel", std::move(detail));
      ok = false;
    } else if (!header.index(kChannel) && !default_channel_) {
      errors_.add(header.line(), name(kChannel), "csv-missing-column",
                  "the header has no column channel and no default channel is given");
      ok = false;
    }
    return ok;
  }

  const std::string& cell(const csv::Record& record, Column c) const {
    return record.fields[*header_->index(c)];
  }

  void row(const csv::Record& record) {
    const std::int64_t line_no = record.line;
    bool ok = true;
    const auto fail = [&](Column c, std::string type, std::string detail) {
      errors_.add(line_no, name(c), std::move(type), std::move(detail));
      ok = false;
    };
    PaymentInput payment;

    payment.unit_code = cell(record, kUnit);
    if (!ledger::valid_unit_code(payment.unit_code)) {
      std::string detail = "unit code ";
      detail.append(csv::excerpt(payment.unit_code))
          .append(" must be 1-32 letters, digits and single '-' between them, e.g. 3-2-1502");
      fail(kUnit, "payment-unit", std::move(detail));
    }

    try {
      payment.amount = money::Amount::parse(cell(record, kAmount), name(kAmount));
      if (!payment.amount.is_positive()) {
        std::string detail = "a payment must be more than 0 yuan, not ";
        detail.append(payment.amount.to_string());
        fail(kAmount, "payment-amount", std::move(detail));
      }
    } catch (const Error& e) {
      fail(kAmount, e.type(), e.what());
    }

    payment.reference = cell(record, kReference);
    const bool reference_ok = !payment.reference.empty() &&
                              payment.reference.size() <= kMaxReferenceBytes &&
                              utf8::is_clean(payment.reference);
    if (!reference_ok) {
      std::string detail = "the channel's reference must be 1-";
      detail.append(std::to_string(kMaxReferenceBytes))
          .append(" bytes without control characters; it has ")
          .append(std::to_string(payment.reference.size()))
          .append(" bytes");
      fail(kReference, "payment-reference", std::move(detail));
    }

    try {
      payment.received_on = Date::parse(cell(record, kDate), name(kDate));
    } catch (const Error& e) {
      fail(kDate, e.type(), e.what());
    }

    const std::string_view channel_text =
        header_->index(kChannel) ? std::string_view(cell(record, kChannel)) : std::string_view();
    const std::optional<PaymentChannel> channel =
        channel_text.empty() ? default_channel_ : channel_of(channel_text);
    if (channel) {
      payment.channel = *channel;
    } else {
      std::string detail;
      if (channel_text.empty()) {
        detail = "the row names no channel and no default channel is given; use ";
      } else {
        detail = "channel ";
        detail.append(csv::excerpt(channel_text)).append(" must be ");
      }
      detail.append(kChannelList);
      fail(kChannel, "payment-channel", std::move(detail));
    }

    if (channel && reference_ok) {
      std::string key = to_string(*channel);
      key.append(1, '\n').append(payment.reference);  // neither may hold a line break
      const auto [it, inserted] = first_line_.try_emplace(std::move(key), line_no);
      if (!inserted) {
        std::string detail = "reference ";
        detail.append(csv::excerpt(payment.reference))
            .append(" of channel ")
            .append(to_string(*channel))
            .append(" is already on line ")
            .append(std::to_string(it->second));
        fail(kReference, "payment-duplicate-reference", std::move(detail));
      }
    }

    if (header_->index(kMemo)) {
      payment.memo = cell(record, kMemo);
      if (payment.memo.size() > kMaxPaymentMemoBytes || !utf8::is_clean(payment.memo)) {
        std::string detail = "the memo must be at most ";
        detail.append(std::to_string(kMaxPaymentMemoBytes))
            .append(" bytes on one line without control characters; it has ")
            .append(std::to_string(payment.memo.size()))
            .append(" bytes");
        fail(kMemo, "payment-memo", std::move(detail));
      }
    }

    if (ok) {
      out_.payments.push_back(std::move(payment));
      out_.lines.push_back(line_no);
    }
  }

  std::string default_text_;                       // default_channel as given
  std::optional<PaymentChannel> default_channel_;  // none if not given or not a channel
  PaymentsCsv out_;
  csv::Errors errors_{ledger::kMaxCsvErrors};
  const csv::Header* header_ = nullptr;                       // of the reader in run()
  std::unordered_map<std::string, std::int64_t> first_line_;  // line of each channel+reference
};

}  // namespace

PaymentsCsv parse_payments_csv(std::string_view text, std::string_view default_channel) {
  return Parser(default_channel).run(text);
}

}  // namespace trustfund::fees
