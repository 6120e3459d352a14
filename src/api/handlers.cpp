// API v1: estates, units, accounts and balances, journal entries, the Merkle log.
// Every handler authorizes first; the policy itself lives in auth/.
#include <algorithm>
#include <charconv>
#include <set>

#include "authz.h"
#include "json_out.h"
#include "request_json.h"
#include "trustfund/api/problem.h"
#include "trustfund/core/error.h"
#include "trustfund/ledger/action_log.h"
#include "trustfund/ledger/entry.h"
#include "trustfund/ledger/units_csv.h"
#include "trustfund/ledger/writes.h"
#include "trustfund/money/area.h"

namespace trustfund::api {

namespace accounts = ledger::accounts;
namespace {

using auth::Action;

std::int64_t int_param(const std::string& text, const std::string& field, std::int64_t min,
                       std::int64_t max) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < min || v > max) {
    throw Error::invalid("parameter", field,
                         field + " must be a whole number from " + std::to_string(min) + " to " +
                             std::to_string(max));
  }
  return v;
}

std::string query_or(const Request& r, const std::string& name, const std::string& fallback) {
  const auto it = r.query.find(name);
  return it == r.query.end() ? fallback : it->second;
}

// Cursor paging: ?after=SEQ (the `next` of the previous page) and ?limit=N.
struct Page {
  std::int64_t after = -1;
  int limit = 100;
};

Page page_of(const Service& s, const Request& req) {
  Page page;
  if (req.query.count("after"))
    page.after = int_param(req.query.at("after"), "after", -1, INT64_MAX - 1);
  page.limit = static_cast<int>(
      int_param(query_or(req, "limit", "100"), "limit", 1, s.config().max_page_size));
  return page;
}

const std::string& estate_of(const Request& r) {
  return r.params.at("estate");
}

// ---- service -----------------------------------------------------------------------------------

Response healthz(Service&, const Request&) {
  return json("{\"status\":\"ok\"}");
}

Response metrics(Service& s, const Request&) {
  s.publish_counters();
  Response r;
  r.content_type = "text/plain; version=0.0.4";
  r.body = s.metrics().render();
  return r;
}

// ---- estates -----------------------------------------------------------------------------------

Response list_estates(Service& s, const Request& req) {
  const auth::Principal who = authenticate(s, req);
  std::string out = "{\"estates\":[";
  bool first = true;
  for (const auto& e : s.data_dir().estates()) {
    if (!auth::allowed(who, Action::read_estate, e.estate_id))
      continue;
    if (!first)
      out += ',';
    first = false;
    out += '{';
    member(out, "id", e.estate_id, true);
    member(out, "name", e.name);
    member(out, "created_at", e.created_at);
    out += '}';
  }
  return json(out + "]}");
}

Response get_estate(Service& s, const Request& req) {
  authorize(s, req, Action::read_estate, estate_of(req));
  auto books = s.reader(estate_of(req));
  const std::int64_t size = books->entry_count();
  std::string out = "{";
  member(out, "id", books->estate_id(), true);
  member(out, "name", books->estate_name());
  member_raw(out, "units", std::to_string(books->units().size()));
  member_raw(out, "entries", std::to_string(size));
  member(out, "merkle_root", crypto::to_hex(books->root(size)));
  return json(out + "}");
}

// ---- units -------------------------------------------------------------------------------------

std::string unit_json(const ledger::Unit& u, bool with_owner) {
  std::string out = "{";
  member(out, "code", u.code, true);
  member(out, "kind", u.kind);
  member(out, "area_m2", u.area.to_string());
  if (with_owner)
    member(out, "owner_ref", u.owner_ref);
  return out + "}";
}

Response list_units(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::read_estate, estate_of(req));
  // Per-unit detail belongs to that unit's owner: a caller without read_books sees only the units
  // it may read, and owner references only where read_owner_data allows.
  const bool all_units = auth::allowed(who, Action::read_books, estate_of(req));
  auto books = s.reader(estate_of(req));
  std::string out = "{\"units\":[";
  bool first = true;
  for (const auto& u : books->units()) {
    if (!all_units && !auth::allowed(who, Action::read_unit, estate_of(req), u.code))
      continue;
    if (!first)
      out += ',';
    first = false;
    out += unit_json(u, auth::allowed(who, Action::read_owner_data, estate_of(req), u.code));
  }
  return json(out + "]}");
}

Response get_unit(Service& s, const Request& req) {
  const std::string& unit = req.params.at("unit");
  authorize(s, req, Action::read_unit, estate_of(req), unit);
  auto books = s.reader(estate_of(req));
  for (const auto& u : books->units()) {
    if (u.code != unit)
      continue;
    const Date as_of =
        req.query.count("as_of") ? Date::parse(req.query.at("as_of"), "as_of") : Date::today_utc();
    std::string out = "{";
    member_raw(out, "unit", unit_json(u, false), true);
    member(out, "as_of", as_of.to_string());
    out += ",\"accounts\":[";
    bool first = true;
    for (const char* control :
         {accounts::kFeesReceivable, accounts::kFeePrepayments, accounts::kRepairSubAccounts}) {
      const std::string code = ledger::unit_account_code(control, unit);
      const ledger::Account& a = books->chart().require(code, "unit");
      if (!first)
        out += ',';
      first = false;
      out += '{';
      member(out, "account", code, true);
      member(out, "name_zh", a.name_zh);
      member(out, "name_en", a.name_en);
      member(out, "balance", books->balance(code, as_of).to_string());
      out += '}';
    }
    return json(out + "]}");
  }
  throw Error::not_found("unit-unknown", "unit", "no unit " + unit);
}

Response add_unit(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::manage_units, estate_of(req));
  const JsonBody body(req, {"code", "kind", "area_m2", "owner_ref"});
  const ledger::UnitInput unit{body.text("code"), body.text_or("kind", "residential"),
                               money::Area::parse(body.text("area_m2"), "area_m2"),
                               body.text("owner_ref")};
  const ledger::Actor actor = actor_of(who, req);
  s.writer(estate_of(req))
      .execute([&](ledger::Books& books) { ledger::add_unit(books, unit, actor); })
      .get();
  Response r = json(unit_json({unit.code, unit.kind, unit.area, unit.owner_ref}, true), 201);
  r.headers.emplace_back("Location", "/api/v1/estates/" + estate_of(req) + "/units/" + unit.code);
  return r;
}

// All or nothing: every bad row is reported (with its line and column) and nothing is written
// unless every row is good, so a corrected file can simply be sent again.
Response import_units(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::manage_units, estate_of(req));
  if (req.content_type.rfind("text/csv", 0) != 0) {
    throw Error::invalid("content-type", "Content-Type", "send the units as text/csv");
  }
  ledger::UnitsCsv csv = ledger::parse_units_csv(req.body);
  if (csv.errors.empty() && csv.units.empty()) {
    throw Error::invalid("csv-empty", "body", "the file has a header but no units");
  }
  const ledger::Actor actor = actor_of(who, req);
  // Codes already in the books, found by row. Checked here so that they are reported with every
  // other bad row, and again on the writer thread, where no other write can come between.
  const auto clashes = [&csv](const std::vector<ledger::Unit>& existing_units) {
    std::set<std::string> existing;
    for (const auto& u : existing_units)
      existing.insert(u.code);
    std::vector<ledger::CsvRowError> found;
    for (std::size_t i = 0; i < csv.units.size(); ++i) {
      if (existing.count(csv.units[i].code)) {
        found.push_back({csv.lines.at(i), "code", "unit-exists",
                         "unit " + csv.units[i].code + " already exists"});
      }
    }
    return found;
  };
  {
    auto books = s.reader(estate_of(req));
    for (auto& e : clashes(books->units()))
      csv.errors.push_back(std::move(e));
    std::stable_sort(csv.errors.begin(), csv.errors.end(),
                     [](const auto& a, const auto& b) { return a.line < b.line; });
  }
  if (csv.errors.empty()) {
    csv.errors = s.writer(estate_of(req))
                     .execute([&](ledger::Books& books) {
                       std::vector<ledger::CsvRowError> found = clashes(books.units());
                       if (found.empty())
                         ledger::import_units(books, csv.units, actor);
                       return found;
                     })
                     .get();
  }
  if (!csv.errors.empty())
    return csv_rows_problem(csv.errors);
  return json("{\"imported\":" + std::to_string(csv.units.size()) + "}", 201);
}

// ---- accounts and balances ---------------------------------------------------------------------

Response list_accounts(Service& s, const Request& req) {
  const bool with_units = query_or(req, "units", "false") == "true";
  // The chart is public to the estate; the list of every unit's sub-accounts is not.
  authorize(s, req, with_units ? Action::read_books : Action::read_estate, estate_of(req));
  auto books = s.reader(estate_of(req));
  std::string out = "{\"accounts\":[";
  bool first = true;
  for (const auto& a : books->chart().accounts()) {
    if (!a.unit_code.empty() && !with_units)
      continue;
    if (!first)
      out += ',';
    first = false;
    out += '{';
    member(out, "code", a.code, true);
    member(out, "fund", ledger::fund_code(a.fund));
    member(out, "type", ledger::to_string(a.type));
    member(out, "name_zh", a.name_zh);
    member(out, "name_en", a.name_en);
    member_raw(out, "postable", a.postable ? "true" : "false");
    out += '}';
  }
  return json(out + "]}");
}

Response balances(Service& s, const Request& req) {
  authorize(s, req, Action::read_books, estate_of(req));
  auto books = s.reader(estate_of(req));
  std::vector<ledger::AccountBalance> rows;
  std::string out = "{";
  if (req.query.count("period")) {
    const Period p = Period::parse(req.query.at("period"), "period");
    rows = books->period_balances(p);
    member(out, "period", p.to_string(), true);
  } else {
    const Date d =
        req.query.count("as_of") ? Date::parse(req.query.at("as_of"), "as_of") : Date::today_utc();
    rows = books->balances_as_of(d);
    member(out, "as_of", d.to_string(), true);
  }
  const std::string prefix = query_or(req, "account", "");
  out += ",\"balances\":[";
  bool first = true;
  for (const auto& b : rows) {
    if (!prefix.empty() && b.account->code != prefix &&
        b.account->code.rfind(prefix + "@", 0) != 0 &&
        b.account->code.rfind(prefix + ".", 0) != 0) {
      continue;
    }
    if (!first)
      out += ',';
    first = false;
    out += balance_json(b);
  }
  return json(out + "]}");
}

// ---- journal -----------------------------------------------------------------------------------

Response post_entry(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::write_journal, estate_of(req));
  require_json(req);
  ledger::EntryInput entry = ledger::parse_entry_json(req.body);
  if (req.idempotency_key.size() > ledger::kMaxIdempotencyKeyBytes) {
    throw Error::invalid("idempotency-key", "Idempotency-Key",
                         "the Idempotency-Key has at most " +
                             std::to_string(ledger::kMaxIdempotencyKeyBytes) + " bytes");
  }
  if (!req.idempotency_key.empty()) {
    if (!entry.idempotency_key.empty() && entry.idempotency_key != req.idempotency_key) {
      throw Error::invalid("idempotency-key", "Idempotency-Key",
                           "the Idempotency-Key header and the body's idempotency_key differ");
    }
    entry.idempotency_key = req.idempotency_key;
  }
  const ledger::RecordedEntry rec =
      s.writer(estate_of(req)).submit(std::move(entry), actor_of(who, req)).get();
  Response r = json(ledger::entry_to_json(rec), rec.replayed ? 200 : 201);
  r.headers.emplace_back(
      "Location", "/api/v1/estates/" + estate_of(req) + "/entries/" + std::to_string(rec.seq));
  return r;
}

Response list_entries(Service& s, const Request& req) {
  authorize(s, req, Action::read_books, estate_of(req));
  ledger::Books::EntryFilter filter;
  filter.kind = query_or(req, "kind", "");
  filter.account = query_or(req, "account", "");
  if (req.query.count("from"))
    filter.from = Date::parse(req.query.at("from"), "from");
  if (req.query.count("to"))
    filter.to = Date::parse(req.query.at("to"), "to");
  const Page page = page_of(s, req);
  auto books = s.reader(estate_of(req));
  const auto entries = books->list_entries(filter, page.after, page.limit);
  std::string out = "{\"entries\":[";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i)
      out += ',';
    out += ledger::entry_to_json(entries[i]);
  }
  out += ']';
  if (static_cast<int>(entries.size()) == page.limit) {
    member(out, "next", "after=" + std::to_string(entries.back().seq));
  }
  return json(out + "}");
}

Response get_entry(Service& s, const Request& req) {
  authorize(s, req, Action::read_books, estate_of(req));
  auto books = s.reader(estate_of(req));
  const std::int64_t seq = int_param(req.params.at("seq"), "seq", 0, INT64_MAX - 1);
  const ledger::RecordedEntry e = books->entry(seq);
  const std::int64_t size = books->entry_count();
  std::string out = "{";
  member_raw(out, "entry", ledger::entry_to_json(e), true);
  out += ",\"inclusion_proof\":{";
  member_raw(out, "tree_size", std::to_string(size), true);
  member(out, "root", crypto::to_hex(books->root(size)));
  member_raw(out, "path", digests_json(books->inclusion_proof(seq, size)));
  return json(out + "}}");
}

Response log_root(Service& s, const Request& req) {
  authorize(s, req, Action::read_estate, estate_of(req));
  auto books = s.reader(estate_of(req));
  const std::int64_t count = books->entry_count();
  const std::int64_t size =
      req.query.count("size") ? int_param(req.query.at("size"), "size", 0, count) : count;
  std::string out = "{";
  member_raw(out, "tree_size", std::to_string(size), true);
  member(out, "root", crypto::to_hex(books->root(size)));
  return json(out + "}");
}

Response log_consistency(Service& s, const Request& req) {
  authorize(s, req, Action::read_estate, estate_of(req));
  auto books = s.reader(estate_of(req));
  const std::int64_t count = books->entry_count();
  const std::int64_t to =
      req.query.count("to") ? int_param(req.query.at("to"), "to", 0, count) : count;
  const std::int64_t from = int_param(query_or(req, "from", ""), "from", 0, to);
  std::string out = "{";
  member_raw(out, "old_size", std::to_string(from), true);
  member_raw(out, "new_size", std::to_string(to));
  member(out, "old_root", crypto::to_hex(books->root(from)));
  member(out, "new_root", crypto::to_hex(books->root(to)));
  member_raw(out, "proof", digests_json(books->consistency_proof(from, to)));
  return json(out + "}");
}

Response close_period(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::close_period, estate_of(req));
  const Period period = Period::parse(req.params.at("period"), "period");
  const ledger::Actor actor = actor_of(who, req);
  s.writer(estate_of(req))
      .execute([&](ledger::Books& books) { ledger::close_period(books, period, actor); })
      .get();
  std::string out = "{";
  member(out, "period", period.to_string(), true);
  member_raw(out, "closed", "true");
  return json(out + "}");
}

Response list_actions(Service& s, const Request& req) {
  authorize(s, req, Action::read_audit, estate_of(req));
  const Page page = page_of(s, req);
  const bool verify = query_or(req, "verify", "false") == "true";
  auto books = s.reader(estate_of(req));
  const auto rows = ledger::list_actions(books->database(), page.after, page.limit);
  std::string out = "{\"actions\":[";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const ledger::LoggedAction& a = rows[i];
    if (i)
      out += ',';
    out += "{\"seq\":" + std::to_string(a.seq);
    member(out, "at", a.at);
    member(out, "actor", a.record.actor);
    member(out, "remote", a.record.remote);
    member(out, "action", a.record.action);
    member(out, "target", a.record.target);
    member(out, "detail", a.record.detail);
    member(out, "prev_hash", crypto::to_hex(a.prev_hash));
    member(out, "hash", crypto::to_hex(a.hash));
    out += '}';
  }
  out += ']';
  member_raw(out, "total", std::to_string(ledger::action_count(books->database())));
  if (static_cast<int>(rows.size()) == page.limit) {
    member(out, "next", "after=" + std::to_string(rows.back().seq));
  }
  if (verify) {
    const std::vector<std::string> problems = ledger::verify_actions(books->database());
    member_raw(out, "chain_ok", problems.empty() ? "true" : "false");
    out += ",\"problems\":[";
    for (std::size_t i = 0; i < problems.size() && i < 100; ++i) {
      if (i)
        out += ',';
      crypto::append_json_string(out, problems[i]);
    }
    out += ']';
  }
  return json(out + "}");
}

Response create_estate(Service& s, const Request& req) {
  const JsonBody body(req, {"id", "name"});
  const std::string id = body.text("id", 40);
  const std::string name = body.text("name", 200);
  store::DataDir::check_estate_id(id);
  const auth::Principal who = authorize(s, req, Action::create_estate, id);
  ledger::Books books = ledger::create_estate(s.data_dir(), id, name, actor_of(who, req));
  std::string out = "{";
  member(out, "id", id, true);
  member(out, "name", name);
  member_raw(out, "accounts", std::to_string(books.chart().accounts().size()));
  Response r = json(out + "}", 201);
  r.headers.emplace_back("Location", "/api/v1/estates/" + id);
  return r;
}

Response openapi(Service&, const Request&) {
  Response r;
  r.content_type = "application/yaml";
  r.body = std::string(openapi_document());
  return r;
}

Response list_routes(Service& s, const Request&) {
  std::string out = "{\"routes\":[";
  bool first = true;
  for (const Route& route : s.routes()) {
    if (!first)
      out += ',';
    first = false;
    out += '{';
    member(out, "method", route.method, true);
    member(out, "path", route.pattern);
    out += '}';
  }
  return json(out + "]}");
}

}  // namespace

std::vector<Route> api_routes() {
  const std::string e = "/api/v1/estates/{estate}";
  std::vector<Route> routes = {
      {"GET", "/healthz", healthz},
      {"GET", "/metrics", metrics},
      {"GET", "/api/v1/openapi.yaml", openapi},
      {"GET", "/api/v1/routes", list_routes},
      {"GET", "/api/v1/estates", list_estates},
      {"POST", "/api/v1/estates", create_estate},
      {"GET", e, get_estate},
      {"GET", e + "/units", list_units},
      {"POST", e + "/units", add_unit},
      {"POST", e + "/units/import", import_units},
      {"GET", e + "/units/{unit}", get_unit},
      {"GET", e + "/accounts", list_accounts},
      {"GET", e + "/balances", balances},
      {"POST", e + "/entries", post_entry},
      {"GET", e + "/entries", list_entries},
      {"GET", e + "/entries/{seq}", get_entry},
      {"GET", e + "/log/root", log_root},
      {"GET", e + "/log/consistency", log_consistency},
      {"POST", e + "/periods/{period}/close", close_period},
      {"GET", e + "/actions", list_actions},
  };
  for (Route& r : session_routes())
    routes.push_back(std::move(r));
  for (Route& r : fee_routes())
    routes.push_back(std::move(r));
  for (Route& r : escrow_routes())
    routes.push_back(std::move(r));
  for (Route& r : repair_routes())
    routes.push_back(std::move(r));
  for (Route& r : statement_routes())
    routes.push_back(std::move(r));
  return routes;
}

}  // namespace trustfund::api
