// Disbursement orders; see order.h.
//
// Each operation reads the order, checks the transition and its rules, and writes the new state
// with an order_event row and the action-log row in one audited write (ledger/audited_write.h;
// a repair project's order goes into the project's own write, which logs it). The signed
// bytes are rebuilt from the stored fields whenever they are needed, never trusted from storage
// alone: execution compares them with the stored copy and verifies the signature against them.
#include "trustfund/escrow/order.h"

#include <algorithm>
#include <cassert>
#include <cstdio>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "checks.h"
#include "order_body.h"
#include "trustfund/core/error.h"
#include "trustfund/core/utf8.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/crypto/jcs.h"
#include "trustfund/crypto/sha256.h"
#include "trustfund/escrow/bank_file.h"
#include "trustfund/escrow/project_orders.h"
#include "trustfund/ledger/audited_write.h"
#include "trustfund/money/rounding.h"

namespace trustfund::escrow {

namespace accounts = ledger::accounts;
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr std::array<const char*, 7> kStates = {
    "draft", "awaiting_signatures", "approved", "executed", "rejected", "cancelled", "expired"};

std::string bank_account_code(ledger::Fund fund) {
  return std::string(ledger::fund_code(fund)) + ".1002";
}

void check_text(const std::string& value, std::size_t min, std::size_t max, const char* field,
                const char* what) {
  if (value.size() < min || value.size() > max || !utf8::is_clean(value)) {
    throw Error::invalid("order-text", field,
                         std::string(what) + " must be " + std::to_string(min) + "-" +
                             std::to_string(max) + " bytes of text on one line");
  }
}

bool is_sha256_hex(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// Everything about the fields that does not depend on the order's state.
void check_input(ledger::Books& books, const OrderInput& in, Date today, int max_validity_days) {
  if (!in.amount.is_positive())
    throw Error::invalid("order-amount", "amount", "an order pays more than 0 yuan");
  check_bank_fields(in.payee.name, in.payee.account_no, in.payee.bank_name, in.payee.bank_code,
                    "payee.");
  const ledger::Account& debit = books.chart().require(in.debit_account, "debit_account");
  if (debit.fund != in.fund) {
    throw Error::invalid("order-debit-fund", "debit_account",
                         in.debit_account + " is not an account of fund " +
                             ledger::fund_code(in.fund) + "; an order pays out of one fund");
  }
  // What a payment can be for: a cost (expense head), a debt it settles (payable, a unit's
  // prepayment), or an asset it buys (repair works in progress, an advance); never the bank
  // account it comes from, nor a unit's receivable.
  const bool asset_ok = debit.type == ledger::AccountType::asset && debit.unit_code.empty() &&
                        debit.code != bank_account_code(in.fund);
  if (!debit.postable || !(debit.type == ledger::AccountType::expense ||
                           debit.type == ledger::AccountType::liability || asset_ok)) {
    throw Error::invalid("order-debit-account", "debit_account",
                         in.debit_account +
                             " is not a cost, a payable or an asset to buy; name what the "
                             "payment is for");
  }
  check_text(in.budget_line, 1, 100, "budget_line", "the budget line");
  check_text(in.purpose, 1, 500, "purpose", "the purpose");
  if (in.vouchers.empty() || in.vouchers.size() > kMaxVouchers) {
    throw Error::invalid("order-vouchers", "vouchers",
                         "an order carries 1-20 vouchers (invoice, contract, certificate)");
  }
  for (std::size_t i = 0; i < in.vouchers.size(); ++i) {
    const std::string prefix = "vouchers[" + std::to_string(i) + "].";
    check_text(in.vouchers[i].name, 1, 200, (prefix + "name").c_str(), "a voucher's name");
    if (!is_sha256_hex(in.vouchers[i].sha256)) {
      throw Error::invalid("voucher-sha256", prefix + "sha256",
                           "a voucher's SHA-256 is 64 lower-case hex digits");
    }
  }
  check_text(in.repair_project, 0, 64, "repair_project", "the repair project");
  check_text(in.resolution, 0, 100, "resolution", "the resolution reference");
  if (!in.emergency_category.empty()) {
    const bool known = std::any_of(std::begin(kEmergencyCategories), std::end(kEmergencyCategories),
                                   [&](const char* c) { return in.emergency_category == c; });
    if (!known) {
      throw Error::invalid("emergency-category", "emergency_category",
                           "emergency use is for roof_leak, lift_fault, water_pump, facade, "
                           "drainage or fire_system");
    }
    if (in.fund != ledger::Fund::repair) {
      throw Error::invalid("emergency-fund", "emergency_category",
                           "emergency use is of the repair fund (RF) only");
    }
  }
  if (in.expires_on < today) {
    throw Error::invalid("order-expiry", "expires_on",
                         "the expiry " + in.expires_on.to_string() + " has passed");
  }
  if (in.expires_on.days_since_epoch() - today.days_since_epoch() > max_validity_days) {
    throw Error::invalid("order-expiry", "expires_on",
                         "an order may stay open at most " + std::to_string(max_validity_days) +
                             " days under the estate's policy");
  }
}

std::string canonical_bytes(const ledger::Books& books, const std::string& order_id,
                            std::int64_t revision, std::int64_t set_version, const OrderInput& in) {
  Object::Ptr o = order_fields_object(in);
  o->set("currency", std::string("CNY"));
  o->set("custodian_set_version", set_version);
  o->set("estate", books.estate_id());
  o->set("format", std::string("trustfund-disbursement-order/1"));
  o->set("order_id", order_id);
  o->set("revision", revision);
  return crypto::canonicalize(o);
}

// The order's signed bytes rebuilt from its fields; they must be the stored ones, or the order
// was changed behind the service's back.
std::string checked_bytes(const ledger::Books& books, const Order& o, const std::string& stored) {
  std::string expected =
      canonical_bytes(books, o.order_id, o.revision, o.custodian_set_version, o.input);
  if (expected != stored) {
    throw Error(ErrorKind::integrity, "order-tampered", "order_id",
                "order " + o.order_id + "'s stored bytes do not match its fields");
  }
  return expected;
}

std::string body_bytes(const OrderInput& in) {
  return crypto::canonicalize(order_fields_object(in));
}

std::int64_t current_set_version(ledger::Books& books) {
  return current_custodians(books).version;
}

void add_event(store::Database& db, std::int64_t order_no, const ledger::Actor& actor,
               const char* event, const std::string& detail) {
  db.cached(
        "INSERT INTO order_event (order_no, at, actor, event, detail) VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind(1, order_no)
      .bind(2, utc_timestamp_now())
      .bind(3, actor.name())
      .bind(4, event)
      .bind(5, detail)
      .run();
}

// The stored row of an order, with the state as stored (not yet "expired").
struct Row {
  Order order;
  std::string stored_canonical;
};

std::optional<Row> load_row(store::Database& db, std::string_view order_id) {
  store::Statement& st = db.cached(
      "SELECT order_no, revision, state, body, canonical, custodian_set_version, created_at,"
      " created_by, entry_seq, executed_on FROM disbursement_order WHERE order_id = ?1");
  st.bind(1, order_id);
  if (!st.step()) {
    st.reset();
    return std::nullopt;
  }
  Row row;
  Order& o = row.order;
  o.order_no = st.int64(0);
  o.order_id = std::string(order_id);
  o.revision = st.int64(1);
  o.state = parse_order_state(st.text_view(2));
  const std::string body = st.text(3);
  row.stored_canonical = st.text(4);
  o.custodian_set_version = st.int64(5);
  o.created_at = st.text(6);
  o.created_by = st.text(7);
  if (!st.is_null(8))
    o.entry_seq = st.int64(8);
  if (!st.is_null(9))
    o.executed_on = Date::parse(st.text_view(9));
  st.reset();
  o.input = parse_order_json(body);
  o.canonical = row.stored_canonical;
  return row;
}

void load_details(store::Database& db, Order& o) {
  {
    store::Statement& st = db.cached(
        "SELECT signers, uploaded_at, uploaded_by FROM order_signature"
        " WHERE order_no = ?1 AND revision = ?2 ORDER BY signature_id DESC LIMIT 1");
    st.bind(1, o.order_no).bind(2, o.revision);
    if (st.step())
      o.signature = OrderSignature{st.text(1), st.text(2), signers_from_json(st.text_view(0))};
    st.reset();
  }
  {
    store::Statement& st = db.cached(
        "SELECT at, actor, event, detail FROM order_event WHERE order_no = ?1 ORDER BY event_id");
    st.bind(1, o.order_no);
    while (st.step())
      o.events.push_back({st.text(0), st.text(1), st.text(2), st.text(3)});
    st.reset();
  }
  store::Statement& st = db.cached(
      "SELECT name, media_type, sha256 FROM order_bank_file WHERE order_no = ?1 ORDER BY name");
  st.bind(1, o.order_no);
  while (st.step())
    o.bank_files.push_back({st.text(0), st.text(1), crypto::to_hex(st.blob(2)), ""});
  st.reset();
}

bool open_state(OrderState s) {
  return s == OrderState::draft || s == OrderState::awaiting_signatures ||
         s == OrderState::approved;
}

Order finish(store::Database& db, Row row) {
  Order o = std::move(row.order);
  if (open_state(o.state) && o.input.expires_on < Date::today_utc())
    o.state = OrderState::expired;
  load_details(db, o);
  return o;
}

Row require_row(store::Database& db, std::string_view order_id) {
  std::optional<Row> row = load_row(db, order_id);
  if (!row)
    throw Error::not_found("order-unknown", "order_id", "no order " + std::string(order_id));
  return std::move(*row);
}

Error wrong_state(const Order& o, const char* wanted) {
  return Error::conflict(
      "order-state", "state",
      "order " + o.order_id + " is " + to_string(o.state) + "; it must be " + wanted);
}

void require_not_expired(const Order& o, Date today) {
  if (o.input.expires_on < today) {
    throw Error::rule("order-expired", "expires_on",
                      "order " + o.order_id + " expired at the end of " +
                          o.input.expires_on.to_string() + "; prepare a new one");
  }
}

// The opening of a step that works on an order's signed bytes (signing, executing): the Books
// caught up, the write open, and the order read in the one state the step takes and not expired,
// with its canonical bytes as stored for the step to check against its fields. A throw from here
// rolls the write back.
struct SignedBytesStep {
  SignedBytesStep(ledger::Books& books, std::string_view order_id, const ledger::Actor& actor,
                  OrderState wanted, const char* wanted_text)
      : db(caught_up(books)), write(books, actor) {
    Row row = require_row(db, order_id);
    stored_canonical = row.stored_canonical;
    order = finish(db, std::move(row));
    if (order.state != wanted)
      throw wrong_state(order, wanted_text);
    require_not_expired(order, Date::today_utc());
  }

  static store::Database& caught_up(ledger::Books& books) {
    books.refresh();
    return books.database();
  }

  store::Database& db;
  ledger::AuditedWrite write;
  Order order;
  std::string stored_canonical;
};

// Emergency use executed in `date`'s calendar year, and what the cap leaves of it.
money::Amount emergency_room(ledger::Books& books, Date date, const EscrowPolicy& policy) {
  const std::string year = std::to_string(date.year());
  store::Statement& st = books.database().cached(
      "SELECT coalesce(sum(amount_fen), 0) FROM disbursement_order"
      " WHERE emergency = 1 AND state = 'executed' AND substr(executed_on, 1, 4) = ?1");
  st.bind(1, year);
  st.step();
  const money::Amount used = money::Amount::from_fen(st.int64(0));
  st.reset();
  // The fund before this year's emergency use: what is in the bank now plus what they took.
  const money::Amount base = books.balance(accounts::kRepairBank, date) + used;
  const money::Amount cap = money::times(base, policy.emergency_cap, money::Rounding::toward_zero);
  return cap - used;
}

void check_emergency_cap(ledger::Books& books, const Order& o, Date date) {
  if (o.input.emergency_category.empty())
    return;
  const EscrowPolicy policy = policy_on(books, date);
  const money::Amount room = emergency_room(books, date, policy);
  if (o.input.amount > room) {
    throw Error::rule("emergency-cap", "amount",
                      "emergency use is capped at " + policy.emergency_cap.to_string() +
                          " of the repair fund; " + room.to_string() + " is left this year, not " +
                          o.input.amount.to_string());
  }
}

// A payable (or a unit's prepayment) is settled at most in full: paying more than it holds would
// leave the liability in debit, money paid that nobody was owed.
void check_payable(ledger::Books& books, const OrderInput& in) {
  const ledger::Account& debit = books.chart().require(in.debit_account, "debit_account");
  if (debit.type != ledger::AccountType::liability)
    return;
  const money::Amount owed = -books.balance(in.debit_account, Date::from_ymd(9999, 12, 31));
  if (in.amount > owed) {
    const bool refund = !debit.unit_code.empty();
    throw Error::rule(
        refund ? "refund-exceeds-prepayment" : "order-exceeds-payable", "amount",
        (refund ? "unit " + debit.unit_code + "'s prepayment is " : in.debit_account + " holds ") +
            owed.to_string() + "; an order cannot pay " + in.amount.to_string());
  }
}

void write_order_row(store::Database& db, const Order& o) {
  store::Statement& st = db.cached(
      "UPDATE disbursement_order SET revision = ?2, state = ?3, body = ?4, canonical = ?5,"
      " fund = ?6, amount_fen = ?7, emergency = ?8, expires_on = ?9,"
      " custodian_set_version = ?10, entry_seq = ?11, executed_on = ?12 WHERE order_no = ?1");
  st.bind(1, o.order_no)
      .bind(2, o.revision)
      .bind(3, to_string(o.state))
      .bind(4, body_bytes(o.input))
      .bind(5, o.canonical)
      .bind(6, ledger::fund_code(o.input.fund))
      .bind(7, o.input.amount.fen())
      .bind(8, std::int64_t{o.input.emergency_category.empty() ? 0 : 1})
      .bind(9, o.input.expires_on.to_string())
      .bind(10, o.custodian_set_version);
  if (o.entry_seq)
    st.bind(11, *o.entry_seq);
  else
    st.bind_null(11);
  if (o.executed_on)
    st.bind(12, o.executed_on->to_string());
  else
    st.bind_null(12);
  st.run();
}

const char* entry_kind(const ledger::Account& debit, ledger::Fund fund) {
  if (fund == ledger::Fund::repair)
    return "repair";
  if (debit.code == accounts::kRemunerationPayable || debit.code == accounts::kRemuneration)
    return "remuneration";
  if (!debit.unit_code.empty())
    return "refund";
  return "expense";
}

}  // namespace

void check_payee(const Payee& p, const std::string& prefix) {
  check_bank_fields(p.name, p.account_no, p.bank_name, p.bank_code, prefix);
}

const char* to_string(OrderState state) noexcept {
  return kStates[static_cast<std::size_t>(state)];
}

OrderState parse_order_state(std::string_view text, std::string_view field) {
  for (std::size_t i = 0; i < kStates.size(); ++i) {
    if (text == kStates[i])
      return static_cast<OrderState>(i);
  }
  throw Error::invalid("order-state", std::string(field),
                       "state must be draft, awaiting_signatures, approved, executed, rejected, "
                       "cancelled or expired");
}

Object::Ptr order_fields_object(const OrderInput& in) {
  Object::Ptr o = new Object;
  o->set("amount", in.amount.to_string());
  o->set("budget_line", in.budget_line);
  o->set("debit_account", in.debit_account);
  o->set("emergency_category", in.emergency_category);
  o->set("expires_on", in.expires_on.to_string());
  o->set("fund", std::string(ledger::fund_code(in.fund)));
  Object::Ptr payee = new Object;
  payee->set("name", in.payee.name);
  payee->set("account_no", in.payee.account_no);
  payee->set("bank_name", in.payee.bank_name);
  payee->set("bank_code", in.payee.bank_code);
  o->set("payee", payee);
  o->set("purpose", in.purpose);
  o->set("repair_project", in.repair_project);
  o->set("resolution", in.resolution);
  Array::Ptr vouchers = new Array;
  for (const Voucher& v : in.vouchers) {
    Object::Ptr j = new Object;
    j->set("name", v.name);
    j->set("sha256", v.sha256);
    vouchers->add(j);
  }
  o->set("vouchers", vouchers);
  return o;
}

std::string sha256_hex_of(std::string_view bytes) {
  return crypto::to_hex(crypto::sha256(bytes));
}

namespace {

bool is_project_payment(const OrderInput& in) {
  return in.fund == ledger::Fund::repair &&
         (in.debit_account == accounts::kRepairWorksInProgress ||
          in.debit_account == accounts::kRepairRetention || !in.repair_project.empty());
}

// Checks `input` and writes it as a new draft order, in the transaction the caller has open.
Order insert_order(ledger::Books& books, const OrderInput& input, const ledger::Actor& actor) {
  books.refresh();
  const Date today = Date::today_utc();
  check_input(books, input, today, policy_on(books, today).max_validity_days);
  store::Database& db = books.database();
  const std::int64_t set_version = current_set_version(books);
  store::Statement& next =
      db.cached("SELECT coalesce(max(order_no), 0) + 1 FROM disbursement_order");
  next.step();
  Order o;
  o.order_no = next.int64(0);
  next.reset();
  char id[32];
  std::snprintf(id, sizeof id, "DO-%06lld", static_cast<long long>(o.order_no));
  o.order_id = id;
  o.input = input;
  o.custodian_set_version = set_version;
  o.canonical = canonical_bytes(books, o.order_id, o.revision, set_version, input);
  o.created_at = utc_timestamp_now();
  o.created_by = actor.name();
  db.cached(
        "INSERT INTO disbursement_order (order_no, order_id, revision, state, body, canonical,"
        " fund, amount_fen, emergency, expires_on, custodian_set_version, created_at, created_by)"
        " VALUES (?1, ?2, 1, 'draft', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")
      .bind(1, o.order_no)
      .bind(2, o.order_id)
      .bind(3, body_bytes(input))
      .bind(4, o.canonical)
      .bind(5, ledger::fund_code(input.fund))
      .bind(6, input.amount.fen())
      .bind(7, std::int64_t{input.emergency_category.empty() ? 0 : 1})
      .bind(8, input.expires_on.to_string())
      .bind(9, set_version)
      .bind(10, o.created_at)
      .bind(11, actor.name())
      .run();
  add_event(db, o.order_no, actor, "created", input.amount.to_string() + " to " + input.payee.name);
  return order(books, o.order_id);
}

// Draft -> awaiting_signatures (see submit_order), in the transaction the caller has open.
Order submit_draft(ledger::Books& books, std::string_view order_id, const ledger::Actor& actor) {
  books.refresh();
  store::Database& db = books.database();
  Order o = finish(db, require_row(db, order_id));
  if (o.state != OrderState::draft)
    throw wrong_state(o, "a draft to be submitted");
  const Date today = Date::today_utc();
  const EscrowPolicy policy = policy_on(books, today);
  check_input(books, o.input, today, policy.max_validity_days);
  if (o.input.emergency_category.empty() && o.input.amount > policy.resolution_threshold &&
      o.input.resolution.empty()) {
    throw Error::rule("resolution-required", "resolution",
                      "orders above " + policy.resolution_threshold.to_string() +
                          " need the reference of the owners' resolution that approved them");
  }
  if (!o.input.emergency_category.empty()) {
    check_emergency_cap(books, o, today);
  }
  check_payable(books, o.input);
  (void)bank_account(books, o.input.fund);  // the bank file needs it: say so now, not at the end
  const std::int64_t set_version = current_set_version(books);
  if (set_version != o.custodian_set_version) {
    o.custodian_set_version = set_version;
    o.canonical = canonical_bytes(books, o.order_id, o.revision, set_version, o.input);
  }
  o.state = OrderState::awaiting_signatures;
  write_order_row(db, o);
  add_event(db, o.order_no, actor, "submitted",
            "revision " + std::to_string(o.revision) + ", canonical SHA-256 " +
                sha256_hex_of(o.canonical));
  return order(books, order_id);
}

}  // namespace

Order create_order(ledger::Books& books, const OrderInput& input, const ledger::Actor& actor) {
  if (is_project_payment(input)) {
    throw Error::rule("order-repair-project", "debit_account",
                      "payments for repair works are requested from their repair project "
                      "(trustfund repair pay), which checks them against the contract");
  }
  ledger::AuditedWrite write(books, actor);
  Order o = insert_order(books, input, actor);
  write.commit("create_order", "order:new",
               input.amount.to_string() + " " + ledger::fund_code(input.fund));
  return o;
}

Order create_project_order(ledger::Books& books, const OrderInput& input,
                           const ledger::Actor& actor) {
  assert(!input.repair_project.empty());
  assert(books.database().in_transaction());
  return submit_draft(books, insert_order(books, input, actor).order_id, actor);
}

Order amend_order(ledger::Books& books, std::string_view order_id, const OrderInput& input,
                  const ledger::Actor& actor) {
  books.refresh();
  store::Database& db = books.database();
  ledger::AuditedWrite write(books, actor);
  Order o = finish(db, require_row(db, order_id));
  if (o.state != OrderState::draft && o.state != OrderState::awaiting_signatures)
    throw wrong_state(o, "draft or awaiting_signatures to be amended");
  if (is_project_payment(o.input) || is_project_payment(input)) {
    throw Error::rule("order-repair-project", "order_id",
                      "a repair project's payment is not amended; cancel it and request another "
                      "from the project");
  }
  const Date today = Date::today_utc();
  check_input(books, input, today, policy_on(books, today).max_validity_days);
  o.revision += 1;
  o.state = OrderState::draft;
  o.input = input;
  o.custodian_set_version = current_set_version(books);
  o.canonical = canonical_bytes(books, o.order_id, o.revision, o.custodian_set_version, input);
  write_order_row(db, o);
  add_event(db, o.order_no, actor, "amended",
            "revision " + std::to_string(o.revision) + "; earlier signatures no longer count");
  write.commit("amend_order", "order:" + std::string(order_id));
  return order(books, order_id);
}

Order submit_order(ledger::Books& books, std::string_view order_id, const ledger::Actor& actor) {
  ledger::AuditedWrite write(books, actor);
  Order o = submit_draft(books, order_id, actor);
  write.commit("submit_order", "order:" + std::string(order_id));
  return o;
}

Order add_signature(ledger::Books& books, std::string_view order_id, std::string_view cms_der,
                    const ledger::Actor& actor) {
  SignedBytesStep step(books, order_id, actor, OrderState::awaiting_signatures,
                       "awaiting_signatures to be signed");
  store::Database& db = step.db;
  Order& o = step.order;
  const CustodianSet set = current_custodians(books);
  if (set.version != o.custodian_set_version) {
    throw Error::rule("custodian-set-changed", "signature",
                      "the custodians changed after the order was submitted; amend and submit "
                      "it again so that the custodians in force sign it");
  }
  const std::string expected = checked_bytes(books, o, step.stored_canonical);
  const SignatureReview review = review_signature(books, set, cms_der, expected);
  if (o.signature)
    require_keeps_signers(o.signature->review, review);

  const std::string now = utc_timestamp_now();
  db.cached(
        "INSERT INTO order_signature (order_no, revision, cms, signers, uploaded_at, uploaded_by)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
      .bind(1, o.order_no)
      .bind(2, o.revision)
      .bind_blob(3,
                 std::span(reinterpret_cast<const std::uint8_t*>(cms_der.data()), cms_der.size()))
      .bind(4, signers_to_json(review))
      .bind(5, now)
      .bind(6, actor.name())
      .run();
  std::string detail;
  for (const SignatureReview::Signer& s : review.signers)
    detail.append(detail.empty() ? "" : "; ")
        .append(to_string(s.role))
        .append(" ")
        .append(s.subject);
  add_event(db, o.order_no, actor, "signed", detail);
  if (review.approved()) {
    o.state = OrderState::approved;
    write_order_row(db, o);
    add_event(db, o.order_no, actor, "approved", "signed by both custodians");
  }
  step.write.commit("sign_order", "order:" + std::string(order_id));
  return order(books, order_id);
}

namespace {

Order close_without_paying(ledger::Books& books, std::string_view order_id,
                           const std::string& reason, const ledger::Actor& actor, OrderState to) {
  check_text(reason, 1, 500, "reason", "the reason");
  books.refresh();
  store::Database& db = books.database();
  ledger::AuditedWrite write(books, actor);
  Order o = finish(db, require_row(db, order_id));
  if (!open_state(o.state) && o.state != OrderState::expired)
    throw wrong_state(o, "open (not executed, rejected or cancelled)");
  o.state = to;
  write_order_row(db, o);
  add_event(db, o.order_no, actor, to == OrderState::rejected ? "rejected" : "cancelled", reason);
  write.commit(to == OrderState::rejected ? "reject_order" : "cancel_order",
               "order:" + std::string(order_id));
  return order(books, order_id);
}

}  // namespace

Order reject_order(ledger::Books& books, std::string_view order_id, const std::string& reason,
                   const ledger::Actor& actor) {
  return close_without_paying(books, order_id, reason, actor, OrderState::rejected);
}

Order cancel_order(ledger::Books& books, std::string_view order_id, const std::string& reason,
                   const ledger::Actor& actor) {
  return close_without_paying(books, order_id, reason, actor, OrderState::cancelled);
}

Order execute_order(ledger::Books& books, std::string_view order_id, Date date,
                    const ledger::Actor& actor) {
  SignedBytesStep step(books, order_id, actor, OrderState::approved,
                       "approved (signed by both custodians) to be executed");
  store::Database& db = step.db;
  Order& o = step.order;
  if (date > o.input.expires_on) {
    throw Error::rule("order-expired", "date",
                      "order " + o.order_id + " is valid until " + o.input.expires_on.to_string());
  }
  // The signature once more, over bytes rebuilt from the stored fields.
  const std::string expected = checked_bytes(books, o, step.stored_canonical);
  const std::string cms = o.signature ? order_signature_der(books, o.order_id) : std::string();
  const CustodianSet set = current_custodians(books);
  if (set.version != o.custodian_set_version) {
    throw Error::rule("custodian-set-changed", "order_id",
                      "the custodians changed after the order was signed; amend it and have the "
                      "custodians in force sign it");
  }
  if (cms.empty() || !review_signature(books, set, cms, expected).approved()) {
    throw Error::rule("signature-incomplete", "order_id",
                      "order " + o.order_id + " lacks a signature of both custodians");
  }
  // Money: the fund's bank balance must stay at or above the floor, on the day and at the end.
  const EscrowPolicy policy = policy_on(books, date);
  const money::Amount floor = o.input.fund == ledger::Fund::operating ? policy.floor_operating
                              : o.input.fund == ledger::Fund::public_revenue
                                  ? policy.floor_public_revenue
                                  : policy.floor_repair;
  const std::string bank = bank_account_code(o.input.fund);
  const money::Amount on_day = books.balance(bank, date);
  const money::Amount latest = books.balance(bank, Date::from_ymd(9999, 12, 31));
  const money::Amount available = std::min(on_day, latest);
  if (available - o.input.amount < floor) {
    throw Error::rule("fund-insufficient", "amount",
                      "fund " + std::string(ledger::fund_code(o.input.fund)) + " holds " +
                          available.to_string() + "; paying " + o.input.amount.to_string() +
                          " would take it below its floor of " + floor.to_string());
  }
  check_emergency_cap(books, o, date);
  check_payable(books, o.input);
  const BankAccount debtor = bank_account(books, o.input.fund);
  const ledger::Account& debit = books.chart().require(o.input.debit_account, "debit_account");

  ledger::EntryInput entry;
  entry.date = date;
  entry.kind = entry_kind(debit, o.input.fund);
  entry.memo = "Order " + o.order_id + " to " + o.input.payee.name + ": " + o.input.budget_line;
  if (!o.input.emergency_category.empty())
    entry.memo += " (emergency: " + o.input.emergency_category + ")";
  entry.postings = {{o.input.debit_account, o.input.amount}, {bank, -o.input.amount}};
  entry.idempotency_key = "order:" + o.order_id;
  {
    ledger::Books::Writer writer(books, ledger::Books::Writer::Nesting::join);
    o.entry_seq = writer.add(entry, actor.name()).seq;
    writer.commit();
  }
  o.executed_on = date;
  o.state = OrderState::executed;
  write_order_row(db, o);

  PaymentInstruction pi;
  pi.message_id = o.order_id + "-" + std::to_string(o.revision);
  pi.created_at = utc_timestamp_now();
  pi.execution_date = date;
  pi.initiator = books.estate_name();
  pi.debtor = debtor;
  pi.end_to_end_id = o.order_id;
  pi.amount = o.input.amount;
  pi.creditor = o.input.payee;
  pi.remittance = o.input.purpose;
  const std::pair<std::string, std::pair<const char*, std::string>> files[] = {
      {o.order_id + ".pain.001.xml", {"application/xml", pain001_xml(pi)}},
      {o.order_id + ".csv", {"text/csv", payment_csv(pi)}}};
  for (const auto& [name, file] : files) {
    const crypto::Digest digest = crypto::sha256(file.second);
    db.cached(
          "INSERT INTO order_bank_file (order_no, name, media_type, content, sha256, created_at)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .bind(1, o.order_no)
        .bind(2, name)
        .bind(3, file.first)
        .bind_blob(4, std::span(reinterpret_cast<const std::uint8_t*>(file.second.data()),
                                file.second.size()))
        .bind_blob(5, digest)
        .bind(6, pi.created_at)
        .run();
  }
  add_event(db, o.order_no, actor, "executed",
            "entry " + std::to_string(*o.entry_seq) + " on " + date.to_string());
  step.write.commit("execute_order", "order:" + std::string(order_id));
  return order(books, order_id);
}

Order order(ledger::Books& books, std::string_view order_id) {
  store::Database& db = books.database();
  return finish(db, require_row(db, order_id));
}

std::vector<Order> list_orders(ledger::Books& books, std::optional<OrderState> state,
                               std::int64_t after, int limit) {
  if (limit < 1 || limit > kMaxOrdersPerPage)
    throw Error::invalid("limit", "limit", "limit must be 1-1000");
  store::Database& db = books.database();
  // A stored open state past its expiry is listed as "expired" only.
  store::Statement& st = db.cached(
      "SELECT order_id FROM disbursement_order WHERE order_no > ?1 AND (?2 IS NULL"
      " OR (?2 = 'expired' AND state IN ('draft', 'awaiting_signatures', 'approved')"
      "     AND expires_on < ?3)"
      " OR (?2 IN ('draft', 'awaiting_signatures', 'approved') AND state = ?2"
      "     AND expires_on >= ?3)"
      " OR (?2 IN ('executed', 'rejected', 'cancelled') AND state = ?2))"
      " ORDER BY order_no LIMIT ?4");
  st.bind(1, after);
  if (state)
    st.bind(2, to_string(*state));
  else
    st.bind_null(2);
  st.bind(3, Date::today_utc().to_string()).bind(4, std::int64_t{limit});
  std::vector<std::string> ids;
  while (st.step())
    ids.push_back(st.text(0));
  st.reset();
  std::vector<Order> out;
  for (const std::string& id : ids)
    out.push_back(order(books, id));
  return out;
}

std::string order_signature_der(ledger::Books& books, std::string_view order_id) {
  store::Database& db = books.database();
  const Row row = require_row(db, order_id);
  store::Statement& st = db.cached(
      "SELECT cms FROM order_signature WHERE order_no = ?1 AND revision = ?2"
      " ORDER BY signature_id DESC LIMIT 1");
  st.bind(1, row.order.order_no).bind(2, row.order.revision);
  std::string der;
  if (st.step()) {
    const auto b = st.blob(0);
    der.assign(reinterpret_cast<const char*>(b.data()), b.size());
  }
  st.reset();
  if (der.empty()) {
    throw Error::not_found("signature-none", "order_id",
                           "order " + std::string(order_id) + " has no signature yet");
  }
  return der;
}

BankFile bank_file(ledger::Books& books, std::string_view order_id, std::string_view name) {
  store::Database& db = books.database();
  const Row row = require_row(db, order_id);
  store::Statement& st = db.cached(
      "SELECT media_type, content, sha256 FROM order_bank_file WHERE order_no = ?1 AND name = ?2");
  st.bind(1, row.order.order_no).bind(2, name);
  if (!st.step()) {
    st.reset();
    throw Error::not_found("bank-file-unknown", "name",
                           "order " + std::string(order_id) + " has no file " + std::string(name));
  }
  const auto content = st.blob(1);
  BankFile f{std::string(name), st.text(0), crypto::to_hex(st.blob(2)),
             std::string(reinterpret_cast<const char*>(content.data()), content.size())};
  st.reset();
  return f;
}

}  // namespace trustfund::escrow
