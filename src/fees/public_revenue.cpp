#include "trustfund/fees/public_revenue.h"

#include "trustfund/core/error.h"
#include "trustfund/core/utf8.h"
#include "trustfund/ledger/audited_write.h"
#include "trustfund/store/database.h"

namespace trustfund::fees {

namespace accounts = ledger::accounts;
namespace {

constexpr std::size_t kMaxTextBytes = 200;
constexpr int kMaxSummaryMonths = 120;

void check_text(const std::string& text, const char* field, std::size_t min, std::size_t max) {
  if (text.size() < min || text.size() > max) {
    throw Error::invalid("public-revenue-text", field,
                         std::string(field) + " must be " + std::to_string(min) + "-" +
                             std::to_string(max) + " bytes");
  }
  if (!utf8::is_clean(text)) {
    throw Error::invalid("public-revenue-text", field,
                         std::string(field) + " must not hold control characters");
  }
}

void check_amount(money::Amount amount) {
  if (amount.fen() <= 0)
    throw Error::invalid("public-revenue-amount", "amount", "the amount must be more than 0.00");
}

ledger::EntryInput entry(Date date, const char* kind, std::string memo,
                         std::vector<ledger::PostingInput> postings) {
  ledger::EntryInput e;
  e.date = date;
  e.kind = kind;
  e.memo = std::move(memo);
  e.postings = std::move(postings);
  return e;
}

std::int64_t post_one(ledger::Books& books, const ledger::EntryInput& e, const std::string& actor) {
  ledger::Books::Writer writer(books);
  const std::int64_t seq = writer.add(e, actor).seq;
  writer.commit();
  return seq;
}

int months_between(Period from, Period to) {
  return (to.year() - from.year()) * 12 + static_cast<int>(to.month()) -
         static_cast<int>(from.month()) + 1;
}

// Adds one month's movements (its period_balances) to `s`; gross and net are left to total().
void add_month(PublicRevenueSummary& s, const std::vector<ledger::AccountBalance>& balances) {
  for (const ledger::AccountBalance& b : balances) {
    const std::string& code = b.account->code;
    for (const RevenueClass c : kRevenueClasses) {
      if (code == revenue_account(c))
        s.gross_by_class[static_cast<std::size_t>(c)] += b.credit - b.debit;
    }
    if (code == accounts::kPublicRevenueCosts)
      s.costs += b.debit - b.credit;
    if (code == accounts::kTransfersToRepairFund)
      s.transferred += b.debit - b.credit;
  }
}

void total(PublicRevenueSummary& s) {
  for (const money::Amount a : s.gross_by_class)
    s.gross += a;
  s.net = s.gross - s.costs;
}

}  // namespace

const char* to_string(RevenueClass c) noexcept {
  switch (c) {
    case RevenueClass::parking:
      return "parking";
    case RevenueClass::advertising:
      return "advertising";
    case RevenueClass::venue:
      return "venue";
    case RevenueClass::telecom:
      return "telecom";
    case RevenueClass::compensation:
      return "compensation";
    case RevenueClass::interest:
      return "interest";
    case RevenueClass::other:
      return "other";
  }
  return "other";
}

RevenueClass parse_revenue_class(std::string_view text, std::string_view field) {
  for (const RevenueClass c : kRevenueClasses) {
    if (text == to_string(c))
      return c;
  }
  throw Error::invalid("revenue-class", std::string(field),
                       "the class is one of parking, advertising, venue, telecom, compensation, "
                       "interest, other");
}

const char* revenue_account(RevenueClass c) noexcept {
  static const char* const kAccounts[] = {
      accounts::kParkingRevenue, accounts::kAdvertisingRevenue,  accounts::kVenueRevenue,
      accounts::kTelecomRevenue, accounts::kCompensationRevenue, accounts::kInterestRevenue,
      accounts::kOtherRevenue};
  return kAccounts[static_cast<std::size_t>(c)];
}

std::int64_t record_public_revenue(ledger::Books& books, const RevenueReceipt& receipt,
                                   const ledger::Actor& actor) {
  check_amount(receipt.amount);
  check_text(receipt.memo, "memo", 1, kMaxTextBytes);
  ledger::AuditedWrite write(books, actor);
  const std::int64_t seq =
      post_one(books,
               entry(receipt.received_on, "public_revenue",
                     std::string("公共收益 public revenue (") + to_string(receipt.revenue_class) +
                         "): " + receipt.memo,
                     {{accounts::kPublicRevenueBank, receipt.amount},
                      {revenue_account(receipt.revenue_class), -receipt.amount}}),
               actor.name());
  write.commit("record_public_revenue", to_string(receipt.revenue_class),
               receipt.amount.to_string());
  return seq;
}

std::int64_t record_public_revenue_cost(ledger::Books& books, const RevenueCost& cost,
                                        const ledger::Actor& actor) {
  check_amount(cost.amount);
  check_text(cost.payee, "payee", 1, kMaxTextBytes);
  check_text(cost.voucher_no, "voucher_no", 1, 64);
  check_text(cost.memo, "memo", 0, kMaxTextBytes);
  const bool hex64 = cost.voucher_sha256.size() == 64 &&
                     cost.voucher_sha256.find_first_not_of("0123456789abcdef") == std::string::npos;
  if (!hex64) {
    throw Error::invalid("voucher-sha256", "voucher_sha256",
                         "give the SHA-256 of the voucher's file as 64 lower-case hex digits");
  }
  ledger::AuditedWrite write(books, actor);
  std::string memo = "公共收益成本 cost: " + cost.payee + ", voucher " + cost.voucher_no;
  if (!cost.memo.empty())
    memo.append(" (").append(cost.memo).append(")");
  const std::int64_t seq = post_one(books,
                                    entry(cost.paid_on, "expense", memo,
                                          {{accounts::kPublicRevenueCosts, cost.amount},
                                           {accounts::kPublicRevenueBank, -cost.amount}}),
                                    actor.name());
  books.database()
      .prepare(
          "INSERT INTO public_revenue_voucher (entry_seq, voucher_no, sha256, payee) "
          "VALUES (?1, ?2, ?3, ?4)")
      .bind(1, seq)
      .bind(2, cost.voucher_no)
      .bind(3, cost.voucher_sha256)
      .bind(4, cost.payee)
      .run();
  write.commit("record_public_revenue_cost", "voucher:" + cost.voucher_no, cost.amount.to_string());
  return seq;
}

PublicRevenueSummary public_revenue_summary(ledger::Books& books, Period from, Period to) {
  const int months = months_between(from, to);
  if (months < 1 || months > kMaxSummaryMonths) {
    throw Error::invalid(
        "period-range", "to",
        "give 1 to " + std::to_string(kMaxSummaryMonths) + " months, from before or equal to to");
  }
  PublicRevenueSummary s;
  s.from = from;
  s.to = to;
  Period month = from;
  for (int i = 0; i < months; ++i, month = month.next())
    add_month(s, books.period_balances(month));
  total(s);
  return s;
}

PublicRevenueSummary public_revenue_summary(Period month,
                                            const std::vector<ledger::AccountBalance>& balances) {
  PublicRevenueSummary s;
  s.from = month;
  s.to = month;
  add_month(s, balances);
  total(s);
  return s;
}

}  // namespace trustfund::fees
