// Repair fund unit sub-accounts; see subaccounts.h.
#include "trustfund/repairfund/subaccounts.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "trustfund/core/error.h"
#include "trustfund/ledger/audited_write.h"
#include "trustfund/money/rounding.h"
#include "trustfund/money/split.h"
#include "trustfund/repairfund/settings.h"

namespace trustfund::repairfund {

namespace accounts = ledger::accounts;
namespace {

constexpr std::size_t kMaxDepositsPerCall = 100'000;

std::string sub(const std::string& unit) {
  return ledger::unit_account_code(accounts::kRepairSubAccounts, unit);
}

}  // namespace

const char* to_string(DepositKind kind) noexcept {
  return kind == DepositKind::first ? "first" : "top_up";
}

DepositKind parse_deposit_kind(std::string_view text, std::string_view field) {
  if (text == "first")
    return DepositKind::first;
  if (text == "top_up")
    return DepositKind::top_up;
  throw Error::invalid("deposit-kind", std::string(field), "a deposit is first or top_up");
}

const char* to_string(InterestBasis basis) noexcept {
  return basis == InterestBasis::balance ? "balance" : "area";
}

InterestBasis parse_interest_basis(std::string_view text, std::string_view field) {
  if (text == "balance")
    return InterestBasis::balance;
  if (text == "area")
    return InterestBasis::area;
  throw Error::invalid("interest-basis", std::string(field),
                       "interest is allocated by balance or by area");
}

std::vector<std::int64_t> record_deposits(ledger::Books& books,
                                          const std::vector<DepositInput>& deposits,
                                          const ledger::Actor& actor) {
  if (deposits.empty() || deposits.size() > kMaxDepositsPerCall)
    throw Error::invalid("deposits-count", "deposits", "1 to 100000 deposits at a time");
  books.refresh();
  store::Database& db = books.database();
  std::set<std::string> units;
  for (const ledger::Unit& u : books.units())
    units.insert(u.code);
  std::set<std::string> with_first;
  {
    store::Statement& st = db.cached("SELECT unit_code FROM repair_deposit WHERE kind = 'first'");
    while (st.step())
      with_first.emplace(st.text_view(0));
    st.reset();
  }
  std::map<Date, std::vector<std::size_t>> by_date;
  for (std::size_t i = 0; i < deposits.size(); ++i) {
    const DepositInput& d = deposits[i];
    const std::string at = "deposits[" + std::to_string(i) + "]";
    if (!units.contains(d.unit_code))
      throw Error::not_found("unit-unknown", at + ".unit", "no unit " + d.unit_code);
    if (!d.amount.is_positive())
      throw Error::invalid("deposit-amount", at + ".amount", "a deposit is more than 0 yuan");
    if (books.is_closed(Period::of(d.received_on))) {
      throw Error::rule("period-closed", at + ".date",
                        "period " + Period::of(d.received_on).to_string() + " is closed");
    }
    if (d.kind == DepositKind::first && !with_first.insert(d.unit_code).second) {
      throw Error::conflict("deposit-first-twice", at + ".kind",
                            "unit " + d.unit_code + " has its first deposit already");
    }
    if (d.kind == DepositKind::top_up && !with_first.contains(d.unit_code)) {
      throw Error::rule("deposit-top-up-first", at + ".kind",
                        "unit " + d.unit_code + " has no first deposit to top up");
    }
    by_date[d.received_on].push_back(i);
  }
  ledger::AuditedWrite write(books, actor);
  std::vector<std::int64_t> seqs;
  {
    ledger::Books::Writer writer(books, ledger::Books::Writer::Nesting::join);
    for (const auto& [date, rows] : by_date) {
      ledger::EntryInput e;
      e.date = date;
      e.kind = "payment";
      e.memo = "Repair fund deposits received " + date.to_string() + ", " +
               std::to_string(rows.size()) + " units";
      money::Amount total;
      std::map<std::string, money::Amount> per_unit;
      for (const std::size_t i : rows) {
        total += deposits[i].amount;
        per_unit[deposits[i].unit_code] += deposits[i].amount;
      }
      e.postings.push_back({accounts::kRepairBank, total});
      for (const auto& [unit, amount] : per_unit)
        e.postings.push_back({sub(unit), -amount});
      seqs.push_back(writer.add(e, actor.name()).seq);
    }
    writer.commit();
  }
  store::Statement& ins = db.cached(
      "INSERT INTO repair_deposit (unit_code, kind, amount_fen, received_on, entry_seq,"
      " recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  std::size_t k = 0;
  for (const auto& [date, rows] : by_date) {
    for (const std::size_t i : rows) {
      ins.bind(1, deposits[i].unit_code)
          .bind(2, to_string(deposits[i].kind))
          .bind(3, deposits[i].amount.fen())
          .bind(4, date.to_string())
          .bind(5, seqs[k])
          .bind(6, actor.name())
          .run();
    }
    ++k;
  }
  write.commit("record_repair_deposits", "deposits:" + std::to_string(deposits.size()));
  return seqs;
}

InterestAllocation allocate_interest(ledger::Books& books, money::Amount amount, Date date,
                                     InterestBasis basis, const ledger::Actor& actor) {
  if (!amount.is_positive())
    throw Error::invalid("interest-amount", "amount", "interest to allocate is more than 0 yuan");
  books.refresh();
  std::vector<money::SplitShare> shares;
  std::vector<std::string> codes;
  if (basis == InterestBasis::area) {
    for (const ledger::Unit& u : books.units()) {
      shares.push_back({u.code, u.area.hundredths_m2()});
      codes.push_back(u.code);
    }
  } else {
    for (const SubAccount& s : sub_accounts(books, date)) {
      shares.push_back({s.unit_code, s.balance.is_positive() ? s.balance.fen() : 0});
      codes.push_back(s.unit_code);
    }
  }
  std::int64_t weight = 0;
  for (const auto& s : shares)
    weight += s.weight;
  if (weight == 0) {
    throw Error::rule("interest-no-base", "basis",
                      std::string("no unit has a ") +
                          (basis == InterestBasis::area ? "area" : "balance") +
                          " to allocate interest by");
  }
  const std::vector<money::Amount> parts = money::split(amount, shares);
  InterestAllocation out;
  out.amount = amount;
  out.basis = basis;
  out.date = date;
  ledger::EntryInput e;
  e.date = date;
  e.kind = "interest";
  e.memo = "Repair fund interest " + amount.to_string() + " allocated by " + to_string(basis);
  e.postings.push_back({accounts::kRepairBank, amount});
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].is_zero())
      continue;
    e.postings.push_back({sub(codes[i]), -parts[i]});
    out.by_unit.emplace_back(codes[i], parts[i]);
  }
  ledger::AuditedWrite write(books, actor);
  {
    ledger::Books::Writer writer(books, ledger::Books::Writer::Nesting::join);
    out.entry_seq = writer.add(e, actor.name()).seq;
    writer.commit();
  }
  write.commit("allocate_repair_interest", "interest:" + date.to_string());
  return out;
}

std::vector<SubAccount> sub_accounts(ledger::Books& books, Date as_of) {
  return sub_accounts(books, as_of, books.balances_as_of(as_of));
}

std::vector<SubAccount> sub_accounts(ledger::Books& books, Date as_of,
                                     const std::vector<ledger::AccountBalance>& balances) {
  const RepairSettings settings = settings_on(books, as_of);
  std::unordered_map<std::string, money::Amount> balance;
  for (const ledger::AccountBalance& b : balances) {
    const ledger::Account& a = *b.account;
    if (!a.unit_code.empty() && ledger::is_unit_account_of(a.code, accounts::kRepairSubAccounts))
      balance[a.unit_code] = -b.closing;
  }
  store::Database& db = books.database();
  std::unordered_map<std::string, std::pair<money::Amount, money::Amount>> deposits;
  {
    store::Statement& st = db.cached(
        "SELECT unit_code, kind, sum(amount_fen) FROM repair_deposit WHERE received_on <= ?1"
        " GROUP BY unit_code, kind");
    st.bind(1, as_of.to_string());
    while (st.step()) {
      auto& d = deposits[std::string(st.text_view(0))];
      (st.text_view(1) == "first" ? d.first : d.second) = money::Amount::from_fen(st.int64(2));
    }
    st.reset();
  }
  std::unordered_map<std::string, money::Amount> charged;
  {
    store::Statement& st = db.cached(
        "SELECT c.unit_code, sum(c.amount_fen) FROM repair_charge c"
        " JOIN repair_project p ON p.project_id = c.project_id"
        " JOIN journal_entry j ON j.seq = p.settle_seq WHERE j.accounting_date <= ?1 GROUP BY "
        "c.unit_code");
    st.bind(1, as_of.to_string());
    while (st.step())
      charged[std::string(st.text_view(0))] = money::Amount::from_fen(st.int64(1));
    st.reset();
  }
  std::vector<SubAccount> out;
  for (const ledger::Unit& u : books.units()) {
    SubAccount s;
    s.unit_code = u.code;
    s.area = u.area;
    if (const auto it = deposits.find(u.code); it != deposits.end()) {
      s.first_deposit = it->second.first;
      s.top_ups = it->second.second;
    }
    if (const auto it = charged.find(u.code); it != charged.end())
      s.charged = it->second;
    if (const auto it = balance.find(u.code); it != balance.end())
      s.balance = it->second;
    s.needs_top_up = s.first_deposit.is_positive() &&
                     s.balance < money::times(s.first_deposit, settings.top_up_share);
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(),
            [](const SubAccount& a, const SubAccount& b) { return a.unit_code < b.unit_code; });
  return out;
}

RepairFundReconciliation reconcile(ledger::Books& books, Date as_of) {
  RepairFundReconciliation r;
  for (const ledger::AccountBalance& b : books.balances_as_of(as_of)) {
    const ledger::Account& a = *b.account;
    if (a.code == accounts::kRepairBank)
      r.bank = b.closing;
    else if (a.code == accounts::kRepairWorksInProgress)
      r.works_in_progress = b.closing;
    else if (a.code == accounts::kRepairPayables)
      r.payables = -b.closing;
    else if (a.code == accounts::kRepairRetention)
      r.retention = -b.closing;
    else if (a.code == accounts::kRepairSubAccounts)
      r.control = -b.closing;
    else if (ledger::is_unit_account_of(a.code, accounts::kRepairSubAccounts))
      r.sub_accounts += -b.closing;
  }
  r.balanced = r.control == r.sub_accounts &&
               r.bank == r.sub_accounts + r.payables + r.retention - r.works_in_progress;
  return r;
}

}  // namespace trustfund::repairfund
