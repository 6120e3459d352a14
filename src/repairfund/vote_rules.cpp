// The owners' vote engine; see vote_rules.h.
#include "trustfund/repairfund/vote_rules.h"

#include <algorithm>
#include <boost/multiprecision/cpp_int.hpp>
#include <cassert>
#include <map>
#include <optional>
#include <utility>

#include "trustfund/core/error.h"
#include "trustfund/money/area.h"

namespace trustfund::repairfund {
namespace {

// value × den and num × base are each a product of two int64 values, below 2^126 in magnitude,
// so 128 bits compare them exactly. The checked type turns a broken assumption into an
// exception, never a wrong verdict.
using Wide = boost::multiprecision::checked_int128_t;

// Every area sum stays below this: at most kMaxUnitsInScope units (or voters) of at most the
// largest money::Area each, 10^17 hundredths of m², well inside int64.
constexpr std::int64_t kMaxScopeAreaHundredths =
    static_cast<std::int64_t>(kMaxUnitsInScope) * money::Area::kMaxHundredths;
static_assert(kMaxScopeAreaHundredths / money::Area::kMaxHundredths ==
              static_cast<std::int64_t>(kMaxUnitsInScope));

constexpr Threshold kMoreThanHalf{1, 2, false};         // 过半数: strictly more than 1/2
constexpr Threshold kAtLeastTwoThirds{2, 3, true};      // 三分之二以上: 2/3 or more
constexpr Threshold kAtLeastThreeQuarters{3, 4, true};  // 四分之三以上: 3/4 or more

std::vector<RuleSet> make_builtin_rule_sets() {
  std::vector<RuleSet> out;
  // 物权法第七十六条 (Property Law art. 76, in force 2007-10-01): raising or using the repair
  // fund and rebuilding need 2/3 or more of ALL owners in scope by area and by headcount; other
  // matters more than half of all. There is no participation quorum: an absent owner simply does
  // not agree.
  RuleSet property_law;
  property_law.id = "CN-property-law-2007";
  property_law.jurisdiction = "CN";
  property_law.effective_from = Date::from_ymd(2007, 10, 1);
  property_law.citation = "物权法第七十六条 Property Law art. 76";
  property_law.participation = std::nullopt;
  property_law.approval_of_participants = false;
  property_law.approval_ordinary = kMoreThanHalf;
  property_law.approval_use_fund = kAtLeastTwoThirds;
  property_law.approval_special = kAtLeastTwoThirds;
  out.push_back(std::move(property_law));

  // 民法典第二百七十八条 (Civil Code art. 278, in force 2021-01-01): owners holding 2/3 or more
  // of the area AND 2/3 or more of the headcount in scope take part; then ordinary matters and
  // using the fund need more than half of the participating area AND headcount, raising the
  // fund, rebuilding and changing the use of common parts 3/4 or more of both.
  RuleSet civil_code;
  civil_code.id = "CN-civil-code-2021";
  civil_code.jurisdiction = "CN";
  civil_code.effective_from = Date::from_ymd(2021, 1, 1);
  civil_code.citation = "民法典第二百七十八条 Civil Code art. 278";
  civil_code.participation = kAtLeastTwoThirds;
  civil_code.approval_of_participants = true;
  civil_code.approval_ordinary = kMoreThanHalf;
  civil_code.approval_use_fund = kMoreThanHalf;
  civil_code.approval_special = kAtLeastThreeQuarters;
  out.push_back(std::move(civil_code));
  return out;
}

const Threshold& approval_for(const RuleSet& rules, Matter matter) noexcept {
  switch (matter) {
    case Matter::use_fund:
      return rules.approval_use_fund;
    case Matter::raise_fund:
    case Matter::change_use:
      return rules.approval_special;
    case Matter::ordinary:
      return rules.approval_ordinary;
  }
  assert(false && "unknown Matter");
  return rules.approval_special;  // the strictest, should an unknown value ever get here
}

// A threshold is a fraction in [0, 1]; the built-in rule sets are, and a bad one is a bug.
[[maybe_unused]] bool well_formed(const Threshold& t) noexcept {
  return t.den > 0 && t.num >= 0 && t.num <= t.den;
}

ThresholdResult judge(std::string name, std::int64_t value, std::int64_t base,
                      const Threshold& required) {
  ThresholdResult r;
  r.name = std::move(name);
  r.numerator = value;
  r.denominator = base;
  r.required = required;
  r.passed = reaches(value, base, required);
  return r;
}

[[noreturn]] void reject_voters(std::string type, const std::string& message) {
  throw Error::invalid(std::move(type), "voters", message);
}

// Checks the voters and returns, for each owner_ref, the voter's index.
std::map<std::string_view, std::size_t> index_voters(const std::vector<Voter>& voters) {
  if (voters.size() > kMaxUnitsInScope) {
    reject_voters("vote-scope-too-large", "a vote has " + std::to_string(voters.size()) +
                                              " voters; at most " +
                                              std::to_string(kMaxUnitsInScope) + " are allowed");
  }
  std::map<std::string_view, std::size_t> index;
  Wide total_area = 0;
  for (std::size_t i = 0; i < voters.size(); ++i) {
    const Voter& v = voters[i];
    if (!index.emplace(v.owner_ref, i).second) {
      // Two voters of one owner would count that owner twice by headcount.
      reject_voters("voter-duplicate",
                    "owner " + v.owner_ref + " is listed as two voters; an owner votes once");
    }
    if (v.area_hundredths_m2 < 0) {
      reject_voters("voter-area", "owner " + v.owner_ref + " has a negative area in scope");
    }
    total_area += v.area_hundredths_m2;
  }
  if (total_area > kMaxScopeAreaHundredths) {
    reject_voters("vote-scope-too-large", "the area in scope exceeds " +
                                              std::to_string(kMaxScopeAreaHundredths) +
                                              " hundredths of m²");
  }
  return index;
}

}  // namespace

const char* to_string(Matter matter) noexcept {
  switch (matter) {
    case Matter::use_fund:
      return "use_fund";
    case Matter::raise_fund:
      return "raise_fund";
    case Matter::change_use:
      return "change_use";
    case Matter::ordinary:
      return "ordinary";
  }
  return "";
}

Matter parse_matter(std::string_view text, std::string_view field) {
  for (const Matter m :
       {Matter::use_fund, Matter::raise_fund, Matter::change_use, Matter::ordinary}) {
    if (text == to_string(m))
      return m;
  }
  throw Error::invalid("vote-matter", std::string(field),
                       "matter must be use_fund, raise_fund, change_use or ordinary");
}

const char* to_string(Choice choice) noexcept {
  switch (choice) {
    case Choice::yes:
      return "yes";
    case Choice::no:
      return "no";
    case Choice::abstain:
      return "abstain";
  }
  return "";
}

Choice parse_choice(std::string_view text, std::string_view field) {
  for (const Choice c : {Choice::yes, Choice::no, Choice::abstain}) {
    if (text == to_string(c))
      return c;
  }
  throw Error::invalid("ballot-choice", std::string(field), "choice must be yes, no or abstain");
}

const std::vector<RuleSet>& builtin_rule_sets() {
  static const std::vector<RuleSet> rule_sets = make_builtin_rule_sets();
  return rule_sets;
}

const RuleSet& rule_set_for(std::string_view jurisdiction, Date opened_on) {
  // The latest of `place`'s rule sets in force on opened_on, if any.
  const auto in_force = [opened_on](std::string_view place) -> const RuleSet* {
    const RuleSet* best = nullptr;
    for (const RuleSet& r : builtin_rule_sets()) {
      if (r.jurisdiction == place && r.effective_from <= opened_on &&
          (best == nullptr || r.effective_from > best->effective_from))
        best = &r;
    }
    return best;
  };
  const RuleSet* found = in_force(jurisdiction);
  // A city without rules of its own (or none yet on that day) votes under the national law.
  if (found == nullptr)
    found = in_force("CN");
  if (found == nullptr) {
    throw Error::not_found("vote-rules-none", "opened_on",
                           "no rules for owners' votes of " + std::string(jurisdiction) +
                               " were in force on " + opened_on.to_string() +
                               "; the earliest are the Property Law's, from 2007-10-01");
  }
  return *found;
}

// The developer's unsold units all carry developer_ref as their owner_ref, so grouping by
// owner_ref already makes them one voter; the parameter names that rule in the contract and
// needs no code of its own.
std::vector<Voter> voters_in_scope(const std::vector<UnitInScope>& units,
                                   std::string_view /*developer_ref*/) {
  if (units.size() > kMaxUnitsInScope) {
    throw Error::invalid("vote-scope-too-large", "units",
                         "a vote's scope has " + std::to_string(units.size()) + " units; at most " +
                             std::to_string(kMaxUnitsInScope) + " are allowed");
  }
  // Sorted by unit code, so that a unit listed twice sits next to itself and each voter's units
  // come out in order.
  std::vector<const UnitInScope*> sorted;
  sorted.reserve(units.size());
  for (const UnitInScope& u : units)
    sorted.push_back(&u);
  std::sort(sorted.begin(), sorted.end(),
            [](const UnitInScope* a, const UnitInScope* b) { return a->unit_code < b->unit_code; });

  // Headcount: one owner, one head, however many units (the developer included).
  std::map<std::string, Voter, std::less<>> by_owner;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const UnitInScope& u = *sorted[i];
    if (i > 0 && sorted[i - 1]->unit_code == u.unit_code) {
      throw Error::invalid("unit-duplicate", "units",
                           "unit " + u.unit_code + " is listed twice in the vote's scope");
    }
    if (u.owner_ref.empty()) {
      throw Error::invalid("unit-owner-missing", "units",
                           "unit " + u.unit_code +
                               " has no owner; unsold units belong to the "
                               "developer");
    }
    // Checks 0 <= area <= money::Area::kMaxHundredths, which keeps every sum below
    // kMaxScopeAreaHundredths.
    const money::Area area = money::Area::from_hundredths_m2(u.area_hundredths_m2, "units");
    auto it = by_owner.find(u.owner_ref);
    if (it == by_owner.end()) {
      Voter v;
      v.owner_ref = u.owner_ref;
      it = by_owner.emplace(v.owner_ref, std::move(v)).first;
    }
    it->second.area_hundredths_m2 += area.hundredths_m2();
    it->second.units.push_back(u.unit_code);
  }

  std::vector<Voter> out;
  out.reserve(by_owner.size());
  for (auto& [owner, voter] : by_owner)
    out.push_back(std::move(voter));
  return out;
}

VoteTally tally(const RuleSet& rules, Matter matter, const std::vector<Voter>& voters,
                const std::vector<CastBallot>& ballots) {
  assert(!rules.participation || well_formed(*rules.participation));
  const Threshold& approval = approval_for(rules, matter);
  assert(well_formed(approval));

  const std::map<std::string_view, std::size_t> index = index_voters(voters);
  // Bounded by the voters: every ballot past the first per voter is refused.
  std::vector<std::optional<Choice>> cast(voters.size());
  for (const CastBallot& b : ballots) {
    const auto it = index.find(b.owner_ref);
    if (it == index.end()) {
      throw Error::invalid("ballot-not-eligible", "ballots",
                           "owner " + b.owner_ref + " has no unit in the vote's scope");
    }
    if (cast[it->second].has_value()) {
      throw Error::invalid("ballot-duplicate", "ballots",
                           "owner " + b.owner_ref + " cast two ballots; an owner votes once");
    }
    cast[it->second] = b.choice;
  }

  VoteTally t;
  t.rule_set_id = rules.id;
  t.matter = matter;
  t.total_heads = static_cast<std::int64_t>(voters.size());
  for (std::size_t i = 0; i < voters.size(); ++i) {
    const std::int64_t area = voters[i].area_hundredths_m2;
    t.total_area += area;
    if (!cast[i])
      continue;  // no ballot: does not take part
    // Abstaining takes part (it counts toward the quorum and the participating base) but agrees
    // to nothing.
    t.participating_area += area;
    ++t.participating_heads;
    switch (*cast[i]) {
      case Choice::yes:
        t.yes_area += area;
        ++t.yes_heads;
        break;
      case Choice::no:
        t.no_area += area;
        ++t.no_heads;
        break;
      case Choice::abstain:
        t.abstain_area += area;
        ++t.abstain_heads;
        break;
    }
  }

  if (rules.participation) {
    t.thresholds.push_back(
        judge("participation_area", t.participating_area, t.total_area, *rules.participation));
    t.thresholds.push_back(judge("participation_headcount", t.participating_heads, t.total_heads,
                                 *rules.participation));
  }
  // Since 2021 approval is counted among those who took part; before, among all owners in
  // scope, so that staying away weighed the same as voting no.
  const std::int64_t base_area =
      rules.approval_of_participants ? t.participating_area : t.total_area;
  const std::int64_t base_heads =
      rules.approval_of_participants ? t.participating_heads : t.total_heads;
  t.thresholds.push_back(judge("approval_area", t.yes_area, base_area, approval));
  t.thresholds.push_back(judge("approval_headcount", t.yes_heads, base_heads, approval));
  t.approved = std::all_of(t.thresholds.begin(), t.thresholds.end(),
                           [](const ThresholdResult& r) { return r.passed; });
  return t;
}

bool reaches(std::int64_t value, std::int64_t base, const Threshold& t) noexcept {
  assert(value >= 0 && value <= base);
  assert(well_formed(t));
  if (base <= 0)
    return false;  // nothing in scope or nobody took part: nothing can be decided
  // value / base against num / den, cross-multiplied so that no fraction is ever rounded.
  const Wide lhs = Wide(value) * t.den;
  const Wide rhs = Wide(t.num) * base;
  return t.inclusive ? lhs >= rhs : lhs > rhs;
}

}  // namespace trustfund::repairfund
