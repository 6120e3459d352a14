// The owners' vote engine: rule sets by date, the count of area and headcount, and the exact
// thresholds of Civil Code art. 278 (2021) and Property Law art. 76 (2007).
#include "trustfund/repairfund/vote_rules.h"

#include <catch2/catch_test_macros.hpp>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "unit/money/money_test_support.h"

namespace trustfund::repairfund {
namespace {

using money::testing::error_from;
using money::testing::invalid_input_from;

const RuleSet& civil_code() {
  return rule_set_for("CN", Date::parse("2021-01-01"));
}

const RuleSet& property_law() {
  return rule_set_for("CN", Date::parse("2020-12-31"));
}

Voter voter(std::string owner_ref, std::int64_t area_hundredths_m2) {
  Voter v;
  v.owner_ref = std::move(owner_ref);
  v.area_hundredths_m2 = area_hundredths_m2;
  v.units = {v.owner_ref + "-unit"};
  return v;
}

// `count` owners "o01", "o02", ... of `area_hundredths_m2` each.
std::vector<Voter> equal_voters(int count, std::int64_t area_hundredths_m2) {
  std::vector<Voter> out;
  for (int i = 1; i <= count; ++i)
    out.push_back(voter((i < 10 ? "o0" : "o") + std::to_string(i), area_hundredths_m2));
  return out;
}

// The first `yes` voters vote yes, the next `no` no, the next `abstain` abstain; the rest stay
// away.
std::vector<CastBallot> ballots(const std::vector<Voter>& voters, int yes, int no = 0,
                                int abstain = 0) {
  std::vector<CastBallot> out;
  for (int i = 0; i < yes + no + abstain; ++i) {
    const Choice c = i < yes ? Choice::yes : i < yes + no ? Choice::no : Choice::abstain;
    out.push_back({voters.at(static_cast<std::size_t>(i)).owner_ref, c});
  }
  return out;
}

const ThresholdResult& threshold(const VoteTally& t, std::string_view name) {
  for (const ThresholdResult& r : t.thresholds) {
    if (r.name == name)
      return r;
  }
  FAIL("no threshold " << name);
  throw std::logic_error("unreachable");
}

bool passed(const VoteTally& t, std::string_view name) {
  return threshold(t, name).passed;
}

std::vector<std::string> names(const VoteTally& t) {
  std::vector<std::string> out;
  for (const ThresholdResult& r : t.thresholds)
    out.push_back(r.name);
  return out;
}

using Strings = std::vector<std::string>;

TEST_CASE("a vote opened from 2021-01-01 is judged by the Civil Code, before by the Property Law") {
  const RuleSet& cc = rule_set_for("CN", Date::parse("2021-01-01"));
  CHECK(cc.id == "CN-civil-code-2021");
  CHECK(cc.citation.find("民法典第二百七十八条") != std::string::npos);
  CHECK(rule_set_for("CN", Date::parse("2030-06-15")).id == "CN-civil-code-2021");
  CHECK(rule_set_for("CN", Date::parse("2020-12-31")).id == "CN-property-law-2007");
  CHECK(rule_set_for("CN", Date::parse("2007-10-01")).id == "CN-property-law-2007");
  CHECK(rule_set_for("CN", Date::parse("2007-10-01")).citation.find("物权法第七十六条") !=
        std::string::npos);

  const Error none = error_from([] { return rule_set_for("CN", Date::parse("2007-09-30")); });
  CHECK(none.kind() == ErrorKind::not_found);
  CHECK(none.type() == "vote-rules-none");
  CHECK(none.field() == "opened_on");

  REQUIRE(builtin_rule_sets().size() == 2);
  CHECK(builtin_rule_sets()[0].id == "CN-property-law-2007");
  CHECK(builtin_rule_sets()[1].id == "CN-civil-code-2021");
}

TEST_CASE("a city without rules of its own votes under the national rules") {
  CHECK(rule_set_for("CN-51-01", Date::parse("2024-03-01")).id == "CN-civil-code-2021");
  CHECK(rule_set_for("CN-51-01", Date::parse("2019-03-01")).id == "CN-property-law-2007");
  CHECK(error_from([] { return rule_set_for("CN-51-01", Date::parse("2000-01-01")); }).type() ==
        "vote-rules-none");
}

TEST_CASE("participation passes at exactly two thirds of the area in scope, not a hundredth less") {
  // Nine of ten owners take part (90% of heads, comfortably over 2/3), all voting yes, so area
  // alone decides. Eight hold 20.00 m², one 40.00 m², the absent one 100.00 m²: 200.00 of 300.00.
  std::vector<Voter> voters = equal_voters(8, 2000);
  voters.push_back(voter("o09", 4000));
  voters.push_back(voter("o10", 10000));
  const VoteTally exact = tally(civil_code(), Matter::use_fund, voters, ballots(voters, 9));
  CHECK(threshold(exact, "participation_area").numerator == 20000);
  CHECK(threshold(exact, "participation_area").denominator == 30000);
  CHECK(passed(exact, "participation_area"));
  CHECK(passed(exact, "participation_headcount"));
  CHECK(exact.approved);

  // One hundredth of m² moves from a participant to the absent owner: 199.99 of 300.00.
  voters[8].area_hundredths_m2 = 3999;
  voters[9].area_hundredths_m2 = 10001;
  const VoteTally under = tally(civil_code(), Matter::use_fund, voters, ballots(voters, 9));
  CHECK(threshold(under, "participation_area").numerator == 19999);
  CHECK(threshold(under, "participation_area").denominator == 30000);
  CHECK_FALSE(passed(under, "participation_area"));
  CHECK(passed(under, "participation_headcount"));
  CHECK(passed(under, "approval_area"));
  CHECK(passed(under, "approval_headcount"));
  CHECK_FALSE(under.approved);
}

TEST_CASE("participation passes at exactly two thirds of the headcount in scope, not a head less") {
  // Six large owners and three small ones; area takes part comfortably whatever the small ones do.
  std::vector<Voter> voters = equal_voters(6, 10000);
  for (const char* small : {"s1", "s2", "s3"})
    voters.push_back(voter(small, 100));

  const VoteTally six = tally(civil_code(), Matter::use_fund, voters, ballots(voters, 6));
  CHECK(threshold(six, "participation_headcount").numerator == 6);
  CHECK(threshold(six, "participation_headcount").denominator == 9);
  CHECK(passed(six, "participation_headcount"));
  CHECK(passed(six, "participation_area"));  // 600.00 of 603.00 m²
  CHECK(six.approved);

  const VoteTally five = tally(civil_code(), Matter::use_fund, voters, ballots(voters, 5));
  CHECK(threshold(five, "participation_headcount").numerator == 5);
  CHECK_FALSE(passed(five, "participation_headcount"));
  CHECK(passed(five, "participation_area"));  // 500.00 of 603.00 m²
  CHECK(passed(five, "approval_area"));
  CHECK(passed(five, "approval_headcount"));
  CHECK_FALSE(five.approved);
}

TEST_CASE(
    "using the fund fails at exactly half the participating area and passes a hundredth over") {
  // Four owners of 100.00 m² vote yes, one of 400.00 m² votes no: 4 of 5 heads agree, so area
  // alone decides.
  std::vector<Voter> voters = equal_voters(4, 10000);
  voters.push_back(voter("o05", 40000));
  const VoteTally half = tally(civil_code(), Matter::use_fund, voters, ballots(voters, 4, 1));
  CHECK(threshold(half, "approval_area").numerator == 40000);
  CHECK(threshold(half, "approval_area").denominator == 80000);
  CHECK_FALSE(threshold(half, "approval_area").required.inclusive);  // 过半数: more than half
  CHECK_FALSE(passed(half, "approval_area"));
  CHECK(passed(half, "approval_headcount"));
  CHECK_FALSE(half.approved);

  voters[0].area_hundredths_m2 = 10001;  // 400.01 of 800.01 m²
  const VoteTally over = tally(civil_code(), Matter::use_fund, voters, ballots(voters, 4, 1));
  CHECK(threshold(over, "approval_area").numerator == 40001);
  CHECK(passed(over, "approval_area"));
  CHECK(over.approved);
}

TEST_CASE(
    "using the fund fails at exactly half the participating headcount and passes a head over") {
  // The yes voters hold almost all the area, so headcount alone decides.
  std::vector<Voter> voters = {voter("a", 10000), voter("b", 10000), voter("c", 100),
                               voter("d", 100)};
  const std::vector<CastBallot> two_two = {
      {"a", Choice::yes}, {"b", Choice::yes}, {"c", Choice::no}, {"d", Choice::no}};
  const VoteTally half = tally(civil_code(), Matter::use_fund, voters, two_two);
  CHECK(threshold(half, "approval_headcount").numerator == 2);
  CHECK(threshold(half, "approval_headcount").denominator == 4);
  CHECK_FALSE(passed(half, "approval_headcount"));
  CHECK(passed(half, "approval_area"));
  CHECK_FALSE(half.approved);

  voters.push_back(voter("e", 100));
  std::vector<CastBallot> three_two = two_two;
  three_two.push_back({"e", Choice::yes});
  const VoteTally over = tally(civil_code(), Matter::use_fund, voters, three_two);
  CHECK(threshold(over, "approval_headcount").numerator == 3);
  CHECK(threshold(over, "approval_headcount").denominator == 5);
  CHECK(passed(over, "approval_headcount"));
  CHECK(over.approved);
}

TEST_CASE("raising the fund or changing the use passes at exactly three quarters, not just under") {
  // Four owners of 100.00 m², all taking part: 3 yes and 1 no is exactly 3/4 by area and heads.
  std::vector<Voter> voters = equal_voters(4, 10000);
  for (const Matter m : {Matter::raise_fund, Matter::change_use}) {
    CAPTURE(to_string(m));
    const VoteTally exact = tally(civil_code(), m, voters, ballots(voters, 3, 1));
    CHECK(threshold(exact, "approval_area").required.num == 3);
    CHECK(threshold(exact, "approval_area").required.den == 4);
    CHECK(threshold(exact, "approval_area").required.inclusive);  // 四分之三以上: 3/4 or more
    CHECK(exact.approved);
  }

  // By area: one hundredth of m² moves from a yes voter to the no voter, 299.99 of 400.00.
  voters[0].area_hundredths_m2 = 9999;
  voters[3].area_hundredths_m2 = 10001;
  const VoteTally area_under =
      tally(civil_code(), Matter::raise_fund, voters, ballots(voters, 3, 1));
  CHECK_FALSE(passed(area_under, "approval_area"));
  CHECK(passed(area_under, "approval_headcount"));
  CHECK_FALSE(area_under.approved);
  // The same ballots easily pass using the fund: the matter picks the threshold.
  CHECK(tally(civil_code(), Matter::use_fund, voters, ballots(voters, 3, 1)).approved);

  // By headcount: of eight owners 6 yes is exactly 3/4, 5 yes just under, while the yes voters
  // hold nearly all the area.
  std::vector<Voter> eight = equal_voters(5, 100000);
  for (const char* small : {"s1", "s2", "s3"})
    eight.push_back(voter(small, 100));
  const std::vector<CastBallot> six_yes = {
      {"o01", Choice::yes}, {"o02", Choice::yes}, {"o03", Choice::yes}, {"o04", Choice::yes},
      {"o05", Choice::yes}, {"s1", Choice::yes},  {"s2", Choice::no},   {"s3", Choice::no}};
  CHECK(tally(civil_code(), Matter::change_use, eight, six_yes).approved);
  std::vector<CastBallot> five_yes = six_yes;
  five_yes[5].choice = Choice::no;
  const VoteTally heads_under = tally(civil_code(), Matter::change_use, eight, five_yes);
  CHECK(threshold(heads_under, "approval_headcount").numerator == 5);
  CHECK(threshold(heads_under, "approval_headcount").denominator == 8);
  CHECK_FALSE(passed(heads_under, "approval_headcount"));
  CHECK(passed(heads_under, "approval_area"));
  CHECK_FALSE(heads_under.approved);
}

TEST_CASE("an owner of several units counts once, and the developer's unsold units count once") {
  const std::vector<UnitInScope> units = {
      {"1-1-0102", "owner:wang", 12005}, {"1-1-0101", "owner:wang", 8937},
      {"1-2-0101", "owner:wang", 6543},  {"1-2-0201", "owner:li", 9000},
      {"1-2-0302", "developer", 14321},  {"1-2-0301", "developer", 14321}};
  const std::vector<Voter> voters = voters_in_scope(units, "developer");
  REQUIRE(voters.size() == 3);  // six units, three heads
  CHECK(voters[0].owner_ref == "developer");
  CHECK(voters[0].area_hundredths_m2 == 28642);
  CHECK(voters[0].units == Strings{"1-2-0301", "1-2-0302"});
  CHECK(voters[1].owner_ref == "owner:li");
  CHECK(voters[1].area_hundredths_m2 == 9000);
  CHECK(voters[2].owner_ref == "owner:wang");
  CHECK(voters[2].area_hundredths_m2 == 27485);  // 89.37 + 120.05 + 65.43 m²
  CHECK(voters[2].units == Strings{"1-1-0101", "1-1-0102", "1-2-0101"});

  // Wang and Li agree, the developer disagrees: 2 of 3 heads, though only 3 of 6 units.
  const VoteTally t =
      tally(civil_code(), Matter::use_fund, voters,
            {{"owner:wang", Choice::yes}, {"owner:li", Choice::yes}, {"developer", Choice::no}});
  CHECK(t.total_heads == 3);
  CHECK(t.total_area == 65127);
  CHECK(t.yes_heads == 2);
  CHECK(t.yes_area == 36485);
  CHECK(t.no_heads == 1);
  CHECK(t.no_area == 28642);
  CHECK(t.approved);  // 364.85 of 651.27 m² and 2 of 3 heads: both more than half
}

TEST_CASE("abstentions count toward participation but not toward approval") {
  const std::vector<Voter> voters = equal_voters(9, 10000);
  // 3 yes and 3 abstain: 6 of 9 take part (exactly 2/3), but 3 of 6 is not more than half.
  const VoteTally t = tally(civil_code(), Matter::use_fund, voters, ballots(voters, 3, 0, 3));
  CHECK(t.participating_heads == 6);
  CHECK(t.participating_area == 60000);
  CHECK(t.abstain_heads == 3);
  CHECK(t.abstain_area == 30000);
  CHECK(t.yes_heads == 3);
  CHECK(t.no_heads == 0);
  CHECK(passed(t, "participation_area"));
  CHECK(passed(t, "participation_headcount"));
  CHECK(threshold(t, "approval_area").denominator == 60000);  // abstainers are in the base
  CHECK_FALSE(passed(t, "approval_area"));
  CHECK_FALSE(passed(t, "approval_headcount"));
  CHECK_FALSE(t.approved);

  // Without the abstainers the vote lacks a quorum; with 4 yes and 2 abstain it passes.
  CHECK_FALSE(passed(tally(civil_code(), Matter::use_fund, voters, ballots(voters, 3)),
                     "participation_headcount"));
  CHECK(tally(civil_code(), Matter::use_fund, voters, ballots(voters, 4, 0, 2)).approved);
}

TEST_CASE("the same ballots pass under the Civil Code and fail under the Property Law, and back") {
  // Ten owners of 100.00 m². 7 take part, 6 yes and 1 no, to use the fund.
  const std::vector<Voter> voters = equal_voters(10, 10000);
  const std::vector<CastBallot> six_of_seven = ballots(voters, 6, 1);

  // From 2021: 70% take part (at least 2/3), and 6 of the 7 participants agree (more than half).
  const VoteTally cc = tally(civil_code(), Matter::use_fund, voters, six_of_seven);
  CHECK(cc.rule_set_id == "CN-civil-code-2021");
  CHECK(names(cc) == Strings{"participation_area", "participation_headcount", "approval_area",
                             "approval_headcount"});
  CHECK(threshold(cc, "approval_area").denominator == 70000);
  CHECK(cc.approved);

  // Before 2021: 6 of ALL 10 must be 2/3 or more; 60% is not, the absent counting as no.
  const VoteTally pl = tally(property_law(), Matter::use_fund, voters, six_of_seven);
  CHECK(pl.rule_set_id == "CN-property-law-2007");
  CHECK(names(pl) == Strings{"approval_area", "approval_headcount"});  // no quorum
  CHECK(threshold(pl, "approval_area").numerator == 60000);
  CHECK(threshold(pl, "approval_area").denominator == 100000);
  CHECK(threshold(pl, "approval_area").required.num == 2);
  CHECK(threshold(pl, "approval_area").required.den == 3);
  CHECK_FALSE(passed(pl, "approval_area"));
  CHECK_FALSE(passed(pl, "approval_headcount"));
  CHECK_FALSE(pl.approved);
  // Raising the fund and changing the use also need 2/3 of all; 7 of 10 agreeing is enough.
  for (const Matter m : {Matter::use_fund, Matter::raise_fund, Matter::change_use}) {
    CAPTURE(to_string(m));
    CHECK_FALSE(tally(property_law(), m, voters, six_of_seven).approved);
    CHECK(tally(property_law(), m, voters, ballots(voters, 7)).approved);
  }

  // The other way: an ordinary matter with 6 of 10 all agreeing had more than half of all before
  // 2021, but from 2021 60% participation is short of the 2/3 quorum.
  const std::vector<CastBallot> six_yes = ballots(voters, 6);
  CHECK(tally(property_law(), Matter::ordinary, voters, six_yes).approved);
  const VoteTally cc_ordinary = tally(civil_code(), Matter::ordinary, voters, six_yes);
  CHECK_FALSE(passed(cc_ordinary, "participation_area"));
  CHECK_FALSE(cc_ordinary.approved);
  // Exactly half of all is not more than half, even before 2021.
  CHECK_FALSE(tally(property_law(), Matter::ordinary, voters, ballots(voters, 5)).approved);
}

TEST_CASE("a vote scoped to one building counts only that building's units and owners") {
  const std::vector<UnitInScope> estate = {{"1-1-0101", "owner:wang", 9000},
                                           {"1-1-0102", "owner:li", 9000},
                                           {"2-1-0101", "owner:wang", 12000},
                                           {"2-1-0102", "owner:zhao", 12000},
                                           {"2-1-0201", "developer", 8000}};
  std::vector<UnitInScope> building_1;
  for (const UnitInScope& u : estate) {
    if (u.unit_code.starts_with("1-"))
      building_1.push_back(u);
  }
  const std::vector<Voter> voters = voters_in_scope(building_1, "developer");
  REQUIRE(voters.size() == 2);
  CHECK(voters[0].owner_ref == "owner:li");
  CHECK(voters[1].owner_ref == "owner:wang");
  CHECK(voters[1].area_hundredths_m2 == 9000);  // building 2's unit is not in scope
  CHECK(voters[1].units == Strings{"1-1-0101"});

  const VoteTally t = tally(civil_code(), Matter::use_fund, voters,
                            {{"owner:wang", Choice::yes}, {"owner:li", Choice::yes}});
  CHECK(t.total_area == 18000);
  CHECK(t.total_heads == 2);
  CHECK(t.approved);

  // Owners of building 2 only have no vote on building 1's repair.
  const Error e = invalid_input_from(
      [&] {
        return tally(civil_code(), Matter::use_fund, voters,
                     {{"owner:wang", Choice::yes}, {"owner:zhao", Choice::yes}});
      },
      "ballot-not-eligible");
  CHECK(e.field() == "ballots");
}

TEST_CASE("a vote with no ballots fails every threshold") {
  const std::vector<Voter> voters = equal_voters(5, 10000);
  for (const RuleSet* rules : {&civil_code(), &property_law()}) {
    for (const Matter m :
         {Matter::use_fund, Matter::raise_fund, Matter::change_use, Matter::ordinary}) {
      CAPTURE(rules->id, to_string(m));
      const VoteTally t = tally(*rules, m, voters, {});
      REQUIRE_FALSE(t.thresholds.empty());
      for (const ThresholdResult& r : t.thresholds) {
        CAPTURE(r.name);
        CHECK(r.numerator == 0);
        CHECK_FALSE(r.passed);
      }
      CHECK(t.participating_heads == 0);
      CHECK_FALSE(t.approved);
    }
  }
  // Nobody in scope at all: nothing to measure against, nothing passes.
  const VoteTally empty = tally(civil_code(), Matter::use_fund, {}, {});
  CHECK(empty.thresholds.size() == 4);
  CHECK_FALSE(empty.approved);
}

TEST_CASE("a second ballot of one owner and a ballot of a non-owner are refused") {
  const std::vector<Voter> voters = equal_voters(3, 10000);
  const Error twice = invalid_input_from(
      [&] {
        return tally(civil_code(), Matter::use_fund, voters,
                     {{"o01", Choice::yes}, {"o02", Choice::no}, {"o01", Choice::no}});
      },
      "ballot-duplicate");
  CHECK(twice.field() == "ballots");
  // Even the same choice twice: a repeated ballot must not be silently merged.
  CHECK(invalid_input_from(
            [&] {
              return tally(civil_code(), Matter::use_fund, voters,
                           {{"o01", Choice::yes}, {"o01", Choice::yes}});
            },
            "ballot-duplicate")
            .field() == "ballots");
  const Error stranger = invalid_input_from(
      [&] {
        return tally(civil_code(), Matter::use_fund, voters, {{"o99", Choice::yes}});
      },
      "ballot-not-eligible");
  CHECK(stranger.field() == "ballots");
}

TEST_CASE("a scope listing a unit twice, or a voter twice, is refused") {
  CHECK(invalid_input_from(
            [] {
              return voters_in_scope(
                  {{"1-1-0101", "owner:wang", 9000}, {"1-1-0101", "owner:li", 9000}}, "developer");
            },
            "unit-duplicate")
            .field() == "units");
  CHECK(invalid_input_from(
            [] {
              return voters_in_scope({{"1-1-0101", "", 9000}}, "developer");
            },
            "unit-owner-missing")
            .field() == "units");
  CHECK(invalid_input_from(
            [] {
              return voters_in_scope({{"1-1-0101", "owner:wang", -1}}, "developer");
            },
            "area-negative")
            .field() == "units");
  CHECK(invalid_input_from(
            [] {
              return tally(civil_code(), Matter::use_fund, {voter("a", 100), voter("a", 200)}, {});
            },
            "voter-duplicate")
            .field() == "voters");
  CHECK(invalid_input_from(
            [] { return tally(civil_code(), Matter::use_fund, {voter("a", -100)}, {}); },
            "voter-area")
            .field() == "voters");
}

TEST_CASE("a threshold is compared exactly, even where the products pass 64 bits") {
  const Threshold two_thirds{2, 3, true};
  const Threshold more_than_half{1, 2, false};
  CHECK(reaches(2, 3, two_thirds));
  CHECK_FALSE(reaches(1, 3, two_thirds));
  CHECK_FALSE(reaches(0, 0, Threshold{0, 1, true}));  // a base of 0 never passes
  CHECK_FALSE(reaches(1, 2, more_than_half));
  CHECK(reaches(2, 3, more_than_half));

  // base = 3 × 2^61: value × 3 exceeds int64 near the threshold.
  const std::int64_t k = std::int64_t{1} << 61;
  CHECK(reaches(2 * k, 3 * k, two_thirds));
  CHECK_FALSE(reaches(2 * k - 1, 3 * k, two_thirds));
  const std::int64_t max = std::numeric_limits<std::int64_t>::max();
  CHECK(reaches(max, max, Threshold{3, 4, true}));
  CHECK_FALSE(reaches(max / 2, max, more_than_half));  // max is odd: max/2 is just under
  CHECK(reaches(max / 2 + 1, max, more_than_half));
}

TEST_CASE("matters and choices read and print as their names") {
  for (const Matter m :
       {Matter::use_fund, Matter::raise_fund, Matter::change_use, Matter::ordinary})
    CHECK(parse_matter(to_string(m)) == m);
  for (const Choice c : {Choice::yes, Choice::no, Choice::abstain})
    CHECK(parse_choice(to_string(c)) == c);
  CHECK(std::string(to_string(Matter::use_fund)) == "use_fund");
  CHECK(std::string(to_string(Choice::abstain)) == "abstain");
  CHECK(invalid_input_from([] { return parse_matter("repair", "ballot.matter"); }, "vote-matter")
            .field() == "ballot.matter");
  CHECK(invalid_input_from([] { return parse_choice("Yes"); }, "ballot-choice").field() ==
        "choice");
}

}  // namespace
}  // namespace trustfund::repairfund
