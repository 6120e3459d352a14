// The writes of open_vote and close_vote without an audited write of their own, for a repair
// project's steps (put_to_vote, decide), which open or close the project's vote inside their own
// write and log the step there. Private to the repair fund module.
#pragma once

#include <string_view>

#include "trustfund/repairfund/votes.h"

namespace trustfund::repairfund {

// open_vote's checks and rows, in the transaction the caller has open.
Vote insert_vote(ledger::Books& books, const VoteInput& in, const ledger::Actor& actor);
// close_vote's checks and rows, in the transaction the caller has open.
Vote record_vote_result(ledger::Books& books, std::string_view vote_ref);

}  // namespace trustfund::repairfund
