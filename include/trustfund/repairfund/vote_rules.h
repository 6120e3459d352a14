// How an owners' vote is judged: rule sets by jurisdiction and by the date the vote opened, and
// the count of area and headcount that decides it (domain.md, Repair fund use 2).
//
// Civil Code art. 278, in force from 2021-01-01: owners holding at least 2/3 of the area in scope
// AND at least 2/3 of the headcount in scope must take part; using the repair fund (and other
// ordinary matters) then needs MORE THAN 1/2 of the participating area AND of the participating
// headcount; raising the fund, rebuilding, or changing the use of common parts needs AT LEAST 3/4
// of both. Before 2021 (Property Law art. 76) using or raising the fund, and rebuilding, needed at
// least 2/3 of ALL owners in scope by area and by headcount to agree, other matters more than 1/2
// of all, with no separate participation quorum. So using the fund has its own threshold: the
// same as ordinary matters since 2021, but not before.
//
// Headcount as the courts count it: one unit is one person, but an owner holding several units in
// scope counts once, and the developer's unsold units count once together. Area is the sum of the
// owner's units in scope, in hundredths of m². Every comparison is exact integer arithmetic.
//
// Thread-safety: pure functions over their arguments.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trustfund/core/date.h"

namespace trustfund::repairfund {

// What is being decided; it picks the approval threshold.
enum class Matter {
  use_fund,    // using the repair fund (e.g. a repair project)
  raise_fund,  // raising or topping up the repair fund
  change_use,  // rebuilding, or changing the use of common parts
  ordinary,    // other decisions of the owners (budget, manager selection, ...)
};
const char* to_string(Matter matter) noexcept;  // "use_fund", ...
Matter parse_matter(std::string_view text, std::string_view field = "matter");

enum class Choice { yes, no, abstain };
const char* to_string(Choice choice) noexcept;  // "yes", "no", "abstain"
Choice parse_choice(std::string_view text, std::string_view field = "choice");

// A fraction num/den and whether reaching it exactly passes (at least) or not (more than).
struct Threshold {
  std::int64_t num = 0;
  std::int64_t den = 1;
  bool inclusive = true;  // true: value >= num/den of base; false: value > num/den of base
};

// One version of the rules of one jurisdiction.
struct RuleSet {
  std::string id;            // "CN-civil-code-2021"
  std::string jurisdiction;  // "CN" (a city may have its own: "CN-51-01" for Chengdu)
  Date effective_from;       // applies to votes opened on or after this day
  std::string citation;      // "民法典第二百七十八条 Civil Code art. 278"
  // Quorum of participation, of the totals in scope (nullopt: none).
  std::optional<Threshold> participation;
  // true: approvals are counted against the participants; false: against all owners in scope.
  bool approval_of_participants = true;
  Threshold approval_ordinary;  // ordinary
  Threshold approval_use_fund;  // use_fund (as ordinary since 2021; 2/3 of all before)
  Threshold approval_special;   // raise_fund and change_use
};

// The built-in rule sets, oldest first per jurisdiction: "CN-property-law-2007" (from
// 2007-10-01) and "CN-civil-code-2021" (from 2021-01-01).
const std::vector<RuleSet>& builtin_rule_sets();

// The rule set of `jurisdiction` in force on `opened_on` (falling back to "CN" when the
// jurisdiction has none of its own in force then). Error::not_found("vote-rules-none",
// "opened_on") if none was in force then.
const RuleSet& rule_set_for(std::string_view jurisdiction, Date opened_on);

// One eligible voter: an owner with units in scope, or the developer for all unsold units.
struct Voter {
  std::string owner_ref;  // the owner (for the developer: the configured developer ref)
  std::int64_t area_hundredths_m2 = 0;  // sum of their units in scope
  std::vector<std::string> units;       // their units in scope
};

// Groups units in scope into voters: one per distinct owner_ref, except that every unit whose
// owner_ref equals `developer_ref` (the developer's unsold units) forms one voter together. The
// result is ordered by owner_ref, each voter's units by unit_code. Throws Error::invalid naming
// "units": "unit-duplicate" for a unit listed twice, "unit-owner-missing" for an empty owner_ref,
// "area-negative" / "area-out-of-range" as money::Area, "vote-scope-too-large" for more than
// kMaxUnitsInScope units.
inline constexpr std::size_t kMaxUnitsInScope = 1'000'000;  // also the most voters in a tally
struct UnitInScope {
  std::string unit_code;
  std::string owner_ref;
  std::int64_t area_hundredths_m2 = 0;
};
std::vector<Voter> voters_in_scope(const std::vector<UnitInScope>& units,
                                   std::string_view developer_ref);

struct CastBallot {
  std::string owner_ref;
  Choice choice = Choice::yes;
};

// One threshold as judged: e.g. "participation by area": 6700 / 10000 of the scope, needs at
// least 2/3.
struct ThresholdResult {
  std::string name;              // "participation_area", "participation_headcount",
                                 // "approval_area", "approval_headcount"
  std::int64_t numerator = 0;    // area in hundredths of m², or heads
  std::int64_t denominator = 0;  // the base it is measured against
  Threshold required;
  bool passed = false;
};

struct VoteTally {
  std::string rule_set_id;
  Matter matter = Matter::use_fund;
  std::int64_t total_area = 0, total_heads = 0;  // in scope
  std::int64_t participating_area = 0, participating_heads = 0;
  std::int64_t yes_area = 0, yes_heads = 0, no_area = 0, no_heads = 0;
  std::int64_t abstain_area = 0, abstain_heads = 0;
  std::vector<ThresholdResult> thresholds;  // in the order above; participation first if any
  bool approved = false;                    // every threshold passed
};

// Judges `ballots` under `rules` for `matter`. A voter without a ballot does not participate;
// abstaining participates. Throws Error::invalid naming "ballots": "ballot-duplicate" for a second
// ballot of one voter, "ballot-not-eligible" for a ballot of an owner_ref that is not a voter (the
// caller should have refused it); naming "voters": "voter-duplicate" if two voters share an
// owner_ref, "voter-area" for a negative area, "vote-scope-too-large" for more than
// kMaxUnitsInScope voters or more area than that many units of the largest money::Area.
VoteTally tally(const RuleSet& rules, Matter matter, const std::vector<Voter>& voters,
                const std::vector<CastBallot>& ballots);

// True if value/base passes t (value >= or > t.num/t.den of base), exactly. A base of 0 never
// passes.
bool reaches(std::int64_t value, std::int64_t base, const Threshold& t) noexcept;

}  // namespace trustfund::repairfund
