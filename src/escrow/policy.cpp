// Payment policy and trust bank accounts; see policy.h.
#include "trustfund/escrow/policy.h"

#include <cctype>

#include "checks.h"

#include "trustfund/core/error.h"
#include "trustfund/core/utf8.h"
#include "trustfund/ledger/audited_write.h"

namespace trustfund::escrow {
namespace {

EscrowPolicy read_policy(const store::Statement& st) {
  EscrowPolicy p;
  p.effective_from = Date::parse(st.text_view(0));
  p.resolution_threshold = money::Amount::from_fen(st.int64(1));
  p.floor_operating = money::Amount::from_fen(st.int64(2));
  p.floor_public_revenue = money::Amount::from_fen(st.int64(3));
  p.floor_repair = money::Amount::from_fen(st.int64(4));
  p.emergency_cap = money::Rate::from_millionths(st.int64(5));
  p.max_validity_days = static_cast<int>(st.int64(6));
  p.set_at = st.text(7);
  p.set_by = st.text(8);
  return p;
}

constexpr const char* kPolicyColumns =
    "SELECT effective_from, resolution_threshold_fen, floor_op_fen, floor_pr_fen, floor_rf_fen,"
    " emergency_cap_ppm, max_validity_days, set_at, set_by FROM escrow_policy";

}  // namespace

ledger::Fund parse_fund(std::string_view text, std::string_view field) {
  if (text == "OP")
    return ledger::Fund::operating;
  if (text == "PR")
    return ledger::Fund::public_revenue;
  if (text == "RF")
    return ledger::Fund::repair;
  throw Error::invalid("fund", std::string(field),
                       "fund must be OP (operating), PR (public revenue) or RF (repair)");
}

EscrowPolicy policy_on(ledger::Books& books, Date day) {
  store::Statement& st =
      books.database().cached(std::string(kPolicyColumns) +
                              " WHERE effective_from <= ?1 ORDER BY effective_from DESC LIMIT 1");
  st.bind(1, day.to_string());
  EscrowPolicy p;
  if (st.step())
    p = read_policy(st);
  st.reset();
  return p;
}

std::vector<EscrowPolicy> policy_history(ledger::Books& books) {
  store::Statement& st =
      books.database().cached(std::string(kPolicyColumns) + " ORDER BY effective_from");
  std::vector<EscrowPolicy> out;
  while (st.step())
    out.push_back(read_policy(st));
  st.reset();
  return out;
}

EscrowPolicy set_policy(ledger::Books& books, const EscrowPolicy& p, const ledger::Actor& actor) {
  if (p.effective_from < Date::today_utc()) {
    throw Error::rule("policy-backdated", "effective_from",
                      "a policy takes effect today or later, not " + p.effective_from.to_string());
  }
  const auto non_negative = [](money::Amount a, const char* field) {
    if (a.is_negative())
      throw Error::invalid("policy-amount", field, std::string(field) + " must not be negative");
  };
  non_negative(p.resolution_threshold, "resolution_threshold");
  non_negative(p.floor_operating, "floor_operating");
  non_negative(p.floor_public_revenue, "floor_public_revenue");
  non_negative(p.floor_repair, "floor_repair");
  if (p.emergency_cap.millionths() < 0 || p.emergency_cap.millionths() > 1'000'000) {
    throw Error::invalid("policy-emergency-cap", "emergency_cap",
                         "the emergency cap is a share of the repair fund from 0 to 1");
  }
  if (p.max_validity_days < 1 || p.max_validity_days > 366) {
    throw Error::invalid("policy-validity", "max_validity_days",
                         "an order may stay open 1 to 366 days");
  }
  store::Database& db = books.database();
  ledger::AuditedWrite write(books, actor);
  store::Statement& exists = db.cached("SELECT 1 FROM escrow_policy WHERE effective_from = ?1");
  exists.bind(1, p.effective_from.to_string());
  const bool taken = exists.step();
  exists.reset();
  if (taken) {
    throw Error::conflict("policy-exists", "effective_from",
                          "a policy already takes effect on " + p.effective_from.to_string());
  }
  EscrowPolicy out = p;
  out.set_at = utc_timestamp_now();
  out.set_by = actor.name();
  db.cached(
        "INSERT INTO escrow_policy (effective_from, resolution_threshold_fen, floor_op_fen,"
        " floor_pr_fen, floor_rf_fen, emergency_cap_ppm, max_validity_days, set_at, set_by)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
      .bind(1, p.effective_from.to_string())
      .bind(2, p.resolution_threshold.fen())
      .bind(3, p.floor_operating.fen())
      .bind(4, p.floor_public_revenue.fen())
      .bind(5, p.floor_repair.fen())
      .bind(6, p.emergency_cap.millionths())
      .bind(7, std::int64_t{p.max_validity_days})
      .bind(8, out.set_at)
      .bind(9, actor.name())
      .run();
  write.commit("set_escrow_policy", "policy:" + p.effective_from.to_string());
  return out;
}

void check_bank_fields(std::string_view name, std::string_view account_no,
                       std::string_view bank_name, std::string_view bank_code,
                       const std::string& prefix) {
  if (name.empty() || name.size() > 140 || !utf8::is_clean(name))
    throw Error::invalid("bank-name", prefix + "name", "a name of 1-140 bytes of text");
  if (account_no.size() < 4 || account_no.size() > 34)
    throw Error::invalid("bank-account-no", prefix + "account_no",
                         "an account number of 4-34 letters and digits");
  for (const char c : account_no) {
    if (!std::isalnum(static_cast<unsigned char>(c)))
      throw Error::invalid("bank-account-no", prefix + "account_no",
                           "an account number of 4-34 letters and digits");
  }
  if (bank_name.empty() || bank_name.size() > 140 || !utf8::is_clean(bank_name))
    throw Error::invalid("bank-name", prefix + "bank_name", "a bank name of 1-140 bytes of text");
  if (!bank_code.empty()) {
    bool digits = bank_code.size() == 12;
    for (const char c : bank_code)
      digits = digits && c >= '0' && c <= '9';
    if (!digits)
      throw Error::invalid("bank-code", prefix + "bank_code",
                           "a CNAPS bank code is 12 digits (or leave it empty)");
  }
}

void set_bank_account(ledger::Books& books, const BankAccount& a, const ledger::Actor& actor) {
  check_bank_fields(a.holder_name, a.account_no, a.bank_name, a.bank_code, "");
  ledger::AuditedWrite write(books, actor);
  books.database()
      .cached(
          "INSERT INTO escrow_bank_account (fund, holder_name, account_no, bank_name, bank_code,"
          " set_at, set_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
      .bind(1, ledger::fund_code(a.fund))
      .bind(2, a.holder_name)
      .bind(3, a.account_no)
      .bind(4, a.bank_name)
      .bind(5, a.bank_code)
      .bind(6, utc_timestamp_now())
      .bind(7, actor.name())
      .run();
  write.commit("set_bank_account", std::string("fund:") + ledger::fund_code(a.fund));
}

std::vector<BankAccount> bank_accounts(ledger::Books& books) {
  store::Statement& st = books.database().cached(
      "SELECT fund, holder_name, account_no, bank_name, bank_code FROM escrow_bank_account b"
      " WHERE bank_account_id = (SELECT max(bank_account_id) FROM escrow_bank_account"
      "                          WHERE fund = b.fund) ORDER BY fund");
  std::vector<BankAccount> out;
  while (st.step()) {
    out.push_back({parse_fund(st.text_view(0)), st.text(1), st.text(2), st.text(3), st.text(4)});
  }
  st.reset();
  return out;
}

BankAccount bank_account(ledger::Books& books, ledger::Fund fund) {
  for (BankAccount& a : bank_accounts(books)) {
    if (a.fund == fund)
      return a;
  }
  throw Error::rule("bank-account-missing", "fund",
                    std::string("no bank account is set for fund ") + ledger::fund_code(fund));
}

}  // namespace trustfund::escrow
