// Repair projects; see project.h.
//
// Each operation loads the project, checks the transition and its money rules, and writes the
// new state with an event row and the action-log row in one audited write (ledger/audited_write.h;
// the vote it opens or closes and the escrow order of a staged payment are written inside it,
// with no action row of their own). Staged payments are escrow orders: what
// a project has paid or committed is read from its orders' states, never kept twice.
#include "trustfund/repairfund/project.h"

#include <algorithm>
#include <cstdio>

#include "project_json.h"
#include "trustfund/core/error.h"
#include "trustfund/core/utf8.h"
#include "trustfund/escrow/project_orders.h"
#include "trustfund/ledger/audited_write.h"
#include "trustfund/money/rounding.h"
#include "trustfund/money/split.h"
#include "vote_writes.h"

namespace trustfund::repairfund {

namespace accounts = ledger::accounts;
namespace {

constexpr std::array<const char*, 11> kStates = {"proposed", "voting",     "emergency", "approved",
                                                 "rejected", "contracted", "in_works",  "accepted",
                                                 "settled",  "warranty",   "closed"};
constexpr std::array<const char*, 4> kStages = {"advance", "progress", "balance", "retention"};

ProjectState parse_state(std::string_view text) {
  for (std::size_t i = 0; i < kStates.size(); ++i) {
    if (text == kStates[i])
      return static_cast<ProjectState>(i);
  }
  throw Error(ErrorKind::integrity, "project-state", "state", "unknown project state");
}

bool sha256_hex(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// One line of text, or (`lines` multiple) lines separated by line feeds: the reason for a
// project may run over several.
void text(const std::string& value, std::size_t max, const std::string& field, const char* what,
          utf8::Lines lines = utf8::Lines::one) {
  if (value.empty() || value.size() > max || !utf8::is_clean(value, lines)) {
    throw Error::invalid(
        "project-text", field,
        std::string(what) + " must be 1-" + std::to_string(max) + " bytes of text");
  }
}

void check_input(ledger::Books& books, const ProjectInput& in, const RepairSettings& settings) {
  text(in.title, 200, "title", "the title");
  if (std::none_of(std::begin(kProjectCategories), std::end(kProjectCategories),
                   [&](const char* c) { return in.category == c; })) {
    throw Error::invalid("project-category", "category",
                         "a category is lift, roof, facade, water, drainage, fire_system or other");
  }
  text(in.reason, 2000, "reason", "the reason", utf8::Lines::multiple);
  if (!in.budget.is_positive())
    throw Error::invalid("project-budget", "budget", "a budget is more than 0 yuan");
  const bool emergency = !in.emergency_category.empty();
  const std::size_t need = emergency ? 1 : static_cast<std::size_t>(settings.min_quotes);
  if (in.quotes.size() < need || in.quotes.size() > 20) {
    throw Error::invalid(
        "project-quotes", "quotes",
        "a project needs at least " + std::to_string(need) + " contractor quotes (at most 20)");
  }
  for (std::size_t i = 0; i < in.quotes.size(); ++i) {
    const std::string at = "quotes[" + std::to_string(i) + "].";
    text(in.quotes[i].contractor, 140, at + "contractor", "a contractor");
    if (!in.quotes[i].amount.is_positive())
      throw Error::invalid("quote-amount", at + "amount", "a quote is more than 0 yuan");
    if (!sha256_hex(in.quotes[i].document_sha256))
      throw Error::invalid("quote-document", at + "document_sha256",
                           "the quote's document by SHA-256, 64 lower-case hex digits");
  }
  if (in.chosen_quote >= in.quotes.size())
    throw Error::invalid("project-chosen", "chosen_quote", "name one of the quotes");
  text(in.chosen_reason, 500, "chosen_reason", "why this quote");
  if (in.quotes[in.chosen_quote].amount > in.budget) {
    throw Error::invalid("project-budget", "budget",
                         "the chosen quote is above the budget; raise the budget or choose again");
  }
  (void)units_in(books, in.scope);
  if (in.documents.size() > 50)
    throw Error::invalid("project-documents", "documents", "at most 50 documents");
  for (std::size_t i = 0; i < in.documents.size(); ++i) {
    const std::string at = "documents[" + std::to_string(i) + "].";
    text(in.documents[i].name, 200, at + "name", "a document's name");
    if (!sha256_hex(in.documents[i].sha256))
      throw Error::invalid("document-sha256", at + "sha256", "64 lower-case hex digits");
  }
  if (emergency) {
    if (std::none_of(std::begin(escrow::kEmergencyCategories),
                     std::end(escrow::kEmergencyCategories),
                     [&](const char* c) { return in.emergency_category == c; })) {
      throw Error::invalid("emergency-category", "emergency_category",
                           "emergency use is for roof_leak, lift_fault, water_pump, facade, "
                           "drainage or fire_system");
    }
    if (!sha256_hex(in.emergency_certificate_sha256))
      throw Error::invalid("emergency-certificate", "emergency_certificate_sha256",
                           "emergency use needs its certifying document, by SHA-256");
    if (!sha256_hex(in.emergency_notice_sha256))
      throw Error::invalid("emergency-notice", "emergency_notice_sha256",
                           "emergency use needs the notice to owners, by SHA-256");
  } else if (!in.emergency_certificate_sha256.empty() || !in.emergency_notice_sha256.empty()) {
    throw Error::invalid("emergency-category", "emergency_category",
                         "an emergency certificate or notice without an emergency category");
  }
}

struct Row {
  std::int64_t id = 0;
  Project project;
};

money::Amount retention_of(money::Amount cost, const RepairSettings& s) {
  return money::times(cost, s.retention);
}

// What an order of the project counts for now.
bool counts(escrow::OrderState s) {
  return s != escrow::OrderState::rejected && s != escrow::OrderState::cancelled &&
         s != escrow::OrderState::expired;
}

std::optional<Row> load(ledger::Books& books, std::string_view ref) {
  store::Database& db = books.database();
  store::Statement& st = db.cached(
      "SELECT p.project_id, p.state, p.body, p.approved_fen, v.vote_ref, p.contract,"
      " p.accepted_on, p.final_fen, p.warranty_end, p.settle_seq"
      " FROM repair_project p LEFT JOIN owner_vote v ON v.vote_id = p.vote_id"
      " WHERE p.project_ref = ?1");
  st.bind(1, ref);
  if (!st.step()) {
    st.reset();
    return std::nullopt;
  }
  Row row;
  row.id = st.int64(0);
  Project& p = row.project;
  p.project_ref = std::string(ref);
  p.state = parse_state(st.text_view(1));
  const std::string body = st.text(2);
  p.approved = money::Amount::from_fen(st.int64(3));
  if (!st.is_null(4))
    p.vote_ref = st.text(4);
  const std::string contract = st.is_null(5) ? "" : st.text(5);
  if (!st.is_null(6))
    p.accepted_on = Date::parse(st.text_view(6));
  if (!st.is_null(7))
    p.final_cost = money::Amount::from_fen(st.int64(7));
  if (!st.is_null(8))
    p.warranty_end = Date::parse(st.text_view(8));
  if (!st.is_null(9))
    p.settlement_seq = st.int64(9);
  st.reset();
  p.input = parse_project_json(body);
  if (!contract.empty())
    p.contract = parse_contract_json(contract);
  {
    store::Statement& ev = db.cached(
        "SELECT at, actor, event, detail FROM repair_project_event WHERE project_id = ?1"
        " ORDER BY event_id");
    ev.bind(1, row.id);
    while (ev.step())
      p.events.push_back({ev.text(0), ev.text(1), ev.text(2), ev.text(3)});
    ev.reset();
  }
  store::Statement& pay = db.cached(
      "SELECT r.stage, r.amount_fen, o.order_id FROM repair_payment r"
      " JOIN disbursement_order o ON o.order_no = r.order_no WHERE r.project_id = ?1"
      " ORDER BY r.payment_id");
  pay.bind(1, row.id);
  std::vector<std::pair<StagePayment, std::string>> rows;
  while (pay.step()) {
    StagePayment s;
    s.stage = parse_payment_stage(pay.text_view(0));
    s.amount = money::Amount::from_fen(pay.int64(1));
    s.order_id = pay.text(2);
    p.payments.push_back(std::move(s));
  }
  pay.reset();
  if (p.final_cost)
    p.retention = retention_of(*p.final_cost, settings_on(books, *p.accepted_on));
  for (StagePayment& s : p.payments) {
    s.state = escrow::order(books, s.order_id).state;
    if (s.stage == PaymentStage::retention) {
      if (s.state == escrow::OrderState::executed)
        p.retention_released += s.amount;
    } else {
      if (s.state == escrow::OrderState::executed)
        p.paid += s.amount;
      if (counts(s.state))
        p.committed += s.amount;
    }
  }
  return row;
}

Row require(ledger::Books& books, std::string_view ref) {
  std::optional<Row> row = load(books, ref);
  if (!row)
    throw Error::not_found("project-unknown", "project", "no repair project " + std::string(ref));
  return std::move(*row);
}

Error wrong_state(const Project& p, const char* wanted) {
  return Error::conflict(
      "project-state", "state",
      "project " + p.project_ref + " is " + to_string(p.state) + "; it must be " + wanted);
}

void add_event(store::Database& db, std::int64_t id, const ledger::Actor& actor, const char* event,
               const std::string& detail) {
  db.cached(
        "INSERT INTO repair_project_event (project_id, at, actor, event, detail)"
        " VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind(1, id)
      .bind(2, utc_timestamp_now())
      .bind(3, actor.name())
      .bind(4, event)
      .bind(5, detail)
      .run();
}

void set_state(store::Database& db, std::int64_t id, ProjectState state) {
  db.cached("UPDATE repair_project SET state = ?2 WHERE project_id = ?1")
      .bind(1, id)
      .bind(2, to_string(state))
      .run();
}

// The largest cost payable without a new approval: the approved budget plus the margin (an
// excess needs approval when it is above both the share and the minimum).
money::Amount allowed_cost(const money::Amount approved, const RepairSettings& s) {
  const money::Amount share = money::times(approved, s.overrun_share, money::Rounding::toward_zero);
  return approved + std::max(share, s.overrun_min);
}

Date add_months(Date d, int months) {
  const int total = d.year() * 12 + static_cast<int>(d.month()) - 1 + months;
  const int year = total / 12;
  const unsigned month = static_cast<unsigned>(total % 12) + 1;
  const unsigned last = Period::from_ym(year, month).last_day().day();
  return Date::from_ymd(year, month, std::min(d.day(), last));
}

}  // namespace

const char* to_string(ProjectState state) noexcept {
  return kStates[static_cast<std::size_t>(state)];
}

const char* to_string(PaymentStage stage) noexcept {
  return kStages[static_cast<std::size_t>(stage)];
}

PaymentStage parse_payment_stage(std::string_view text, std::string_view field) {
  for (std::size_t i = 0; i < kStages.size(); ++i) {
    if (text == kStages[i])
      return static_cast<PaymentStage>(i);
  }
  throw Error::invalid("payment-stage", std::string(field),
                       "a stage is advance, progress, balance or retention");
}

Project propose_project(ledger::Books& books, const ProjectInput& input,
                        const ledger::Actor& actor) {
  books.refresh();
  check_input(books, input, settings_on(books, Date::today_utc()));
  store::Database& db = books.database();
  ledger::AuditedWrite write(books, actor);
  store::Statement& next = db.cached("SELECT coalesce(max(project_id), 0) + 1 FROM repair_project");
  next.step();
  const std::int64_t id = next.int64(0);
  next.reset();
  char ref[24];
  std::snprintf(ref, sizeof ref, "RP-%04lld", static_cast<long long>(id));
  db.cached(
        "INSERT INTO repair_project (project_id, project_ref, state, body, budget_fen,"
        " approved_fen, created_at, created_by) VALUES (?1, ?2, 'proposed', ?3, ?4, 0, ?5, ?6)")
      .bind(1, id)
      .bind(2, std::string_view(ref))
      .bind(3, project_json(input))
      .bind(4, input.budget.fen())
      .bind(5, utc_timestamp_now())
      .bind(6, actor.name())
      .run();
  add_event(
      db, id, actor, "proposed",
      input.title + ", budget " + input.budget.to_string() +
          (input.emergency_category.empty() ? "" : ", emergency " + input.emergency_category));
  write.commit("propose_repair_project", "project:new");
  return project(books, ref);
}

Project put_to_vote(ledger::Books& books, std::string_view ref, const std::string& question,
                    Date opened_on, Date closes_on, const ledger::Actor& actor) {
  store::Database& db = books.database();
  ledger::AuditedWrite write(books, actor);
  const Row row = require(books, ref);
  if (row.project.state != ProjectState::proposed)
    throw wrong_state(row.project, "proposed to be put to the owners");
  if (row.project.emergency())
    throw Error::rule("project-emergency", "project",
                      "an emergency repair is declared, not voted (declare_emergency)");
  const Vote v = insert_vote(
      books, {question, Matter::use_fund, row.project.input.scope, opened_on, closes_on, true},
      actor);
  db.cached(
        "UPDATE repair_project SET state = 'voting',"
        " vote_id = (SELECT vote_id FROM owner_vote WHERE vote_ref = ?2) WHERE project_id = ?1")
      .bind(1, row.id)
      .bind(2, v.vote_ref)
      .run();
  add_event(db, row.id, actor, "voting",
            "vote " + v.vote_ref + " from " + opened_on.to_string() + " to " +
                closes_on.to_string() + " under " + v.rule_set_id);
  write.commit("put_repair_project_to_vote", "project:" + std::string(ref));
  return project(books, ref);
}

Project decide(ledger::Books& books, std::string_view ref, const ledger::Actor& actor) {
  store::Database& db = books.database();
  ledger::AuditedWrite write(books, actor);
  const Row row = require(books, ref);
  if (row.project.state != ProjectState::voting || !row.project.vote_ref)
    throw wrong_state(row.project, "voting to be decided");
  Vote v = vote(books, *row.project.vote_ref);
  if (!v.closed)
    v = record_vote_result(books, v.vote_ref);
  const bool yes = v.tally.approved;
  db.cached("UPDATE repair_project SET state = ?2, approved_fen = ?3 WHERE project_id = ?1")
      .bind(1, row.id)
      .bind(2, yes ? "approved" : "rejected")
      .bind(3, yes ? row.project.input.budget.fen() : std::int64_t{0})
      .run();
  std::string failed;
  for (const ThresholdResult& t : v.tally.thresholds) {
    if (!t.passed)
      failed += (failed.empty() ? "" : ", ") + t.name;
  }
  add_event(db, row.id, actor, yes ? "approved" : "rejected",
            "vote " + v.vote_ref + (yes ? ": every threshold passed" : ": failed " + failed));
  write.commit("decide_repair_project", "project:" + std::string(ref));
  return project(books, ref);
}

Project declare_emergency(ledger::Books& books, std::string_view ref, Date declared_on,
                          const ledger::Actor& actor) {
  store::Database& db = books.database();
  ledger::AuditedWrite write(books, actor);
  const Row row = require(books, ref);
  if (row.project.state != ProjectState::proposed)
    throw wrong_state(row.project, "proposed to be declared an emergency");
  if (!row.project.emergency()) {
    throw Error::rule("project-not-emergency", "emergency_category",
                      "only a listed emergency (with its certificate and notice) skips the vote");
  }
  db.cached(
        "UPDATE repair_project SET state = 'emergency', approved_fen = ?2 WHERE project_id = ?1")
      .bind(1, row.id)
      .bind(2, row.project.input.budget.fen())
      .run();
  add_event(db, row.id, actor, "emergency",
            row.project.input.emergency_category + " declared " + declared_on.to_string() +
                "; certificate " + row.project.input.emergency_certificate_sha256 +
                ", notice to owners " + row.project.input.emergency_notice_sha256);
  write.commit("declare_repair_emergency", "project:" + std::string(ref));
  return project(books, ref);
}

Project sign_contract(ledger::Books& books, std::string_view ref, const Contract& c,
                      const ledger::Actor& actor) {
  text(c.contractor, 140, "contractor", "the contractor");
  escrow::check_payee(c.payee);
  if (!c.price.is_positive())
    throw Error::invalid("contract-price", "price", "a contract price is more than 0 yuan");
  if (!sha256_hex(c.document_sha256))
    throw Error::invalid("contract-document", "document_sha256", "the contract by SHA-256");
  if (c.warranty_months < 0 || c.warranty_months > 120)
    throw Error::invalid("contract-warranty", "warranty_months", "0 to 120 months");
  store::Database& db = books.database();
  ledger::AuditedWrite write(books, actor);
  const Row row = require(books, ref);
  if (row.project.state != ProjectState::approved && row.project.state != ProjectState::emergency)
    throw wrong_state(row.project, "approved (or an emergency) to be contracted");
  const RepairSettings s = settings_on(books, c.signed_on);
  if (c.price > allowed_cost(row.project.approved, s)) {
    throw Error::rule("contract-over-budget", "price",
                      "the price " + c.price.to_string() + " is above the approved " +
                          row.project.approved.to_string() +
                          " plus the margin; the owners must "
                          "approve more first");
  }
  db.cached("UPDATE repair_project SET state = 'contracted', contract = ?2 WHERE project_id = ?1")
      .bind(1, row.id)
      .bind(2, contract_json(c))
      .run();
  add_event(db, row.id, actor, "contracted",
            c.contractor + ", " + c.price.to_string() + ", signed " + c.signed_on.to_string());
  write.commit("sign_repair_contract", "project:" + std::string(ref));
  return project(books, ref);
}

Project start_works(ledger::Books& books, std::string_view ref, Date started_on,
                    const ledger::Actor& actor) {
  store::Database& db = books.database();
  ledger::AuditedWrite write(books, actor);
  const Row row = require(books, ref);
  if (row.project.state != ProjectState::contracted)
    throw wrong_state(row.project, "contracted for works to start");
  set_state(db, row.id, ProjectState::in_works);
  add_event(db, row.id, actor, "in_works", "started " + started_on.to_string());
  write.commit("start_repair_works", "project:" + std::string(ref));
  return project(books, ref);
}

Project request_payment(ledger::Books& books, std::string_view ref, PaymentStage stage,
                        money::Amount amount, Date expires_on, const ledger::Actor& actor) {
  if (!amount.is_positive())
    throw Error::invalid("payment-amount", "amount", "a payment is more than 0 yuan");
  store::Database& db = books.database();
  ledger::AuditedWrite write(books, actor);
  const Row row = require(books, ref);
  const Project& p = row.project;
  if (!p.contract)
    throw wrong_state(p, "contracted before anything is paid");
  const RepairSettings s = settings_on(books, Date::today_utc());
  const money::Amount price = p.contract->price;
  money::Amount committed_advance;
  for (const StagePayment& sp : p.payments) {
    if (sp.stage == PaymentStage::advance && counts(sp.state))
      committed_advance += sp.amount;
  }
  money::Amount committed_retention;
  for (const StagePayment& sp : p.payments) {
    if (sp.stage == PaymentStage::retention && counts(sp.state))
      committed_retention += sp.amount;
  }
  const auto over = [&](const money::Amount limit, const std::string& what) {
    return Error::rule("payment-over-limit", "amount",
                       what + ": at most " + limit.to_string() + " may be paid, and " +
                           amount.to_string() + " more is asked");
  };
  switch (stage) {
    case PaymentStage::advance: {
      if (p.state != ProjectState::contracted && p.state != ProjectState::in_works)
        throw wrong_state(p, "contracted or in works for an advance");
      const money::Amount cap = money::times(price, s.advance_cap, money::Rounding::toward_zero);
      if (committed_advance + amount > cap)
        throw over(cap - committed_advance,
                   "the advance is capped at " + s.advance_cap.to_string() + " of the price");
      break;
    }
    case PaymentStage::progress: {
      if (p.state != ProjectState::in_works)
        throw wrong_state(p, "in works for a progress payment");
      const money::Amount cap = price - retention_of(price, s);
      if (p.committed + amount > cap)
        throw over(cap - p.committed, "before acceptance the retention stays unpaid");
      break;
    }
    case PaymentStage::balance: {
      if (p.state != ProjectState::accepted || !p.final_cost)
        throw wrong_state(p, "accepted for the balance");
      // Beyond the approved budget plus the margin, only up to the approved budget until the
      // owners approve the overrun.
      const money::Amount payable =
          *p.final_cost > allowed_cost(p.approved, s) ? p.approved : *p.final_cost;
      const money::Amount cap = payable - p.retention;
      if (p.committed + amount > cap) {
        throw Error::rule(
            payable < *p.final_cost ? "overrun-needs-approval" : "payment-over-limit", "amount",
            payable < *p.final_cost ? "the final cost " + p.final_cost->to_string() +
                                          " exceeds the "
                                          "approved " +
                                          p.approved.to_string() +
                                          " by more than the margin; "
                                          "at most " +
                                          (cap - p.committed).to_string() +
                                          " may be paid until the owners approve the excess"
                                    : "the balance is the final cost less the retention: at most " +
                                          (cap - p.committed).to_string() + " is left");
      }
      break;
    }
    case PaymentStage::retention: {
      if (p.state != ProjectState::warranty || !p.warranty_end)
        throw wrong_state(p, "in warranty for the retention");
      if (Date::today_utc() <= *p.warranty_end) {
        throw Error::rule(
            "retention-before-warranty-end", "stage",
            "the retention is held until the warranty ends on " + p.warranty_end->to_string());
      }
      if (committed_retention + amount > p.retention)
        throw over(p.retention - committed_retention, "the retention held");
      break;
    }
  }
  escrow::OrderInput in;
  in.fund = ledger::Fund::repair;
  in.amount = amount;
  in.payee = p.contract->payee;
  in.debit_account = stage == PaymentStage::retention ? accounts::kRepairRetention
                                                      : accounts::kRepairWorksInProgress;
  in.budget_line = "repair project " + p.project_ref;
  in.purpose = std::string(to_string(stage)) + " payment: " + p.input.title;
  if (in.purpose.size() > 500)
    in.purpose.resize(500);  // the title is at most 200 bytes: never cuts a character
  in.vouchers = {{"contract", p.contract->document_sha256}};
  if (p.emergency())
    in.vouchers.push_back({"emergency certificate", p.input.emergency_certificate_sha256});
  in.repair_project = p.project_ref;
  in.resolution =
      p.vote_ref ? "owners' vote " + *p.vote_ref : "emergency use " + p.input.emergency_category;
  in.emergency_category = p.input.emergency_category;
  in.expires_on = expires_on;
  const escrow::Order o = escrow::create_project_order(books, in, actor);
  db.cached(
        "INSERT INTO repair_payment (project_id, stage, amount_fen, order_no, created_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind(1, row.id)
      .bind(2, to_string(stage))
      .bind(3, amount.fen())
      .bind(4, o.order_no)
      .bind(5, utc_timestamp_now())
      .run();
  add_event(db, row.id, actor, "payment_requested",
            std::string(to_string(stage)) + " " + amount.to_string() + ": order " + o.order_id);
  write.commit("request_repair_payment", "project:" + std::string(ref));
  return project(books, ref);
}

Project accept_works(ledger::Books& books, std::string_view ref, Date accepted_on,
                     money::Amount final_cost, const ledger::Actor& actor) {
  if (!final_cost.is_positive())
    throw Error::invalid("final-cost", "final_cost", "the final cost is more than 0 yuan");
  store::Database& db = books.database();
  ledger::AuditedWrite write(books, actor);
  const Row row = require(books, ref);
  const Project& p = row.project;
  if (p.state != ProjectState::in_works)
    throw wrong_state(p, "in works to be accepted");
  if (final_cost < p.committed) {
    throw Error::rule("final-cost-below-paid", "final_cost",
                      "the final cost is below what is already paid or committed (" +
                          p.committed.to_string() + ")");
  }
  const Date warranty_end = add_months(accepted_on, p.contract->warranty_months);
  db.cached(
        "UPDATE repair_project SET state = 'accepted', accepted_on = ?2, final_fen = ?3,"
        " warranty_end = ?4 WHERE project_id = ?1")
      .bind(1, row.id)
      .bind(2, accepted_on.to_string())
      .bind(3, final_cost.fen())
      .bind(4, warranty_end.to_string())
      .run();
  const RepairSettings s = settings_on(books, accepted_on);
  const bool overrun = final_cost > allowed_cost(p.approved, s);
  add_event(db, row.id, actor, "accepted",
            "final cost " + final_cost.to_string() + ", warranty to " + warranty_end.to_string() +
                (overrun ? "; above the approved budget by more than the margin: the excess "
                           "needs the owners' approval"
                         : ""));
  write.commit("accept_repair_works", "project:" + std::string(ref));
  return project(books, ref);
}

Project approve_overrun(ledger::Books& books, std::string_view ref, std::string_view vote_ref,
                        const ledger::Actor& actor) {
  store::Database& db = books.database();
  ledger::AuditedWrite write(books, actor);
  const Row row = require(books, ref);
  const Project& p = row.project;
  if (p.state != ProjectState::accepted || !p.final_cost)
    throw wrong_state(p, "accepted, with its final cost, for an overrun approval");
  const Vote v = vote(books, vote_ref);
  // The owners must decide on the new cost: a vote opened after the works were accepted, not
  // the one that approved the budget.
  if ((p.vote_ref && *p.vote_ref == v.vote_ref) || v.input.opened_on < *p.accepted_on) {
    throw Error::rule("overrun-vote-before-acceptance", "vote",
                      "vote " + v.vote_ref + " opened before the final cost was known (" +
                          p.accepted_on->to_string() + "); the owners must vote on it");
  }
  if (!v.closed || !v.tally.approved || v.input.matter != Matter::use_fund) {
    throw Error::rule("overrun-vote", "vote",
                      "vote " + v.vote_ref + " is not a closed, approved vote on using the fund");
  }
  const auto in_scope = [&](const Scope& s) {
    std::vector<std::string> codes;
    for (const ledger::Unit& u : units_in(books, s))
      codes.push_back(u.code);
    return codes;
  };
  if (in_scope(v.input.scope) != in_scope(p.input.scope)) {
    throw Error::rule("overrun-vote-scope", "vote",
                      "the vote's scope is not the project's: the owners who pay must decide");
  }
  db.cached("UPDATE repair_project SET approved_fen = ?2 WHERE project_id = ?1")
      .bind(1, row.id)
      .bind(2, p.final_cost->fen())
      .run();
  add_event(db, row.id, actor, "overrun_approved",
            "approved " + p.final_cost->to_string() + " by vote " + v.vote_ref);
  write.commit("approve_repair_overrun", "project:" + std::string(ref));
  return project(books, ref);
}

Project settle(ledger::Books& books, std::string_view ref, Date settled_on,
               const ledger::Actor& actor) {
  books.refresh();
  store::Database& db = books.database();
  ledger::AuditedWrite write(books, actor);
  const Row row = require(books, ref);
  const Project& p = row.project;
  if (p.state != ProjectState::accepted || !p.final_cost)
    throw wrong_state(p, "accepted to be settled");
  const RepairSettings s = settings_on(books, settled_on);
  const money::Amount final_cost = *p.final_cost;
  if (final_cost > allowed_cost(p.approved, s)) {
    throw Error::rule("overrun-needs-approval", "final_cost",
                      "the final cost exceeds the approved budget by more than the margin; the "
                      "owners must approve it first");
  }
  const money::Amount retention = p.retention;
  if (p.paid != final_cost - retention || p.committed != p.paid) {
    throw Error::rule("settle-unpaid", "project",
                      "settlement needs the final cost less the retention (" +
                          (final_cost - retention).to_string() + ") paid by executed orders; " +
                          p.paid.to_string() + " is paid and " + p.committed.to_string() +
                          " committed");
  }
  const std::vector<ledger::Unit> units = units_in(books, p.input.scope);
  const std::vector<UnitCharge> split = split_by_area(final_cost, units);
  ledger::EntryInput e;
  e.date = settled_on;
  e.kind = "repair";
  e.memo = "Repair project " + p.project_ref + " settled: " + p.input.title + ", final cost " +
           final_cost.to_string() + " charged to " + std::to_string(units.size()) +
           " units by area" + (p.emergency() ? " (emergency use)" : "");
  if (retention.is_positive()) {
    e.postings.push_back({accounts::kRepairWorksInProgress, retention});
    e.postings.push_back({accounts::kRepairRetention, -retention});
  }
  for (const UnitCharge& c : split) {
    if (c.amount.is_positive())
      e.postings.push_back(
          {ledger::unit_account_code(accounts::kRepairSubAccounts, c.unit_code), c.amount});
  }
  e.postings.push_back({accounts::kRepairWorksInProgress, -final_cost});
  std::int64_t seq = 0;
  {
    ledger::Books::Writer writer(books, ledger::Books::Writer::Nesting::join);
    seq = writer.add(e, actor.name()).seq;
    writer.commit();
  }
  store::Statement& ins = db.cached(
      "INSERT INTO repair_charge (project_id, unit_code, area_hundredths_m2, amount_fen)"
      " VALUES (?1, ?2, ?3, ?4)");
  for (const UnitCharge& c : split) {
    ins.bind(1, row.id)
        .bind(2, c.unit_code)
        .bind(3, c.area.hundredths_m2())
        .bind(4, c.amount.fen())
        .run();
  }
  const bool held = retention.is_positive();
  db.cached("UPDATE repair_project SET state = ?2, settle_seq = ?3 WHERE project_id = ?1")
      .bind(1, row.id)
      .bind(2, held ? "warranty" : "settled")
      .bind(3, seq)
      .run();
  add_event(db, row.id, actor, "settled",
            "entry " + std::to_string(seq) + ": " + final_cost.to_string() + " over " +
                std::to_string(units.size()) + " units by area");
  if (held) {
    add_event(db, row.id, actor, "warranty",
              "retention " + retention.to_string() + " held until " + p.warranty_end->to_string());
  }
  write.commit("settle_repair_project", "project:" + std::string(ref));
  return project(books, ref);
}

Project close_project(ledger::Books& books, std::string_view ref, const ledger::Actor& actor) {
  store::Database& db = books.database();
  ledger::AuditedWrite write(books, actor);
  const Row row = require(books, ref);
  const Project& p = row.project;
  if (p.state != ProjectState::warranty && p.state != ProjectState::settled)
    throw wrong_state(p, "settled (and its warranty over) to be closed");
  if (p.retention_released != p.retention) {
    throw Error::rule("retention-held", "project",
                      "the retention of " + p.retention.to_string() + " is not released yet (" +
                          p.retention_released.to_string() + " paid)");
  }
  set_state(db, row.id, ProjectState::closed);
  add_event(db, row.id, actor, "closed", "retention released");
  write.commit("close_repair_project", "project:" + std::string(ref));
  return project(books, ref);
}

Project project(ledger::Books& books, std::string_view ref) {
  return std::move(require(books, ref).project);
}

std::vector<Project> list_projects(ledger::Books& books) {
  store::Statement& st =
      books.database().cached("SELECT project_ref FROM repair_project ORDER BY project_id");
  std::vector<std::string> refs;
  while (st.step())
    refs.push_back(st.text(0));
  st.reset();
  std::vector<Project> out;
  for (const std::string& r : refs)
    out.push_back(project(books, r));
  return out;
}

std::vector<UnitCharge> unit_split(ledger::Books& books, std::string_view ref) {
  const Row row = require(books, ref);
  store::Statement& st = books.database().cached(
      "SELECT unit_code, area_hundredths_m2, amount_fen FROM repair_charge WHERE project_id = ?1"
      " ORDER BY unit_code");
  st.bind(1, row.id);
  std::vector<UnitCharge> out;
  while (st.step()) {
    out.push_back({st.text(0), money::Area::from_hundredths_m2(st.int64(1)),
                   money::Amount::from_fen(st.int64(2))});
  }
  st.reset();
  return out;
}

std::vector<UnitCharge> split_by_area(money::Amount cost, const std::vector<ledger::Unit>& units) {
  std::vector<money::SplitShare> shares;
  shares.reserve(units.size());
  for (const ledger::Unit& u : units)
    shares.push_back({u.code, u.area.hundredths_m2()});
  const std::vector<money::Amount> parts = money::split(cost, shares);
  std::vector<UnitCharge> out;
  out.reserve(units.size());
  for (std::size_t i = 0; i < units.size(); ++i)
    out.push_back({units[i].code, units[i].area, parts[i]});
  return out;
}

}  // namespace trustfund::repairfund
