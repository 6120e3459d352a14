// `trustfund serve`: the HTTP service (src/api/) under Poco's ServerApplication, until SIGTERM or
// SIGINT stops it gracefully.
#pragma once

#include <vector>

#include "command.h"

namespace trustfund::cli {

std::vector<Command> serve_commands();

}  // namespace trustfund::cli
