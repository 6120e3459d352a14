// One command of `trustfund`: its words, help text, options and function. Each command group gives
// its table (ledger_commands(), fee_commands(), escrow_commands(), ...), as the API gives its
// routes; the dispatcher (commands.cpp) joins them, in the order of the overview.
#pragma once

#include <functional>
#include <set>
#include <string>

#include "context.h"

namespace trustfund::cli {

// What becomes of what a command writes to ctx.out (the dispatcher's part: README, "a failed
// command writes nothing").
enum class Output {
  // Built whole in memory and printed only if the command succeeds (exit 0); dropped otherwise.
  whole,
  // A check report whose command exits 1 when a check fails: built whole, printed on standard
  // output when every check passes and on standard error when one fails (a script reading
  // standard output sees nothing, a person still sees why); dropped on an error.
  check_report,
  // Straight to standard output as it is written, for a command that must speak before it ends
  // or whose answer is too large for memory; such a command keeps its failures off standard
  // output itself (serve, export).
  streamed,
};

struct Command {
  std::string path;     // "estate create"
  std::string summary;  // one line for the overview
  std::string usage;    // the full help text
  std::set<std::string> options;
  std::set<std::string> flags;
  std::function<int(const Context&)> run;
  Output output = Output::whole;
  bool positionals = false;  // takes words besides its options (post's JSON, verify's DIR)
};

}  // namespace trustfund::cli
