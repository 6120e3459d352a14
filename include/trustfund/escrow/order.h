// Disbursement orders: the only way money leaves a trust account.
//
// An order moves money out of one fund to one payee. The treasurer prepares it (draft), submits
// it (awaiting_signatures), each custodian downloads its canonical bytes, signs them on their own
// computer and uploads the signature; with the committee's and the manager's signatures over the
// same bytes the order is approved, and executing it posts the journal entry and produces the
// payment instruction for the bank (ISO 20022 pain.001 and CSV), kept with the order. An order may
// be rejected by a custodian or cancelled by the treasurer before it is executed, and expires at
// the end of its expiry day.
//
// The signed bytes (`canonical`) are RFC 8785 JSON of every field below plus the estate, the
// order id, its revision and the custodian set version, so a signature made for another order,
// another revision or another estate does not verify. Amending a submitted order makes a new
// revision, back in draft: earlier signatures no longer count. Executing re-verifies the stored
// signature against bytes rebuilt from the stored fields, so a change made behind the service's
// back is caught.
//
// Entry posted on execution (kind "disbursement"): Dr debit_account, Cr <fund>.1002.
//
// Each step is one audited write (ledger/audited_write.h), logged as create_order (target
// "order:new", detail "<amount> <fund>"), amend_order, submit_order, sign_order, reject_order,
// cancel_order or execute_order (target "order:<id>").
//
// Thread-safety: like Books, one thread at a time.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trustfund/escrow/custodians.h"
#include "trustfund/escrow/policy.h"

namespace trustfund::escrow {

enum class OrderState {
  draft,
  awaiting_signatures,
  approved,
  executed,
  rejected,
  cancelled,
  expired
};
const char* to_string(OrderState state) noexcept;
OrderState parse_order_state(std::string_view text, std::string_view field = "state");

// Emergency repair use (domain.md, Repair fund use 3): skips the owners' vote, repair fund only.
inline constexpr const char* kEmergencyCategories[] = {"roof_leak", "lift_fault", "water_pump",
                                                       "facade",    "drainage",   "fire_system"};

struct Payee {
  std::string name;        // 1-140 bytes
  std::string account_no;  // 4-34 letters and digits
  std::string bank_name;   // 1-140 bytes
  std::string bank_code;   // CNAPS code (12 digits) or empty
};

// Checks a payee's fields (name and bank 1-140 bytes of text, account 4-34 letters and digits,
// bank code empty or 12 digits); Error::invalid names `prefix` + the field ("payee.account_no").
void check_payee(const Payee& payee, const std::string& prefix = "payee.");

struct Voucher {
  std::string name;    // "invoice 2026-0412.pdf", 1-200 bytes
  std::string sha256;  // of the file, 64 lower-case hex digits
};

struct OrderInput {
  ledger::Fund fund = ledger::Fund::operating;
  money::Amount amount;  // > 0
  Payee payee;
  std::string debit_account;       // the expense head or payable it settles, in `fund`
  std::string budget_line;         // 1-100 bytes
  std::string purpose;             // 1-500 bytes
  std::vector<Voucher> vouchers;   // 1-20
  std::string repair_project;      // link, optional (0-64 bytes)
  std::string resolution;          // owners' resolution reference, optional (0-100 bytes)
  std::string emergency_category;  // one of kEmergencyCategories, or empty
  Date expires_on;                 // last day it may be signed or executed
};

struct OrderSignature {
  std::string uploaded_at, uploaded_by;
  SignatureReview review;
};

struct OrderEvent {
  std::string at, actor, event, detail;
};

struct BankFile {
  std::string name;        // "DO-000001.pain.001.xml", "DO-000001.csv"
  std::string media_type;  // "application/xml", "text/csv"
  std::string sha256_hex;
  std::string content;  // filled by bank_file() only
};

struct Order {
  std::int64_t order_no = 0;
  std::string order_id;  // "DO-000001"
  std::int64_t revision = 1;
  OrderState state = OrderState::draft;  // expired when open past expires_on (UTC today)
  OrderInput input;
  std::int64_t custodian_set_version = 0;
  std::string canonical;  // the bytes to sign
  std::string created_at, created_by;
  std::optional<OrderSignature> signature;  // the one in force for this revision
  std::vector<OrderEvent> events;
  std::optional<std::int64_t> entry_seq;
  std::optional<Date> executed_on;
  std::vector<BankFile> bank_files;
};

// Largest page of list_orders.
inline constexpr int kMaxOrdersPerPage = 1000;

Order create_order(ledger::Books& books, const OrderInput& input, const ledger::Actor& actor);
// Replaces the fields of a draft or submitted order: a new revision, in draft.
Order amend_order(ledger::Books& books, std::string_view order_id, const OrderInput& input,
                  const ledger::Actor& actor);
// Draft -> awaiting_signatures, after the policy checks (resolution above the threshold,
// emergency category and cap, a registered custodian set, expiry within the policy).
Order submit_order(ledger::Books& books, std::string_view order_id, const ledger::Actor& actor);
// Records a CMS signature (DER) over the order's canonical bytes: its signers must be custodians
// of the order's set, which must still be in force. With both the committee and the manager the
// order is approved. The latest accepted signature is the one in force: the second custodian
// co-signs the first one's file (`trustfund custodian cosign`).
Order add_signature(ledger::Books& books, std::string_view order_id, std::string_view cms_der,
                    const ledger::Actor& actor);
Order reject_order(ledger::Books& books, std::string_view order_id, const std::string& reason,
                   const ledger::Actor& actor);
Order cancel_order(ledger::Books& books, std::string_view order_id, const std::string& reason,
                   const ledger::Actor& actor);
// Approved -> executed on `date` (not after expires_on, in an open period): re-verifies the
// signature, checks the fund's bank balance stays at or above the policy's floor and the
// emergency cap, posts the entry and writes the bank files.
Order execute_order(ledger::Books& books, std::string_view order_id, Date date,
                    const ledger::Actor& actor);

// The order; Error::not_found("order-unknown", "order_id").
Order order(ledger::Books& books, std::string_view order_id);
// Up to `limit` orders with order_no > after, optionally in one state.
std::vector<Order> list_orders(ledger::Books& books, std::optional<OrderState> state,
                               std::int64_t after, int limit);
// The DER of the signature in force for the order's current revision;
// Error::not_found("signature-none", "order_id") before the first one.
std::string order_signature_der(ledger::Books& books, std::string_view order_id);
// One of the order's bank files, with its content; Error::not_found("bank-file-unknown", "name").
BankFile bank_file(ledger::Books& books, std::string_view order_id, std::string_view name);

}  // namespace trustfund::escrow

namespace trustfund::escrow {

// Parses an order's fields from JSON, strictly: members amount (decimal string), fund, payee
// {name, account_no, bank_name, bank_code?}, debit_account, budget_line, purpose, vouchers
// [{name, sha256}], expires_on, and optional repair_project, resolution, emergency_category.
// Unknown members are refused. Errors name the field ("payee.account_no", "vouchers[0].sha256").
// Only the shape is checked here; create_order checks the rest against the books.
OrderInput parse_order_json(std::string_view json);

// The order as JSON for people and programs: its fields, state, signers, events, entry and bank
// files (members in RFC 8785 order).
std::string order_to_json(const Order& order);

}  // namespace trustfund::escrow
