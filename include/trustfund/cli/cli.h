// The `trustfund` command line: every command, its options and its help text.
//
// `run` parses `args` (without the program name), runs one command, writes results to `out` and
// messages to `err`, and returns the process exit code: 0 success, 1 failure found (e.g. `log
// verify` found a difference) or storage error, 2 invalid input or usage, 3 not found,
// 4 conflict, 5 rule violation, 6 wrong key / access denied, 7 integrity error.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace trustfund::cli {

int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
        std::ostream& err);

}  // namespace trustfund::cli
