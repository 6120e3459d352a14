// Public revenue (公共收益): what the estate's common parts earn for the owners (parking,
// advertising, venue rental, telecom sites, compensation, interest, other), the reasonable costs
// charged against it (each with its voucher), and the net and what was transferred, the figures
// the repair fund's transfer of a share of the net (repairfund/revenue_transfer.h) starts from.
//
// Entries (in the public revenue fund PR):
//   receipt   Dr PR.1002              Cr PR.6051.0x (the class)
//   cost      Dr PR.6601              Cr PR.1002
// (The transfer's Dr PR.3201 Cr PR.1002 is counted here as `transferred`.)
//
// Writes are audited writes (ledger/audited_write.h), logged as "record_public_revenue" (target
// the class, detail the amount) and "record_public_revenue_cost" (voucher:<no>, the amount).
//
// Thread-safety: like Books, one thread at a time.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "trustfund/ledger/actor.h"
#include "trustfund/ledger/books.h"

namespace trustfund::fees {

enum class RevenueClass { parking, advertising, venue, telecom, compensation, interest, other };
inline constexpr std::array<RevenueClass, 7> kRevenueClasses = {
    RevenueClass::parking, RevenueClass::advertising,  RevenueClass::venue,
    RevenueClass::telecom, RevenueClass::compensation, RevenueClass::interest,
    RevenueClass::other};
const char* to_string(RevenueClass c) noexcept;  // "parking", ...
// Error::invalid("revenue-class", field) for any other text.
RevenueClass parse_revenue_class(std::string_view text, std::string_view field = "class");
// The income account of a class: "PR.6051.01" (parking) .. "PR.6051.07" (other).
const char* revenue_account(RevenueClass c) noexcept;

struct RevenueReceipt {
  RevenueClass revenue_class = RevenueClass::parking;
  money::Amount amount;  // > 0
  Date received_on;
  std::string memo;  // 1-200 bytes: who paid, what for
};
// Returns the entry's seq.
std::int64_t record_public_revenue(ledger::Books& books, const RevenueReceipt& receipt,
                                   const ledger::Actor& actor);

struct RevenueCost {
  money::Amount amount;  // > 0
  Date paid_on;
  std::string payee;           // 1-200 bytes
  std::string voucher_no;      // 1-64 bytes: the invoice or contract number
  std::string voucher_sha256;  // SHA-256 of the voucher's file, 64 lower-case hex digits
  std::string memo;            // up to 200 bytes
};
// A reasonable cost charged to public revenue, with its voucher. Returns the entry's seq.
std::int64_t record_public_revenue_cost(ledger::Books& books, const RevenueCost& cost,
                                        const ledger::Actor& actor);

struct PublicRevenueSummary {
  Period from, to;
  std::array<money::Amount, kRevenueClasses.size()> gross_by_class{};  // by RevenueClass
  money::Amount gross, costs, net;                                     // net = gross - costs
  money::Amount transferred;  // to the repair fund, by transfers dated in the range
  bool operator==(const PublicRevenueSummary&) const = default;
};
// The months from..to inclusive (at most 120), from the journal.
PublicRevenueSummary public_revenue_summary(ledger::Books& books, Period from, Period to);
// One month from its balances, books.period_balances(month), for a caller that has read them
// already (a statement): the same figures as public_revenue_summary(books, month, month).
PublicRevenueSummary public_revenue_summary(Period month,
                                            const std::vector<ledger::AccountBalance>& balances);

}  // namespace trustfund::fees
