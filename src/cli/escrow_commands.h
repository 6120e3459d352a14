// The estate-side escrow commands: the custodian set, the payment policy and bank accounts, and
// disbursement orders (src/escrow/). A custodian's own commands (keygen, sign, cosign, verify) run
// without a data directory and are in custodian_commands.h.
#pragma once

#include <vector>

#include "command.h"

namespace trustfund::cli {

std::vector<Command> escrow_commands();

}  // namespace trustfund::cli
