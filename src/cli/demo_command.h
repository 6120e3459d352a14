// `trustfund demo`: creates the demo estate (src/demo/) in a data directory and says what it made.
#pragma once

#include <vector>

#include "command.h"

namespace trustfund::cli {

std::vector<Command> demo_commands();

}  // namespace trustfund::cli
