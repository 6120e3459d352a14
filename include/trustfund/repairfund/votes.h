// Owners' votes, recorded: opened on a scope with the voters fixed at opening, ballots recorded
// once per voter (changeable until the close if the vote allows), judged at the close by the rule
// set in force when it opened (vote_rules.h). A vote serves a repair project or any other
// decision of the owners (budget, manager selection, ...).
//
// Writes are audited writes (ledger/audited_write.h), logged as "open_vote" (target vote:new),
// "cast_ballot" and "close_vote" (vote:<ref>).
//
// Thread-safety: like Books, one thread at a time.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

#include "trustfund/ledger/actor.h"
#include "trustfund/ledger/books.h"
#include "trustfund/repairfund/vote_rules.h"

namespace trustfund::repairfund {

// Which units a decision concerns: the whole estate, or listed buildings ("3"), entrances
// ("3-2") or units ("3-2-1502"). Unit codes are building-entrance-room.
struct Scope {
  enum class Kind { estate, buildings, entrances, units } kind = Kind::estate;
  std::vector<std::string> items;  // empty for the whole estate
};
const char* to_string(Scope::Kind kind) noexcept;  // "estate", "buildings", "entrances", "units"
Scope parse_scope(std::string_view kind, std::vector<std::string> items);
// The estate's units in `scope`, by code; Error::invalid("scope-empty", "scope") when none is.
std::vector<ledger::Unit> units_in(ledger::Books& books, const Scope& scope);

struct VoteInput {
  std::string question;  // 1-500 bytes
  Matter matter = Matter::use_fund;
  Scope scope;
  Date opened_on;
  Date closes_on;            // >= opened_on
  bool allow_change = true;  // a voter may replace their ballot until the close
};

struct Ballot {
  std::string owner_ref;
  Choice choice = Choice::yes;
  Date cast_on;
  std::string recorded_at, recorded_by;
};

struct Vote {
  std::string vote_ref;  // "V-0001"
  VoteInput input;
  std::string rule_set_id;
  std::vector<Voter> voters;    // fixed at opening
  std::vector<Ballot> ballots;  // in force: the latest of each voter
  bool closed = false;
  VoteTally tally;  // as of now (final once closed)
  std::string opened_by;
};

Vote open_vote(ledger::Books& books, const VoteInput& input, const ledger::Actor& actor);
// Records `owner_ref`'s ballot, cast on `cast_on` (between opening and close). A second ballot
// of the same voter replaces the first if the vote allows changes, else Error::conflict
// ("ballot-recorded").
Vote cast_ballot(ledger::Books& books, std::string_view vote_ref, const std::string& owner_ref,
                 Choice choice, Date cast_on, const ledger::Actor& actor);
// Closes the vote (no more ballots) and fixes its result.
Vote close_vote(ledger::Books& books, std::string_view vote_ref, const ledger::Actor& actor);
Vote vote(ledger::Books& books, std::string_view vote_ref);

// JSON of a tally: rule set, matter, totals, and each threshold with its numerator, denominator,
// required fraction and result.
std::string tally_to_json(const VoteTally& tally);
// JSON of a vote (canonical), and the object it is written from, for documents that hold votes
// (a month's statement).
std::string vote_to_json(const Vote& vote);
Poco::JSON::Object::Ptr vote_object(const Vote& vote);

}  // namespace trustfund::repairfund
