// Owners' votes, recorded; see votes.h.
#include "trustfund/repairfund/votes.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "trustfund/core/error.h"
#include "trustfund/core/json_reader.h"
#include "trustfund/core/utf8.h"
#include "trustfund/crypto/jcs.h"
#include "trustfund/ledger/audited_write.h"
#include "trustfund/repairfund/settings.h"
#include "vote_writes.h"

namespace trustfund::repairfund {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr std::size_t kMaxScopeItems = 10'000;

// "3-2-1502" -> "3" (building) or "3-2" (entrance).
std::string prefix_of(const std::string& code, int segments) {
  std::size_t start = 0;
  std::size_t pos = std::string::npos;
  for (int i = 0; i < segments; ++i) {
    pos = code.find('-', start);
    if (pos == std::string::npos)
      return code;
    start = pos + 1;
  }
  return code.substr(0, pos);
}

Object::Ptr scope_object(const Scope& s) {
  Object::Ptr o = new Object;
  o->set("kind", std::string(to_string(s.kind)));
  Array::Ptr items = new Array;
  for (const std::string& i : s.items)
    items->add(i);
  o->set("items", items);
  return o;
}

std::string scope_json(const Scope& s) {
  return crypto::canonicalize(scope_object(s));
}

// The scope and the voters are stored as JSON written by scope_json and voters_json.
Scope scope_from_json(const std::string& text) {
  const json::ErrorFaults faults = json::ErrorFaults::stored("scope");
  const json::Document doc(text, faults);
  const json::ObjectReader o = doc.object();
  const json::ArrayReader a = o.array("items");
  std::vector<std::string> items;
  for (std::size_t i = 0; i < a.size(); ++i)
    items.push_back(a.string(i));
  return parse_scope(o.string("kind"), std::move(items));
}

std::string voters_json(const std::vector<Voter>& voters) {
  Array::Ptr list = new Array;
  for (const Voter& v : voters) {
    Object::Ptr o = new Object;
    o->set("owner", v.owner_ref);
    o->set("area_hundredths_m2", v.area_hundredths_m2);
    Array::Ptr units = new Array;
    for (const std::string& u : v.units)
      units->add(u);
    o->set("units", units);
    list->add(o);
  }
  return crypto::canonicalize(list);
}

std::vector<Voter> voters_from_json(const std::string& text) {
  const json::ErrorFaults faults = json::ErrorFaults::stored("voters");
  const json::Document doc(text, faults, {.max_bytes = crypto::kJcsMaxTextBytes});
  const json::ArrayReader list = doc.array();
  std::vector<Voter> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json::ObjectReader o = list.object(i);
    Voter v;
    v.owner_ref = o.string("owner");
    v.area_hundredths_m2 = o.integer("area_hundredths_m2");
    const json::ArrayReader units = o.array("units");
    for (std::size_t k = 0; k < units.size(); ++k)
      v.units.push_back(units.string(k));
    out.push_back(std::move(v));
  }
  return out;
}

struct VoteRow {
  std::int64_t id = 0;
  Vote vote;
};

std::optional<VoteRow> load(store::Database& db, std::string_view ref) {
  store::Statement& st = db.cached(
      "SELECT vote_id, question, matter, rule_set, scope, voters, opened_on, closes_on,"
      " allow_change, closed_at IS NOT NULL, opened_by FROM owner_vote WHERE vote_ref = ?1");
  st.bind(1, ref);
  if (!st.step()) {
    st.reset();
    return std::nullopt;
  }
  VoteRow row;
  row.id = st.int64(0);
  Vote& v = row.vote;
  v.vote_ref = std::string(ref);
  v.input.question = st.text(1);
  v.input.matter = parse_matter(st.text_view(2));
  v.rule_set_id = st.text(3);
  const std::string scope = st.text(4);
  const std::string voters = st.text(5);
  v.input.opened_on = Date::parse(st.text_view(6));
  v.input.closes_on = Date::parse(st.text_view(7));
  v.input.allow_change = st.int64(8) != 0;
  v.closed = st.int64(9) != 0;
  v.opened_by = st.text(10);
  st.reset();
  v.input.scope = scope_from_json(scope);
  v.voters = voters_from_json(voters);
  // The ballots in force: each voter's latest.
  store::Statement& b = db.cached(
      "SELECT owner_ref, choice, cast_on, recorded_at, recorded_by FROM owner_ballot"
      " WHERE vote_id = ?1 ORDER BY owner_ref, ballot_id");
  b.bind(1, row.id);
  std::map<std::string, Ballot> latest;
  while (b.step()) {
    Ballot ballot{b.text(0), parse_choice(b.text_view(1)), Date::parse(b.text_view(2)), b.text(3),
                  b.text(4)};
    latest[ballot.owner_ref] = std::move(ballot);
  }
  b.reset();
  std::vector<CastBallot> cast;
  for (auto& [owner, ballot] : latest) {
    cast.push_back({owner, ballot.choice});
    v.ballots.push_back(std::move(ballot));
  }
  const RuleSet* rules = nullptr;
  for (const RuleSet& r : builtin_rule_sets()) {
    if (r.id == v.rule_set_id)
      rules = &r;
  }
  if (rules == nullptr) {
    throw Error(ErrorKind::integrity, "vote-rules-unknown", "rule_set",
                "vote " + v.vote_ref + " names rule set " + v.rule_set_id + ", which is unknown");
  }
  v.tally = tally(*rules, v.input.matter, v.voters, cast);
  return row;
}

VoteRow require(store::Database& db, std::string_view ref) {
  std::optional<VoteRow> row = load(db, ref);
  if (!row)
    throw Error::not_found("vote-unknown", "vote", "no vote " + std::string(ref));
  return std::move(*row);
}

}  // namespace

const char* to_string(Scope::Kind kind) noexcept {
  switch (kind) {
    case Scope::Kind::estate:
      return "estate";
    case Scope::Kind::buildings:
      return "buildings";
    case Scope::Kind::entrances:
      return "entrances";
    case Scope::Kind::units:
      return "units";
  }
  return "estate";
}

Scope parse_scope(std::string_view kind, std::vector<std::string> items) {
  Scope s;
  if (kind == "estate")
    s.kind = Scope::Kind::estate;
  else if (kind == "buildings")
    s.kind = Scope::Kind::buildings;
  else if (kind == "entrances")
    s.kind = Scope::Kind::entrances;
  else if (kind == "units")
    s.kind = Scope::Kind::units;
  else
    throw Error::invalid("scope-kind", "scope.kind",
                         "a scope is the estate, or listed buildings, entrances or units");
  if (s.kind == Scope::Kind::estate && !items.empty())
    throw Error::invalid("scope-items", "scope.items", "the whole estate lists no items");
  if (s.kind != Scope::Kind::estate && items.empty())
    throw Error::invalid("scope-items", "scope.items", "list the buildings, entrances or units");
  if (items.size() > kMaxScopeItems)
    throw Error::invalid("scope-items", "scope.items", "at most 10000 items");
  for (const std::string& i : items) {
    if (!ledger::valid_unit_code(i))
      throw Error::invalid("scope-items", "scope.items", "\"" + i + "\" is not a code");
  }
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  s.items = std::move(items);
  return s;
}

std::vector<ledger::Unit> units_in(ledger::Books& books, const Scope& scope) {
  std::vector<ledger::Unit> out;
  for (ledger::Unit& u : books.units()) {
    bool in = scope.kind == Scope::Kind::estate;
    if (!in) {
      const std::string key = scope.kind == Scope::Kind::buildings   ? prefix_of(u.code, 1)
                              : scope.kind == Scope::Kind::entrances ? prefix_of(u.code, 2)
                                                                     : u.code;
      in = std::binary_search(scope.items.begin(), scope.items.end(), key);
    }
    if (in)
      out.push_back(std::move(u));
  }
  if (out.empty())
    throw Error::invalid("scope-empty", "scope", "no unit of the estate is in the scope");
  std::sort(out.begin(), out.end(),
            [](const ledger::Unit& a, const ledger::Unit& b) { return a.code < b.code; });
  return out;
}

Vote insert_vote(ledger::Books& books, const VoteInput& in, const ledger::Actor& actor) {
  if (in.question.empty() || in.question.size() > 500 || !utf8::is_clean(in.question))
    throw Error::invalid("vote-question", "question", "a question of 1-500 bytes of text");
  if (in.closes_on < in.opened_on)
    throw Error::invalid("vote-dates", "closes_on", "a vote closes on or after it opens");
  const RepairSettings settings = settings_on(books, in.opened_on);
  const RuleSet& rules = rule_set_for(settings.jurisdiction, in.opened_on);
  std::vector<UnitInScope> units;
  for (const ledger::Unit& u : units_in(books, in.scope))
    units.push_back({u.code, u.owner_ref, u.area.hundredths_m2()});
  const std::vector<Voter> voters = voters_in_scope(units, settings.developer_ref);
  store::Database& db = books.database();
  store::Statement& next = db.cached("SELECT coalesce(max(vote_id), 0) + 1 FROM owner_vote");
  next.step();
  const std::int64_t id = next.int64(0);
  next.reset();
  char ref[24];
  std::snprintf(ref, sizeof ref, "V-%04lld", static_cast<long long>(id));
  db.cached(
        "INSERT INTO owner_vote (vote_id, vote_ref, question, matter, rule_set, scope, voters,"
        " opened_on, closes_on, allow_change, opened_by)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")
      .bind(1, id)
      .bind(2, std::string_view(ref))
      .bind(3, in.question)
      .bind(4, to_string(in.matter))
      .bind(5, rules.id)
      .bind(6, scope_json(in.scope))
      .bind(7, voters_json(voters))
      .bind(8, in.opened_on.to_string())
      .bind(9, in.closes_on.to_string())
      .bind(10, std::int64_t{in.allow_change ? 1 : 0})
      .bind(11, actor.name())
      .run();
  return vote(books, ref);
}

Vote open_vote(ledger::Books& books, const VoteInput& in, const ledger::Actor& actor) {
  ledger::AuditedWrite write(books, actor);
  Vote v = insert_vote(books, in, actor);
  write.commit("open_vote", "vote:new");
  return v;
}

Vote cast_ballot(ledger::Books& books, std::string_view vote_ref, const std::string& owner_ref,
                 Choice choice, Date cast_on, const ledger::Actor& actor) {
  store::Database& db = books.database();
  ledger::AuditedWrite write(books, actor);
  const VoteRow row = require(db, vote_ref);
  const Vote& v = row.vote;
  if (v.closed)
    throw Error::conflict("vote-closed", "vote", "vote " + v.vote_ref + " is closed");
  if (cast_on < v.input.opened_on || cast_on > v.input.closes_on) {
    throw Error::rule("ballot-date", "date",
                      "ballots are cast from " + v.input.opened_on.to_string() + " to " +
                          v.input.closes_on.to_string());
  }
  const bool eligible = std::any_of(v.voters.begin(), v.voters.end(), [&](const Voter& voter) {
    return voter.owner_ref == owner_ref;
  });
  if (!eligible) {
    throw Error::rule("ballot-not-eligible", "owner",
                      "the owner holds no unit in the vote's scope");
  }
  const bool earlier = std::any_of(v.ballots.begin(), v.ballots.end(),
                                   [&](const Ballot& b) { return b.owner_ref == owner_ref; });
  if (earlier && !v.input.allow_change) {
    throw Error::conflict("ballot-recorded", "owner",
                          "this owner's ballot is recorded and the vote allows no change");
  }
  db.cached(
        "INSERT INTO owner_ballot (vote_id, owner_ref, choice, cast_on, recorded_at, recorded_by)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
      .bind(1, row.id)
      .bind(2, owner_ref)
      .bind(3, to_string(choice))
      .bind(4, cast_on.to_string())
      .bind(5, utc_timestamp_now())
      .bind(6, actor.name())
      .run();
  write.commit("cast_ballot", "vote:" + std::string(vote_ref));
  return vote(books, vote_ref);
}

Vote record_vote_result(ledger::Books& books, std::string_view vote_ref) {
  store::Database& db = books.database();
  const VoteRow row = require(db, vote_ref);
  if (row.vote.closed)
    throw Error::conflict("vote-closed", "vote", "vote " + row.vote.vote_ref + " is closed");
  db.cached("UPDATE owner_vote SET closed_at = ?2, result = ?3 WHERE vote_id = ?1")
      .bind(1, row.id)
      .bind(2, utc_timestamp_now())
      .bind(3, tally_to_json(row.vote.tally))
      .run();
  return vote(books, vote_ref);
}

Vote close_vote(ledger::Books& books, std::string_view vote_ref, const ledger::Actor& actor) {
  ledger::AuditedWrite write(books, actor);
  Vote v = record_vote_result(books, vote_ref);
  write.commit("close_vote", "vote:" + std::string(vote_ref));
  return v;
}

Vote vote(ledger::Books& books, std::string_view vote_ref) {
  return std::move(require(books.database(), vote_ref).vote);
}

namespace {

Object::Ptr tally_object(const VoteTally& t) {
  Object::Ptr o = new Object;
  o->set("rule_set", t.rule_set_id);
  o->set("matter", std::string(to_string(t.matter)));
  o->set("total_area", money::Area::from_hundredths_m2(t.total_area).to_string());
  o->set("total_headcount", t.total_heads);
  o->set("participating_area", money::Area::from_hundredths_m2(t.participating_area).to_string());
  o->set("participating_headcount", t.participating_heads);
  o->set("yes_area", money::Area::from_hundredths_m2(t.yes_area).to_string());
  o->set("yes_headcount", t.yes_heads);
  o->set("no_area", money::Area::from_hundredths_m2(t.no_area).to_string());
  o->set("no_headcount", t.no_heads);
  o->set("abstain_area", money::Area::from_hundredths_m2(t.abstain_area).to_string());
  o->set("abstain_headcount", t.abstain_heads);
  Array::Ptr thresholds = new Array;
  for (const ThresholdResult& r : t.thresholds) {
    Object::Ptr j = new Object;
    j->set("name", r.name);
    const bool area = r.name.find("area") != std::string::npos;
    j->set("numerator", area ? money::Area::from_hundredths_m2(r.numerator).to_string()
                             : std::to_string(r.numerator));
    j->set("denominator", area ? money::Area::from_hundredths_m2(r.denominator).to_string()
                               : std::to_string(r.denominator));
    j->set("required", std::string(r.required.inclusive ? "at least " : "more than ") +
                           std::to_string(r.required.num) + "/" + std::to_string(r.required.den));
    j->set("passed", r.passed);
    thresholds->add(j);
  }
  o->set("thresholds", thresholds);
  o->set("approved", t.approved);
  return o;
}

}  // namespace

std::string tally_to_json(const VoteTally& t) {
  return crypto::canonicalize(tally_object(t));
}

Object::Ptr vote_object(const Vote& v) {
  Object::Ptr o = new Object;
  o->set("vote", v.vote_ref);
  o->set("question", v.input.question);
  o->set("matter", std::string(to_string(v.input.matter)));
  o->set("scope", scope_object(v.input.scope));
  o->set("opened_on", v.input.opened_on.to_string());
  o->set("closes_on", v.input.closes_on.to_string());
  o->set("allow_change", v.input.allow_change);
  o->set("rule_set", v.rule_set_id);
  o->set("voters", static_cast<std::int64_t>(v.voters.size()));
  o->set("ballots", static_cast<std::int64_t>(v.ballots.size()));
  o->set("closed", v.closed);
  o->set("tally", tally_object(v.tally));
  return o;
}

std::string vote_to_json(const Vote& v) {
  return crypto::canonicalize(vote_object(v));
}

}  // namespace trustfund::repairfund
