// The repair fund commands (src/repairfund/): the fund's settings, unit sub-accounts (deposits,
// interest, the top-up list, the reconciliation), owners' votes, and repair projects from
// proposal to close. Payments of a project are escrow orders that the custodians sign with the
// order commands (escrow_commands.h); these commands only prepare them.
#pragma once

#include <vector>

#include "command.h"

namespace trustfund::cli {

std::vector<Command> repair_commands();

}  // namespace trustfund::cli
