// A resident's account; see unit_account.h.
#include "trustfund/fees/unit_account.h"

#include "trustfund/core/error.h"
#include "trustfund/ledger/chart.h"

namespace trustfund::fees {

namespace accounts = ledger::accounts;

UnitAccount unit_account(ledger::Books& books, const std::string& unit_code, Date as_of) {
  store::Database& db = books.database();
  {
    store::Statement& st = db.cached("SELECT 1 FROM unit WHERE code = ?1");
    st.bind(1, unit_code);
    const bool exists = st.step();
    st.reset();
    if (!exists)
      throw Error::not_found("unit-unknown", "unit", "no unit " + unit_code);
  }
  books.refresh();
  UnitAccount a;
  a.unit_code = unit_code;
  a.as_of = as_of;
  {
    store::Statement& st = db.cached(
        "SELECT b.period, b.amount_fen, (SELECT coalesce(sum(s.amount_fen), 0)"
        " FROM fee_settlement s WHERE s.bill_id = b.bill_id), b.days_billed, b.days_in_month,"
        " b.settled_on FROM fee_bill b WHERE b.unit_code = ?1 ORDER BY b.period");
    st.bind(1, unit_code);
    while (st.step()) {
      UnitBill b;
      b.month = Period::parse(st.text_view(0));
      b.amount = money::Amount::from_fen(st.int64(1));
      b.settled = money::Amount::from_fen(st.int64(2));
      b.open = b.amount - b.settled;
      b.days_billed = st.int64(3);
      b.days_in_month = st.int64(4);
      if (!st.is_null(5))
        b.settled_on = Date::parse(st.text_view(5));
      a.bills.push_back(b);
    }
    st.reset();
  }
  {
    store::Statement& st = db.cached(
        "SELECT payment_id, received_on, channel, reference, amount_fen, prepaid_fen, receipt_no"
        " FROM fee_payment WHERE unit_code = ?1 ORDER BY received_on, payment_id");
    st.bind(1, unit_code);
    while (st.step()) {
      UnitPayment p;
      p.payment_id = st.int64(0);
      p.received_on = Date::parse(st.text_view(1));
      p.channel = parse_payment_channel(st.text_view(2));
      p.reference = st.text(3);
      p.amount = money::Amount::from_fen(st.int64(4));
      p.prepayment = money::Amount::from_fen(st.int64(5));
      p.receipt_no = st.int64(6);
      a.payments.push_back(std::move(p));
    }
    st.reset();
  }
  a.prepayment =
      -books.balance(ledger::unit_account_code(accounts::kFeePrepayments, unit_code), as_of);
  a.arrears = unit_arrears(books, unit_code, as_of);
  return a;
}

}  // namespace trustfund::fees
