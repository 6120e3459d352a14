// `trustfund verify DIR [--previous DIR] [--proof FILE] [--json]`: checks a published statement
// directory (statements/verify.h) with no server and no database. Never opens a data directory.
// Prints one line per check and a summary, a check report: exit status 0 only if every check
// passed, 1 otherwise.
#pragma once

#include <vector>

#include "command.h"

namespace trustfund::cli {

std::vector<Command> verify_commands();

}  // namespace trustfund::cli
