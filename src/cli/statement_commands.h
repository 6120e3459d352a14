// The statement commands: close a month, build a view (quarter, half, year), sign and publish its
// statement, export it, resident proofs and budgets (src/statements/). `trustfund verify`
// (verify_command.h) needs no data.
#pragma once

#include <vector>

#include "command.h"

namespace trustfund::cli {

std::vector<Command> statement_commands();

}  // namespace trustfund::cli
