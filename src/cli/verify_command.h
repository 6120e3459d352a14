// `trustfund verify DIR [--previous DIR] [--proof FILE] [--json]`: checks a published statement
// directory (statements/verify.h) with no server and no database. Never opens a data directory.
#pragma once

#include "context.h"

namespace trustfund::cli {

// Prints one line per check and a summary; returns 0 only if every check passed, 1 otherwise.
int cmd_verify(const Context& ctx);

}  // namespace trustfund::cli
