// The ledger commands (src/ledger/): the data directory, estates, units and the chart of accounts;
// posting, importing and reversing journal entries, closing periods; balances; the Merkle log (its
// root, proofs and a full recomputation), the action log and the journal export.
#pragma once

#include <vector>

#include "command.h"

namespace trustfund::cli {

std::vector<Command> ledger_commands();

}  // namespace trustfund::cli
