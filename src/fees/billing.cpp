// The monthly billing run; see billing.h.
//
// Designed for 10,000 units in well under a second: everything is read up front with a handful
// of queries, bills go into the journal a thousand to an entry, and the statements are cached.
// The prepayments are computed in memory; the journal entries are written first (the Writer
// joins the audited write's transaction) and the fee rows after them.
#include "trustfund/fees/billing.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "trustfund/core/error.h"
#include "trustfund/fees/schedule.h"
#include "trustfund/fees/settlement.h"
#include "trustfund/ledger/audited_write.h"

namespace trustfund::fees {

namespace accounts = ledger::accounts;
namespace {

struct UnitToBill {
  std::string code;
  std::string kind;
  money::Area area;
  Date fee_start;
};

struct NewBill {
  const UnitToBill* unit = nullptr;
  const Schedule* schedule = nullptr;
  std::int64_t days_billed = 0;
  money::Amount amount;
};

std::vector<UnitToBill> load_units(store::Database& db) {
  store::Statement& st = db.cached(
      "SELECT u.code, u.kind, u.area_hundredths_m2,"
      " coalesce(f.start_date, substr(u.created_at, 1, 10))"
      " FROM unit u LEFT JOIN fee_start f ON f.unit_code = u.code ORDER BY u.code");
  std::vector<UnitToBill> out;
  while (st.step()) {
    out.push_back({st.text(0), st.text(1), money::Area::from_hundredths_m2(st.int64(2)),
                   Date::parse(st.text_view(3), "fee_start")});
  }
  st.reset();
  return out;
}

std::unordered_set<std::string> billed_units(store::Database& db, Period month) {
  store::Statement& st = db.cached("SELECT unit_code FROM fee_bill WHERE period = ?1");
  st.bind(1, month.to_string());
  std::unordered_set<std::string> out;
  while (st.step())
    out.emplace(st.text_view(0));
  st.reset();
  return out;
}

// Each unit's prepayment: the credit balance of OP.2203@unit, as of the end of time.
std::unordered_map<std::string, money::Amount> prepayments(ledger::Books& books) {
  std::unordered_map<std::string, money::Amount> out;
  const ledger::Account* control = books.chart().find(accounts::kFeePrepayments);
  if (control == nullptr)
    return out;
  for (const ledger::AccountBalance& b : books.balances_as_of(Date::from_ymd(9999, 12, 31))) {
    if (b.account->parent_id == control->id && b.closing.is_negative())
      out.emplace(b.account->unit_code, -b.closing);
  }
  return out;
}

std::string chunk_memo(const char* what, Period month, std::size_t first, std::size_t last,
                       std::size_t total) {
  std::string memo = what;
  memo.append(" ").append(month.to_string()).append(", ");
  memo.append(std::to_string(first + 1)).append("-").append(std::to_string(last));
  memo.append(" of ").append(std::to_string(total));
  return memo;
}

}  // namespace

BillingResult bill_month(ledger::Books& books, Period month, const ledger::Actor& actor) {
  books.refresh();
  if (books.is_closed(month)) {
    throw Error::rule("period-closed", "month",
                      "period " + month.to_string() + " is closed; it cannot be billed");
  }
  store::Database& db = books.database();
  BillingResult result;
  result.month = month;
  // One transaction from the first read to the last row (as for a payment import): nothing
  // changes between what is read and what is written, and the reads (one per unit with a
  // prepayment) do not each open a read transaction of their own.
  ledger::AuditedWrite write(books, actor);

  const std::vector<UnitToBill> units = load_units(db);
  const std::unordered_set<std::string> billed = billed_units(db, month);
  std::unordered_map<std::string, std::optional<Schedule>> schedules;
  for (const char* kind : {"residential", "commercial", "parking"})
    schedules.emplace(kind, schedule_in_force(books, kind, month));

  const Date first = month.first_day(), last = month.last_day();
  const std::int64_t days_in_month = last.days_since_epoch() - first.days_since_epoch() + 1;
  std::vector<NewBill> bills;
  for (const UnitToBill& unit : units) {
    if (billed.contains(unit.code)) {
      ++result.already_billed;
      continue;
    }
    if (unit.fee_start > last) {
      result.skipped.push_back({unit.code, "fee-start-later"});
      continue;
    }
    const std::optional<Schedule>& schedule = schedules.at(unit.kind);
    if (!schedule) {
      result.skipped.push_back({unit.code, "no-schedule"});
      continue;
    }
    const std::int64_t days = unit.fee_start <= first
                                  ? days_in_month
                                  : last.days_since_epoch() - unit.fee_start.days_since_epoch() + 1;
    const money::Amount amount = monthly_fee(*schedule, unit.area, days, days_in_month);
    if (!amount.is_positive()) {
      result.skipped.push_back({unit.code, "zero-fee"});
      continue;
    }
    bills.push_back({&unit, &*schedule, days, amount});
  }

  // Prepayments, applied to the open bills oldest first (units in code order), computed in
  // memory before anything is written: each unit's open bills are read once, and its new bill
  // (not written yet, so it has no id) joins them as bill_id -(index in `bills` + 1).
  const auto prepaid = prepayments(books);
  struct Applied {
    std::string unit_code;
    money::Amount amount;
    std::vector<BillSettlement> settlements;
  };
  std::vector<Applied> applied;
  if (!prepaid.empty()) {
    std::unordered_map<std::string_view, std::size_t> new_bill_of;  // unit code -> index
    for (std::size_t i = 0; i < bills.size(); ++i)
      new_bill_of.emplace(bills[i].unit->code, i);
    for (const UnitToBill& unit : units) {
      const auto it = prepaid.find(unit.code);
      if (it == prepaid.end())
        continue;
      std::vector<OpenBill> open = load_open_bills(db, unit.code);
      if (const auto nb = new_bill_of.find(unit.code); nb != new_bill_of.end()) {
        OpenBill b;
        b.bill_id = -static_cast<std::int64_t>(nb->second) - 1;
        b.period = month;
        b.amount = bills[nb->second].amount;
        // Oldest first, as load_open_bills orders them (a unit has one bill per month).
        const auto at = std::upper_bound(open.begin(), open.end(), month,
                                         [](Period m, const OpenBill& o) { return m < o.period; });
        open.insert(at, b);
      }
      Applied a{unit.code, {}, {}};
      a.amount = settle_oldest_first(open, it->second, first, a.settlements);
      if (a.amount.is_positive())
        applied.push_back(std::move(a));
    }
  }

  // The journal entries first, through a Writer that joins the audited write's transaction (no
  // savepoint: inside one, each row's statement journal would pile up in its sub-journal until
  // the end); the fee rows after them, in the same transaction.
  std::vector<std::int64_t> bill_entry_of;  // per bill: its entry's seq
  bill_entry_of.reserve(bills.size());
  {
    ledger::Books::Writer writer(books, ledger::Books::Writer::Nesting::join);
    for (std::size_t begin = 0; begin < bills.size(); begin += kBillsPerEntry) {
      const std::size_t end = std::min(bills.size(), begin + kBillsPerEntry);
      ledger::EntryInput entry;
      entry.date = first;
      entry.kind = "fee_bill";
      entry.memo = chunk_memo("Property fees", month, begin, end, bills.size());
      entry.postings.reserve(end - begin + 1);
      money::Amount sum;
      for (std::size_t i = begin; i < end; ++i) {
        entry.postings.push_back(
            {ledger::unit_account_code(accounts::kFeesReceivable, bills[i].unit->code),
             bills[i].amount});
        sum += bills[i].amount;
      }
      entry.postings.push_back({accounts::kFeeIncome, -sum});
      const ledger::RecordedEntry rec = writer.add(entry, actor.name());
      result.bill_entries.push_back(rec.seq);
      result.total += sum;
      bill_entry_of.insert(bill_entry_of.end(), end - begin, rec.seq);
    }
    result.bills_created = static_cast<std::int64_t>(bills.size());

    for (std::size_t begin = 0; begin < applied.size(); begin += kBillsPerEntry) {
      const std::size_t end = std::min(applied.size(), begin + kBillsPerEntry);
      ledger::EntryInput entry;
      entry.date = first;
      entry.kind = "prepayment";
      entry.memo = chunk_memo("Prepaid fees applied,", month, begin, end, applied.size());
      entry.postings.reserve(2 * (end - begin));
      for (std::size_t i = begin; i < end; ++i) {
        entry.postings.push_back(
            {ledger::unit_account_code(accounts::kFeePrepayments, applied[i].unit_code),
             applied[i].amount});
        entry.postings.push_back(
            {ledger::unit_account_code(accounts::kFeesReceivable, applied[i].unit_code),
             -applied[i].amount});
      }
      const ledger::RecordedEntry rec = writer.add(entry, actor.name());
      result.prepayment_entries.push_back(rec.seq);
      for (std::size_t i = begin; i < end; ++i)
        result.prepayment_applied += applied[i].amount;
    }
    result.prepayment_units = static_cast<std::int64_t>(applied.size());
    writer.commit();
  }

  store::Statement& insert = db.cached(
      "INSERT INTO fee_bill (unit_code, period, bill_date, schedule_id, days_billed,"
      " days_in_month, amount_fen, entry_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  const std::string period_text = month.to_string(), date_text = first.to_string();
  std::vector<std::int64_t> bill_ids;
  bill_ids.reserve(bills.size());
  for (std::size_t i = 0; i < bills.size(); ++i) {
    insert.bind_static(1, bills[i].unit->code)
        .bind_static(2, period_text)
        .bind_static(3, date_text)
        .bind(4, bills[i].schedule->id)
        .bind(5, bills[i].days_billed)
        .bind(6, days_in_month)
        .bind(7, bills[i].amount.fen())
        .bind(8, bill_entry_of[i])
        .run();
    bill_ids.push_back(db.last_insert_rowid());
  }
  SettlementWriter settlements(db);
  for (std::size_t i = 0; i < applied.size(); ++i) {
    const std::int64_t seq = result.prepayment_entries[i / kBillsPerEntry];
    for (BillSettlement& s : applied[i].settlements) {
      if (s.bill_id < 0)
        s.bill_id = bill_ids[static_cast<std::size_t>(-s.bill_id - 1)];
      settlements.add(s, first, std::nullopt, seq);
    }
  }
  settlements.finish();
  write.commit("bill_month", "period:" + month.to_string());
  return result;
}

void set_fee_start(ledger::Books& books, const std::string& unit_code, Date start,
                   const ledger::Actor& actor) {
  store::Database& db = books.database();
  (void)fee_start(books, unit_code);  // the unit exists
  ledger::AuditedWrite write(books, actor);
  {
    store::Statement& st = db.cached("SELECT min(period) FROM fee_bill WHERE unit_code = ?1");
    st.bind(1, unit_code);
    st.step();
    const std::string first_bill = st.is_null(0) ? "" : st.text(0);
    st.reset();
    if (!first_bill.empty()) {
      throw Error::rule("fee-start-after-billing", "fee_start",
                        "unit " + unit_code + " was first billed for " + first_bill +
                            "; its fee start can no longer change");
    }
  }
  db.cached(
        "INSERT INTO fee_start (unit_code, start_date, set_at, set_by) VALUES (?1, ?2, ?3, ?4)"
        " ON CONFLICT (unit_code) DO UPDATE SET start_date = excluded.start_date,"
        " set_at = excluded.set_at, set_by = excluded.set_by")
      .bind(1, unit_code)
      .bind(2, start.to_string())
      .bind(3, utc_timestamp_now())
      .bind(4, actor.name())
      .run();
  write.commit("set_fee_start", "unit:" + unit_code, start.to_string());
}

Date fee_start(ledger::Books& books, const std::string& unit_code) {
  store::Statement& st = books.database().cached(
      "SELECT coalesce(f.start_date, substr(u.created_at, 1, 10)) FROM unit u"
      " LEFT JOIN fee_start f ON f.unit_code = u.code WHERE u.code = ?1");
  st.bind(1, unit_code);
  if (!st.step()) {
    st.reset();
    throw Error::not_found("unit-unknown", "unit", "no unit " + unit_code);
  }
  const Date out = Date::parse(st.text_view(0), "fee_start");
  st.reset();
  return out;
}

}  // namespace trustfund::fees
