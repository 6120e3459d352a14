// The transfer of public revenue to the repair fund; see revenue_transfer.h.
#include "trustfund/repairfund/revenue_transfer.h"

#include <algorithm>

#include "trustfund/core/error.h"
#include "trustfund/fees/public_revenue.h"
#include "trustfund/ledger/audited_write.h"
#include "trustfund/money/rounding.h"
#include "trustfund/money/split.h"
#include "trustfund/store/database.h"

namespace trustfund::repairfund {

namespace accounts = ledger::accounts;
namespace {

// Error::conflict "transfer-overlap" if a transfer already covers a month of from..to.
void check_not_transferred(store::Database& db, Period from, Period to) {
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

// Posts the transfer's entries (see the file comment) and fills t.entry_seq and t.by_unit.
void post_transfer(ledger::Books& books, RepairFundTransfer& t, const ledger::Actor& actor) {
  const std::vector<ledger::Unit> units = books.units();
  if (units.empty()) {
    throw Error::rule("transfer-no-units", "", "the estate has no units to credit");
  }
  std::vector<money::SplitShare> by_area;
  for (const ledger::Unit& u : units)
    by_area.push_back({u.code, u.area.hundredths_m2()});
  const std::vector<money::Amount> parts = money::split(t.amount, by_area);
  const std::string memo = "公共收益转入专项维修资金 " + t.share.to_string() +
                           " of the net public revenue of " + t.from.to_string() + ".." +
                           t.to.to_string() + ", split by area";
  for (std::size_t start = 0; start < units.size(); start += kUnitsPerTransferEntry) {
    const std::size_t end = std::min(units.size(), start + kUnitsPerTransferEntry);
    ledger::EntryInput e;
    e.date = t.to.last_day();
    e.kind = "transfer";
    e.memo = memo;
    money::Amount chunk;
    for (std::size_t i = start; i < end; ++i) {
      if (parts[i].is_zero())
        continue;
      e.postings.push_back(
          {ledger::unit_account_code(accounts::kRepairSubAccounts, units[i].code), -parts[i]});
      chunk += parts[i];
    }
    if (chunk.is_zero())
      continue;
    e.postings.push_back({accounts::kRepairBank, chunk});
    if (start == 0) {
      e.postings.push_back({accounts::kTransfersToRepairFund, t.amount});
      e.postings.push_back({accounts::kPublicRevenueBank, -t.amount});
    }
    ledger::Books::Writer writer(books);
    const std::int64_t seq = writer.add(e, actor.name()).seq;
    writer.commit();
    if (!t.entry_seq)
      t.entry_seq = seq;
  }
  for (std::size_t i = 0; i < units.size(); ++i)
    t.by_unit.emplace_back(units[i].code, parts[i]);
}

}  // namespace

RepairFundTransfer transfer_to_repair_fund(ledger::Books& books, Period from, Period to,
                                           money::Rate share, const ledger::Actor& actor) {
  if (share.millionths() <= 0 || share.millionths() > 1'000'000) {
    throw Error::invalid("transfer-share", "share",
                         "the share is a fraction above 0 and at most 1, e.g. 0.5");
  }
  store::Database& db = books.database();
  check_not_transferred(db, from, to);
  const fees::PublicRevenueSummary summary = fees::public_revenue_summary(books, from, to);
  RepairFundTransfer t;
  t.from = from;
  t.to = to;
  t.net = summary.net;
  t.share = share;
  if (summary.net.fen() > 0)
    t.amount = money::times(summary.net, share);
  ledger::AuditedWrite write(books, actor);
  if (!t.amount.is_zero())
    post_transfer(books, t, actor);
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
  insert.bind(7, utc_timestamp_now()).bind(8, actor.name()).run();
  write.commit("transfer_public_revenue", "periods:" + from.to_string() + ".." + to.to_string(),
               share.to_string());
  return t;
}

}  // namespace trustfund::repairfund
