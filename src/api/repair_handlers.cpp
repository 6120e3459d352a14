// API v1 for the repair fund: settings, unit sub-accounts (deposits, interest, reconciliation),
// owners' votes, and repair projects from proposal to close. The rules are in src/repairfund/;
// every handler authorizes first, writes through the estate's writer thread, and logs its action.
// Staged payments become escrow orders, signed and executed through the order routes.
#include <string>

#include "authz.h"
#include "json_out.h"
#include "request_json.h"
#include "trustfund/core/error.h"
#include "trustfund/repairfund/project.h"
#include "trustfund/repairfund/settings.h"
#include "trustfund/repairfund/subaccounts.h"
#include "trustfund/repairfund/votes.h"

namespace trustfund::api {
namespace {

using auth::Action;
namespace rf = repairfund;

const std::string& estate_of(const Request& r) {
  return r.params.at("estate");
}

Date date_query(const Request& req, const char* name) {
  const auto it = req.query.find(name);
  return it == req.query.end() ? Date::today_utc() : Date::parse(it->second, name);
}

Date date_member(const JsonBody& body, const char* name) {
  return Date::parse(body.text_or(name, Date::today_utc().to_string(), 10), name);
}

// A write by `who` (authorized before the body was read) on the estate's writer thread, answered
// with `to_json` of its result.
template <typename Op, typename ToJson>
Response write(Service& s, const Request& req, const auth::Principal& who, Op&& op,
               ToJson&& to_json, int status = 200) {
  const ledger::Actor actor = actor_of(who, req);
  const auto result = s.writer(estate_of(req))
                          .execute([&](ledger::Books& books) { return op(books, actor); })
                          .get();
  return json(to_json(result), status);
}

// ---- settings ----------------------------------------------------------------------------------

std::string settings_json(const rf::RepairSettings& x) {
  std::string out = "{";
  member(out, "effective_from", x.effective_from.to_string(), true);
  member(out, "jurisdiction", x.jurisdiction);
  member(out, "developer_ref", x.developer_ref);
  member(out, "top_up_share", x.top_up_share.to_string());
  member_raw(out, "min_quotes", std::to_string(x.min_quotes));
  member(out, "advance_cap", x.advance_cap.to_string());
  member(out, "retention", x.retention.to_string());
  member(out, "overrun_share", x.overrun_share.to_string());
  member(out, "overrun_min", x.overrun_min.to_string());
  member_raw(out, "warranty_months", std::to_string(x.warranty_months));
  member(out, "set_at", x.set_at);
  return out + "}";
}

Response get_settings(Service& s, const Request& req) {
  authorize(s, req, Action::read_books, estate_of(req));
  auto books = s.reader(estate_of(req));
  return json(settings_json(rf::settings_on(*books, date_query(req, "on"))));
}

int small_int(const JsonBody& body, const char* name, int fallback, int max) {
  const std::string t = body.text_or(name, std::to_string(fallback), 4);
  if (t.empty() || t.find_first_not_of("0123456789") != std::string::npos || std::stoi(t) > max)
    throw Error::invalid("settings-number", name, std::string(name) + " is a whole number");
  return std::stoi(t);
}

Response set_settings(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::configure_escrow, estate_of(req));
  const JsonBody body(
      req, {"effective_from", "jurisdiction", "developer_ref", "top_up_share", "min_quotes",
            "advance_cap", "retention", "overrun_share", "overrun_min", "warranty_months"});
  // Members left out keep the value of the settings in force on the new date.
  const Date from = date_member(body, "effective_from");
  rf::RepairSettings x = [&] {
    auto books = s.reader(estate_of(req));
    return rf::settings_on(*books, from);
  }();
  x.effective_from = from;
  x.jurisdiction = body.text_or("jurisdiction", x.jurisdiction, 20);
  x.developer_ref = body.text_or("developer_ref", x.developer_ref, 100);
  const auto rate = [&](const char* name, money::Rate fallback) {
    return money::Rate::parse(body.text_or(name, fallback.to_string(), 20), name);
  };
  x.top_up_share = rate("top_up_share", x.top_up_share);
  x.advance_cap = rate("advance_cap", x.advance_cap);
  x.retention = rate("retention", x.retention);
  x.overrun_share = rate("overrun_share", x.overrun_share);
  x.overrun_min = money::Amount::parse(body.text_or("overrun_min", x.overrun_min.to_string(), 40),
                                       "overrun_min");
  x.min_quotes = small_int(body, "min_quotes", x.min_quotes, 10);
  x.warranty_months = small_int(body, "warranty_months", x.warranty_months, 120);
  return write(
      s, req, who,
      [&](ledger::Books& b, const ledger::Actor& actor) { return rf::set_settings(b, x, actor); },
      settings_json, 201);
}

// ---- sub-accounts
// --------------------------------------------------------------------------------

Response post_deposits(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::write_journal, estate_of(req));
  const JsonBody body(req, {"deposits"}, body_faults_by_kind());
  const json::ArrayReader list = body.object().array("deposits");
  std::vector<rf::DepositInput> deposits;
  for (std::size_t i = 0; i < list.size() && i <= 100'000; ++i) {
    const json::ObjectReader d = list.object(i);
    d.only({"unit", "kind", "amount", "date"});
    deposits.push_back({d.string("unit"),
                        rf::parse_deposit_kind(d.string("kind"), d.path() + ".kind"),
                        money::Amount::parse(d.decimal("amount"), d.path() + ".amount"),
                        Date::parse(d.string("date"), d.path() + ".date")});
  }
  return write(
      s, req, who,
      [&](ledger::Books& b, const ledger::Actor& actor) {
        return rf::record_deposits(b, deposits, actor);
      },
      [](const std::vector<std::int64_t>& seqs) {
        std::string out = "{\"entry_seqs\":[";
        for (std::size_t i = 0; i < seqs.size(); ++i)
          out.append(i ? "," : "").append(std::to_string(seqs[i]));
        return out + "]}";
      },
      201);
}

Response post_interest(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::write_journal, estate_of(req));
  const JsonBody body(req, {"amount", "date", "basis"});
  const money::Amount amount = money::Amount::parse(body.text("amount", 40), "amount");
  const Date date = date_member(body, "date");
  const rf::InterestBasis basis = rf::parse_interest_basis(body.text_or("basis", "balance", 10));
  return write(
      s, req, who,
      [&](ledger::Books& b, const ledger::Actor& actor) {
        return rf::allocate_interest(b, amount, date, basis, actor);
      },
      [](const rf::InterestAllocation& a) {
        std::string out = "{";
        member(out, "amount", a.amount.to_string(), true);
        member(out, "basis", rf::to_string(a.basis));
        member(out, "date", a.date.to_string());
        member_raw(out, "entry_seq", std::to_string(a.entry_seq));
        out += ",\"by_unit\":[";
        for (std::size_t i = 0; i < a.by_unit.size(); ++i) {
          out += i ? ",{" : "{";
          member(out, "unit", a.by_unit[i].first, true);
          member(out, "amount", a.by_unit[i].second.to_string());
          out += '}';
        }
        return out + "]}";
      },
      201);
}

Response get_sub_accounts(Service& s, const Request& req) {
  authorize(s, req, Action::read_books, estate_of(req));
  const Date as_of = date_query(req, "as_of");
  const auto it = req.query.find("below_top_up");
  const bool below = it != req.query.end() && it->second == "true";
  auto books = s.reader(estate_of(req));
  std::string out = "{";
  member(out, "as_of", as_of.to_string(), true);
  out += ",\"units\":[";
  bool first = true;
  for (const rf::SubAccount& a : rf::sub_accounts(*books, as_of)) {
    if (below && !a.needs_top_up)
      continue;
    out += first ? "{" : ",{";
    first = false;
    member(out, "unit", a.unit_code, true);
    member(out, "area_m2", a.area.to_string());
    member(out, "first_deposit", a.first_deposit.to_string());
    member(out, "top_ups", a.top_ups.to_string());
    member(out, "charged", a.charged.to_string());
    member(out, "balance", a.balance.to_string());
    member_raw(out, "needs_top_up", a.needs_top_up ? "true" : "false");
    out += '}';
  }
  return json(out + "],\"currency\":\"CNY\"}");
}

Response get_reconciliation(Service& s, const Request& req) {
  authorize(s, req, Action::read_books, estate_of(req));
  const Date as_of = date_query(req, "as_of");
  auto books = s.reader(estate_of(req));
  const rf::RepairFundReconciliation r = rf::reconcile(*books, as_of);
  std::string out = "{";
  member(out, "as_of", as_of.to_string(), true);
  member(out, "bank", r.bank.to_string());
  member(out, "works_in_progress", r.works_in_progress.to_string());
  member(out, "payables", r.payables.to_string());
  member(out, "retention", r.retention.to_string());
  member(out, "sub_accounts", r.sub_accounts.to_string());
  member(out, "control", r.control.to_string());
  member_raw(out, "balanced", r.balanced ? "true" : "false");
  return json(out + ",\"currency\":\"CNY\"}");
}

// ---- votes
// ---------------------------------------------------------------------------------------

rf::Scope scope_member(const json::ObjectReader& body) {
  const json::ObjectReader scope = body.object("scope");
  scope.only({"kind", "items"});
  std::vector<std::string> items;
  if (const std::optional<json::ArrayReader> list = scope.optional_array("items")) {
    for (std::size_t i = 0; i < list->size() && i <= 10'000; ++i)
      items.push_back(list->string(i));
  }
  return rf::parse_scope(scope.string("kind"), std::move(items));
}

Response open_vote(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::conduct_vote, estate_of(req));
  const JsonBody body(req, {"question", "matter", "scope", "opens_on", "closes_on", "allow_change"},
                      body_faults_by_kind());
  const json::ObjectReader& o = body.object();
  rf::VoteInput in;
  in.question = o.string("question");
  in.matter = rf::parse_matter(o.string("matter"));
  in.scope = scope_member(o);
  in.opened_on = Date::parse(o.string("opens_on"), "opens_on");
  in.closes_on = Date::parse(o.string("closes_on"), "closes_on");
  in.allow_change = o.optional_boolean("allow_change").value_or(in.allow_change);
  return write(
      s, req, who,
      [&](ledger::Books& b, const ledger::Actor& actor) { return rf::open_vote(b, in, actor); },
      rf::vote_to_json, 201);
}

Response get_vote(Service& s, const Request& req) {
  authorize(s, req, Action::read_estate, estate_of(req));
  auto books = s.reader(estate_of(req));
  return json(rf::vote_to_json(rf::vote(*books, req.params.at("vote"))));
}

Response cast_ballot(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::conduct_vote, estate_of(req));
  const JsonBody body(req, {"owner", "choice", "date"});
  const std::string owner = body.text("owner", 100);
  const rf::Choice choice = rf::parse_choice(body.text("choice", 10));
  const Date date = date_member(body, "date");
  const std::string ref = req.params.at("vote");
  return write(
      s, req, who,
      [&](ledger::Books& b, const ledger::Actor& actor) {
        return rf::cast_ballot(b, ref, owner, choice, date, actor);
      },
      rf::vote_to_json);
}

Response close_vote(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::conduct_vote, estate_of(req));
  const std::string ref = req.params.at("vote");
  return write(
      s, req, who,
      [&](ledger::Books& b, const ledger::Actor& actor) { return rf::close_vote(b, ref, actor); },
      rf::vote_to_json);
}

// ---- projects
// ------------------------------------------------------------------------------------

const std::string& project_of(const Request& r) {
  return r.params.at("project");
}

template <typename Op>
Response project_write(Service& s, const Request& req, const auth::Principal& who, Op&& op) {
  return write(s, req, who, std::forward<Op>(op), rf::project_to_json);
}

Response list_projects(Service& s, const Request& req) {
  authorize(s, req, Action::read_estate, estate_of(req));
  auto books = s.reader(estate_of(req));
  std::string out = "{\"projects\":[";
  const auto projects = rf::list_projects(*books);
  for (std::size_t i = 0; i < projects.size(); ++i)
    out.append(i ? "," : "").append(rf::project_to_json(projects[i]));
  return json(out + "]}");
}

Response propose(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::prepare_disbursement, estate_of(req));
  require_json(req);
  const rf::ProjectInput in = rf::parse_project_json(req.body);
  return write(
      s, req, who,
      [&](ledger::Books& b, const ledger::Actor& actor) {
        return rf::propose_project(b, in, actor);
      },
      rf::project_to_json, 201);
}

Response get_project(Service& s, const Request& req) {
  authorize(s, req, Action::read_estate, estate_of(req));
  auto books = s.reader(estate_of(req));
  return json(rf::project_to_json(rf::project(*books, project_of(req))));
}

Response get_split(Service& s, const Request& req) {
  authorize(s, req, Action::read_estate, estate_of(req));
  auto books = s.reader(estate_of(req));
  return json(rf::split_to_json(rf::unit_split(*books, project_of(req))));
}

Response put_to_vote(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::conduct_vote, estate_of(req));
  const JsonBody body(req, {"question", "opens_on", "closes_on"});
  const std::string question = body.text("question", 500);
  const Date opens = date_member(body, "opens_on");
  const Date closes = Date::parse(body.text("closes_on", 10), "closes_on");
  return project_write(s, req, who, [&](ledger::Books& b, const ledger::Actor& actor) {
    return rf::put_to_vote(b, project_of(req), question, opens, closes, actor);
  });
}

Response decide(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::conduct_vote, estate_of(req));
  return project_write(s, req, who, [&](ledger::Books& b, const ledger::Actor& actor) {
    return rf::decide(b, project_of(req), actor);
  });
}

Response declare_emergency(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::prepare_disbursement, estate_of(req));
  const JsonBody body(req, {"date"});
  const Date date = date_member(body, "date");
  return project_write(s, req, who, [&](ledger::Books& b, const ledger::Actor& actor) {
    return rf::declare_emergency(b, project_of(req), date, actor);
  });
}

Response sign_contract(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::prepare_disbursement, estate_of(req));
  require_json(req);
  const std::string body = req.body;
  return project_write(s, req, who, [&](ledger::Books& b, const ledger::Actor& actor) {
    const rf::Contract c =
        rf::parse_contract_input(body, rf::settings_on(b, Date::today_utc()).warranty_months);
    return rf::sign_contract(b, project_of(req), c, actor);
  });
}

Response start_works(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::prepare_disbursement, estate_of(req));
  const JsonBody body(req, {"date"});
  const Date date = date_member(body, "date");
  return project_write(s, req, who, [&](ledger::Books& b, const ledger::Actor& actor) {
    return rf::start_works(b, project_of(req), date, actor);
  });
}

Response request_payment(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::prepare_disbursement, estate_of(req));
  const JsonBody body(req, {"stage", "amount", "expires_on"});
  const rf::PaymentStage stage = rf::parse_payment_stage(body.text("stage", 10));
  const money::Amount amount = money::Amount::parse(body.text("amount", 40), "amount");
  const Date expires = Date::parse(
      body.text_or("expires_on", Date::today_utc().plus_days(30).to_string(), 10), "expires_on");
  return project_write(s, req, who, [&](ledger::Books& b, const ledger::Actor& actor) {
    return rf::request_payment(b, project_of(req), stage, amount, expires, actor);
  });
}

Response accept_works(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::prepare_disbursement, estate_of(req));
  const JsonBody body(req, {"date", "final_cost"});
  const Date date = date_member(body, "date");
  const money::Amount cost = money::Amount::parse(body.text("final_cost", 40), "final_cost");
  return project_write(s, req, who, [&](ledger::Books& b, const ledger::Actor& actor) {
    return rf::accept_works(b, project_of(req), date, cost, actor);
  });
}

Response approve_overrun(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::conduct_vote, estate_of(req));
  const JsonBody body(req, {"vote"});
  const std::string vote = body.text("vote", 20);
  return project_write(s, req, who, [&](ledger::Books& b, const ledger::Actor& actor) {
    return rf::approve_overrun(b, project_of(req), vote, actor);
  });
}

Response settle(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::prepare_disbursement, estate_of(req));
  const JsonBody body(req, {"date"});
  const Date date = date_member(body, "date");
  return project_write(s, req, who, [&](ledger::Books& b, const ledger::Actor& actor) {
    return rf::settle(b, project_of(req), date, actor);
  });
}

Response close_project(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::prepare_disbursement, estate_of(req));
  return project_write(s, req, who, [&](ledger::Books& b, const ledger::Actor& actor) {
    return rf::close_project(b, project_of(req), actor);
  });
}

}  // namespace

std::vector<Route> repair_routes() {
  const std::string e = "/api/v1/estates/{estate}";
  const std::string r = e + "/repair-fund";
  const std::string p = e + "/repair-projects/{project}";
  return {
      {"GET", r + "/settings", get_settings},
      {"POST", r + "/settings", set_settings},
      {"POST", r + "/deposits", post_deposits},
      {"POST", r + "/interest", post_interest},
      {"GET", r + "/sub-accounts", get_sub_accounts},
      {"GET", r + "/reconciliation", get_reconciliation},
      {"POST", e + "/votes", open_vote},
      {"GET", e + "/votes/{vote}", get_vote},
      {"POST", e + "/votes/{vote}/ballots", cast_ballot},
      {"POST", e + "/votes/{vote}/close", close_vote},
      {"GET", e + "/repair-projects", list_projects},
      {"POST", e + "/repair-projects", propose},
      {"GET", p, get_project},
      {"GET", p + "/split", get_split},
      {"POST", p + "/vote", put_to_vote},
      {"POST", p + "/decide", decide},
      {"POST", p + "/emergency", declare_emergency},
      {"POST", p + "/contract", sign_contract},
      {"POST", p + "/start", start_works},
      {"POST", p + "/payments", request_payment},
      {"POST", p + "/accept", accept_works},
      {"POST", p + "/overrun-approval", approve_overrun},
      {"POST", p + "/settle", settle},
      {"POST", p + "/close", close_project},
  };
}

}  // namespace trustfund::api
