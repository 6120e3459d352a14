#include "trustfund/fees/public_revenue.h"

#include "trustfund/core/error.h"
#include "trustfund/core/utf8.h"
#include "trustfund/fees/fee_write.h"
#include "trustfund/money/rounding.h"
#include "trustfund/money/split.h"
#include "trustfund/store/database.h"

namespace trustfund::fees {
namespace {

constexpr std::size_t kMaxTextBytes = 200;
constexpr std::size_t kUnitsPerTransferEntry = 5'000;  // postings of one entry stay bounded
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
    if (code == "PR.6601")
      s.costs += b.debit - b.credit;
    if (code == "PR.3201")
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
  static const char* const kAccounts[] = {"PR.6051.01", "PR.6051.02", "PR.6051.03", "PR.6051.04",
                                          "PR.6051.05", "PR.6051.06", "PR.6051.07"};
  return kAccounts[static_cast<std::size_t>(c)];
}

std::int64_t record_public_revenue(ledger::Books& books, const RevenueReceipt& receipt,
                                   const std::string& actor,
                                   const std::optional<ledger::ActionRecord>& action) {
  check_amount(receipt.amount);
  check_text(receipt.memo, "memo", 1, kMaxTextBytes);
  check_actor(actor);
  FeeWrite write(books);
  const std::int64_t seq = post_one(
      books,
      entry(
          receipt.received_on, "public_revenue",
          std::string("公共收益 public revenue (") + to_string(receipt.revenue_class) +
              "): " + receipt.memo,
          {{"PR.1002", receipt.amount}, {revenue_account(receipt.revenue_class), -receipt.amount}}),
      actor);
  write.commit(action);
  return seq;
}

std::int64_t record_public_revenue_cost(ledger::Books& books, const RevenueCost& cost,
                                        const std::string& actor,
                                        const std::optional<ledger::ActionRecord>& action) {
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
  check_actor(actor);
  FeeWrite write(books);
  std::string memo = "公共收益成本 cost: " + cost.payee + ", voucher " + cost.voucher_no;
  if (!cost.memo.empty())
    memo.append(" (").append(cost.memo).append(")");
  const std::int64_t seq = post_one(
      books,
      entry(cost.paid_on, "expense", memo, {{"PR.6601", cost.amount}, {"PR.1002", -cost.amount}}),
      actor);
  books.database()
      .prepare(
          "INSERT INTO public_revenue_voucher (entry_seq, voucher_no, sha256, payee) "
          "VALUES (?1, ?2, ?3, ?4)")
      .bind(1, seq)
      .bind(2, cost.voucher_no)
      .bind(3, cost.voucher_sha256)
      .bind(4, cost.payee)
      .run();
  write.commit(action);
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

RepairFundTransfer transfer_to_repair_fund(ledger::Books& books, Period from, Period to,
                                           money::Rate share, const std::string& actor,
                                           const std::optional<ledger::ActionRecord>& action) {
  if (share.millionths() <= 0 || share.millionths() > 1'000'000) {
    throw Error::invalid("transfer-share", "share",
                         "the share is a fraction above 0 and at most 1, e.g. 0.5");
  }
  check_actor(actor);
  store::Database& db = books.database();
  {
    store::Statement st = db.prepare(
        "SELECT from_period, to_period FROM public_revenue_transfer "
        "WHERE NOT (to_period < ?1 OR from_period > ?2)");
    st.bind(1, from.to_string()).bind(2, to.to_string());
    if (st.step()) {
      throw Error::conflict(
          "transfer-overlap", "from",
          "public revenue of " + st.text(0) + ".." + st.text(1) + " was transferred already");
    }
  }
  const PublicRevenueSummary summary = public_revenue_summary(books, from, to);
  RepairFundTransfer t;
  t.from = from;
  t.to = to;
  t.net = summary.net;
  t.share = share;
  if (summary.net.fen() > 0)
    t.amount = money::times(summary.net, share);
  FeeWrite write(books);
  if (!t.amount.is_zero()) {
    const std::vector<ledger::Unit> units = books.units();
    if (units.empty()) {
      throw Error::rule("transfer-no-units", "", "the estate has no units to credit");
    }
    std::vector<money::SplitShare> by_area;
    for (const ledger::Unit& u : units)
      by_area.push_back({u.code, u.area.hundredths_m2()});
    const std::vector<money::Amount> parts = money::split(t.amount, by_area);
    const Date day = to.last_day();
    const std::string memo = "公共收益转入专项维修资金 " + share.to_string() +
                             " of the net public revenue of " + from.to_string() + ".." +
                             to.to_string() + ", split by area";
    for (std::size_t start = 0; start < units.size(); start += kUnitsPerTransferEntry) {
      const std::size_t end = std::min(units.size(), start + kUnitsPerTransferEntry);
      std::vector<ledger::PostingInput> p;
      money::Amount chunk;
      for (std::size_t i = start; i < end; ++i) {
        if (parts[i].is_zero())
          continue;
        p.push_back({ledger::unit_account_code("RF.3001", units[i].code), -parts[i]});
        chunk += parts[i];
      }
      if (chunk.is_zero())
        continue;
      p.push_back({"RF.1002", chunk});
      if (start == 0) {
        p.push_back({"PR.3201", t.amount});
        p.push_back({"PR.1002", -t.amount});
      }
      const std::int64_t seq = post_one(books, entry(day, "transfer", memo, std::move(p)), actor);
      if (!t.entry_seq)
        t.entry_seq = seq;
    }
    for (std::size_t i = 0; i < units.size(); ++i)
      t.by_unit.emplace_back(units[i].code, parts[i]);
  }
  store::Statement insert = db.prepare(
      "INSERT INTO public_revenue_transfer (from_period, to_period, net_fen, share_millionths,"
      " amount_fen, entry_seq, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  insert.bind(1, from.to_string())
      .bind(2, to.to_string())
      .bind(3, t.net.fen())
      .bind(4, share.millionths())
      .bind(5, t.amount.fen());
  if (t.entry_seq)
    insert.bind(6, *t.entry_seq);
  else
    insert.bind_null(6);
  insert.bind(7, utc_timestamp_now()).bind(8, actor).run();
  write.commit(action);
  return t;
}

}  // namespace trustfund::fees
