// The `user` and `token` commands: accounts, role grants and API tokens in the registry (auth/).
//
// Passwords are never taken as options (they would show in `ps` and shell history): they are read
// from standard input, without echo on a terminal (asked twice), or as the first line of a pipe.
#pragma once

#include <vector>

#include "command.h"

namespace trustfund::cli {

std::vector<Command> user_commands();

}  // namespace trustfund::cli
