// The `fees` commands: schedules, billing runs, payment import, arrears and the collection rate
// (src/fees/). Every write is one transaction with its action-log row.
#pragma once

#include <vector>

#include "command.h"

namespace trustfund::cli {

std::vector<Command> fee_commands();

}  // namespace trustfund::cli
