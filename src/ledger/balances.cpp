// Balance queries over the running balances kept by the writer: a few row reads each.
#include <algorithm>
#include <unordered_map>

#include "books_impl.h"
#include "trustfund/core/error.h"

namespace trustfund::ledger {

money::Amount Books::balance(const std::string& code, Date as_of) const {
  const Account& account = impl_->chart.require(code, "account");
  const Period period = Period::of(as_of);
  store::Statement& before = impl_->statement(
      "SELECT closing_fen FROM balance_period WHERE account_id = ?1 AND period < ?2"
      " ORDER BY period DESC LIMIT 1");
  before.bind(1, account.id).bind(2, period.to_string());
  money::Amount total = before.step() ? money::Amount::from_fen(before.int64(0)) : money::Amount();
  // This period's movement up to the date: day rows, or a unit sub-account's own postings.
  store::Statement& days =
      impl_->statement(account.unit_code.empty()
                           ? "SELECT coalesce(sum(debit_fen) - sum(credit_fen), 0) FROM balance_day"
                             " WHERE account_id = ?1 AND day >= ?2 AND day <= ?3"
                           : "SELECT coalesce(sum(amount_fen), 0) FROM posting"
                             " WHERE account_id = ?1 AND day >= ?2 AND day <= ?3");
  days.bind(1, account.id).bind(2, period.first_day().to_string()).bind(3, as_of.to_string());
  days.step();
  total += money::Amount::from_fen(days.int64(0));
  return total;
}

std::vector<AccountBalance> Books::period_balances(Period period) const {
  // For each account, the latest period row at or before `period`: if it is `period` itself it
  // holds the month's turnover, otherwise the account did not move and its balance carried over.
  // CROSS JOIN keeps the accounts as the outer loop, so each account costs two key seeks; left to
  // itself the planner scans every period row of every account and runs the subquery for each
  // (four times slower on a year of 10,000 units). The order of the rows does not matter: they
  // are sorted below.
  store::Statement& st = impl_->statement(
      "SELECT b.account_id, b.period, b.debit_fen, b.credit_fen, b.closing_fen"
      " FROM account a CROSS JOIN balance_period b ON b.account_id = a.account_id"
      "  AND b.period = (SELECT max(period) FROM balance_period x"
      "                  WHERE x.account_id = a.account_id AND x.period <= ?1)");
  const std::string p = period.to_string();
  st.bind(1, p);
  std::vector<AccountBalance> out;
  while (st.step()) {
    AccountBalance b;
    b.account = &impl_->chart.by_id(st.int64(0));
    b.closing = money::Amount::from_fen(st.int64(4));
    if (st.text_view(1) == p) {
      b.debit = money::Amount::from_fen(st.int64(2));
      b.credit = money::Amount::from_fen(st.int64(3));
    }
    b.opening = b.closing - b.debit + b.credit;
    if (b.closing.is_zero() && b.debit.is_zero() && b.credit.is_zero())
      continue;
    out.push_back(b);
  }
  std::sort(out.begin(), out.end(), [](const AccountBalance& a, const AccountBalance& b) {
    return a.account->code < b.account->code;
  });
  return out;
}

std::vector<AccountBalance> Books::balances_as_of(Date as_of) const {
  // Closing of the previous period, plus this period's days up to the date; at a month end the
  // period closings answer directly.
  const Period period = Period::of(as_of);
  if (as_of == period.last_day()) {
    std::vector<AccountBalance> out;
    for (AccountBalance b : period_balances(period)) {
      if (b.closing.is_zero())
        continue;
      out.push_back({b.account, {}, {}, {}, b.closing});
    }
    return out;
  }
  std::unordered_map<std::int64_t, money::Amount> totals;
  for (const AccountBalance& b : period_balances(period.previous())) {
    totals[b.account->id] = b.closing;
  }
  const std::string first = period.first_day().to_string(), last = as_of.to_string();
  {
    store::Statement& st = impl_->statement(
        "SELECT account_id, sum(debit_fen) - sum(credit_fen) FROM balance_day"
        " WHERE day >= ?1 AND day <= ?2 GROUP BY account_id");
    st.bind(1, first).bind(2, last);
    while (st.step())
      totals[st.int64(0)] += money::Amount::from_fen(st.int64(1));
  }
  {
    // Unit sub-accounts: one short index range of postings each.
    store::Statement& st = impl_->statement(
        "SELECT a.account_id, sum(p.amount_fen) FROM account a"
        " JOIN posting p ON p.account_id = a.account_id AND p.day >= ?1 AND p.day <= ?2"
        " WHERE a.unit_code IS NOT NULL GROUP BY a.account_id");
    st.bind(1, first).bind(2, last);
    while (st.step())
      totals[st.int64(0)] += money::Amount::from_fen(st.int64(1));
  }
  std::vector<AccountBalance> out;
  for (const auto& [id, amount] : totals) {
    if (amount.is_zero())
      continue;
    AccountBalance b;
    b.account = &impl_->chart.by_id(id);
    b.closing = amount;
    out.push_back(b);
  }
  std::sort(out.begin(), out.end(), [](const AccountBalance& a, const AccountBalance& b) {
    return a.account->code < b.account->code;
  });
  return out;
}

}  // namespace trustfund::ledger
