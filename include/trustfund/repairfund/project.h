// Repair projects of the repair fund (维修资金使用), from proposal to close:
//
//   proposed -> voting -> approved | rejected          (owners in scope vote: votes.h)
//   proposed -> emergency                              (listed emergencies skip the vote)
//   approved | emergency -> contracted -> in_works -> accepted -> settled -> warranty -> closed
//
// Money leaves the fund only by escrow orders (two custodian signatures): staged payments, each
// checked against the contract here before its order is made — an advance up to the configured
// share of the price, progress payments, the balance after acceptance, and the retention held
// until the warranty ends. A final cost above the approved budget by more than the configured
// margin needs a new approval (a passed vote) before the excess is paid. At settlement the final
// cost is charged to the unit sub-accounts in scope by area, exactly, and the split is kept.
//
// Entries: payments Dr RF.1701 (works in progress) Cr RF.1002 (by their escrow orders);
// settlement Dr RF.1701 Cr RF.2241 (the retention, now owed) and Dr RF.3001@unit (each unit's
// share) Cr RF.1701 (the final cost); retention release Dr RF.2241 Cr RF.1002 (an escrow order).
//
// Each step is one audited write (ledger/audited_write.h), logged as propose_repair_project
// (target "project:new"), put_repair_project_to_vote, decide_repair_project,
// declare_repair_emergency, sign_repair_contract, start_repair_works, request_repair_payment,
// accept_repair_works, approve_repair_overrun, settle_repair_project or close_repair_project
// (target "project:<ref>"); the vote a step opens or closes and a payment's order are in its row.
//
// Thread-safety: like Books, one thread at a time.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "trustfund/escrow/order.h"
#include "trustfund/repairfund/settings.h"
#include "trustfund/repairfund/votes.h"

namespace trustfund::repairfund {

enum class ProjectState {
  proposed,
  voting,
  emergency,
  approved,
  rejected,
  contracted,
  in_works,
  accepted,
  settled,
  warranty,
  closed
};
const char* to_string(ProjectState state) noexcept;

inline constexpr const char* kProjectCategories[] = {"lift",     "roof",        "facade", "water",
                                                     "drainage", "fire_system", "other"};

struct Quote {
  std::string contractor;  // 1-140 bytes
  money::Amount amount;    // > 0
  std::string document_sha256;
};

struct Document {
  std::string name;  // 1-200 bytes
  std::string sha256;
};

struct ProjectInput {
  std::string title;             // 1-200 bytes
  std::string category;          // one of kProjectCategories
  std::string reason;            // 1-2000 bytes
  money::Amount budget;          // > 0
  std::vector<Quote> quotes;     // at least settings.min_quotes (1 for an emergency)
  std::size_t chosen_quote = 0;  // index into quotes
  std::string chosen_reason;     // why this quote, 1-500 bytes
  Scope scope;
  std::vector<Document> documents;
  // Emergency use (应急使用): one of escrow::kEmergencyCategories, the certifying document (e.g.
  // the authority's order or the inspection report) and the notice to owners, each by SHA-256.
  std::string emergency_category;
  std::string emergency_certificate_sha256;
  std::string emergency_notice_sha256;
};

struct Contract {
  std::string contractor;
  escrow::Payee payee;
  money::Amount price;  // <= the approved budget plus the margin
  Date signed_on;
  std::string document_sha256;
  int warranty_months = 24;
};

enum class PaymentStage { advance, progress, balance, retention };
const char* to_string(PaymentStage stage) noexcept;
PaymentStage parse_payment_stage(std::string_view text, std::string_view field = "stage");

struct StagePayment {
  PaymentStage stage = PaymentStage::advance;
  money::Amount amount;
  std::string order_id;
  escrow::OrderState state = escrow::OrderState::draft;
};

struct ProjectEvent {
  std::string at, actor, event, detail;
};

struct Project {
  std::string project_ref;  // "RP-0001"
  ProjectState state = ProjectState::proposed;
  ProjectInput input;
  money::Amount approved;  // budget approved so far (by vote, emergency, overrun approval)
  std::optional<std::string> vote_ref;
  std::optional<Contract> contract;
  std::optional<Date> accepted_on;
  std::optional<money::Amount> final_cost;
  std::optional<Date> warranty_end;
  std::optional<std::int64_t> settlement_seq;
  std::vector<StagePayment> payments;
  std::vector<ProjectEvent> events;
  // Derived: paid (executed orders, without the retention release), committed (orders not
  // rejected, cancelled or expired), the retention (final cost x retention share) and how much of
  // it was released.
  money::Amount paid, committed, retention, retention_released;
  bool emergency() const noexcept { return !input.emergency_category.empty(); }
};

Project propose_project(ledger::Books& books, const ProjectInput& input,
                        const ledger::Actor& actor);
// Opens the owners' vote on using the fund for the project (matter use_fund, the project's
// scope): proposed -> voting.
Project put_to_vote(ledger::Books& books, std::string_view project_ref, const std::string& question,
                    Date opened_on, Date closes_on, const ledger::Actor& actor);
// Closes the project's vote if open and applies its result: voting -> approved | rejected.
Project decide(ledger::Books& books, std::string_view project_ref, const ledger::Actor& actor);
// proposed -> emergency: the emergency category, certificate and notice must be on the proposal.
Project declare_emergency(ledger::Books& books, std::string_view project_ref, Date declared_on,
                          const ledger::Actor& actor);
Project sign_contract(ledger::Books& books, std::string_view project_ref, const Contract& contract,
                      const ledger::Actor& actor);
Project start_works(ledger::Books& books, std::string_view project_ref, Date started_on,
                    const ledger::Actor& actor);
// Prepares and submits the escrow order of a staged payment, after the checks above. `expires_on`
// as for any order. Returns the project with the new payment.
Project request_payment(ledger::Books& books, std::string_view project_ref, PaymentStage stage,
                        money::Amount amount, Date expires_on, const ledger::Actor& actor);
// in_works -> accepted, with the final cost. Warranty runs from the acceptance date.
Project accept_works(ledger::Books& books, std::string_view project_ref, Date accepted_on,
                     money::Amount final_cost, const ledger::Actor& actor);
// Raises the approved budget to the final cost on a passed vote of the owners in scope (a vote
// of matter use_fund, closed, approved).
Project approve_overrun(ledger::Books& books, std::string_view project_ref,
                        std::string_view vote_ref, const ledger::Actor& actor);
// accepted -> settled -> warranty: everything but the retention paid, the final cost charged to
// the units in scope by area. Returns the project; the split is unit_split().
Project settle(ledger::Books& books, std::string_view project_ref, Date settled_on,
               const ledger::Actor& actor);
// warranty -> closed, once the retention is released (or there was none).
Project close_project(ledger::Books& books, std::string_view project_ref,
                      const ledger::Actor& actor);

Project project(ledger::Books& books, std::string_view project_ref);
std::vector<Project> list_projects(ledger::Books& books);

struct UnitCharge {
  std::string unit_code;
  money::Area area;
  money::Amount amount;
};
// The settled cost per unit (empty before settlement).
std::vector<UnitCharge> unit_split(ledger::Books& books, std::string_view project_ref);
// The exact split of `cost` over `units` by area (largest remainder, ties by unit code).
std::vector<UnitCharge> split_by_area(money::Amount cost, const std::vector<ledger::Unit>& units);

// Reads a proposal strictly: title, category, reason, budget, quotes [{contractor, amount,
// document_sha256}], chosen_quote, chosen_reason, scope {kind, items}, documents [{name,
// sha256}], and for an emergency emergency_category, emergency_certificate_sha256,
// emergency_notice_sha256. Unknown members are refused; errors name the field.
ProjectInput parse_project_json(std::string_view json);
// Reads a contract strictly: contractor, payee {name, account_no, bank_name, bank_code?}, price,
// signed_on, document_sha256, warranty_months (a number; default from the settings).
Contract parse_contract_input(std::string_view json, int default_warranty_months);

// The project for people and programs: proposal, state, approved budget, vote, contract,
// payments with their orders' states, paid, retention, events.
std::string project_to_json(const Project& project);
std::string split_to_json(const std::vector<UnitCharge>& split);

}  // namespace trustfund::repairfund
