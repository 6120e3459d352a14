// The dispatch of `trustfund`: finds the command named by the leading words, checks its options,
// runs it, and prints its answer whole, or nothing on standard output when it fails.
#include <algorithm>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "custodian_commands.h"
#include "demo_command.h"
#include "escrow_commands.h"
#include "fee_commands.h"
#include "ledger_commands.h"
#include "repair_commands.h"
#include "serve.h"
#include "statement_commands.h"
#include "trustfund/cli/cli.h"
#include "trustfund/core/error.h"
#include "user_commands.h"
#include "verify_command.h"

namespace trustfund::cli {
namespace {

const std::set<std::string> kGlobal = {"data", "master-key-file", "help"};

// Every command, in the order of the overview.
const std::vector<Command>& commands() {
  static const std::vector<Command> all = [] {
    std::vector<Command> joined;
    for (auto table :
         {ledger_commands, escrow_commands, repair_commands, verify_commands, statement_commands,
          demo_commands, fee_commands, user_commands, custodian_commands, serve_commands}) {
      for (Command& c : table())
        joined.push_back(std::move(c));
    }
    return joined;
  }();
  return all;
}

void print_overview(std::ostream& out) {
  out << "trustfund: the books of trust-model residential estates (信托制物业)\n\n"
         "usage: trustfund COMMAND [options]   (trustfund COMMAND --help for details)\n\n"
         "commands:\n";
  // The summaries start in one column, two spaces after the longest command.
  std::size_t width = 0;
  for (const auto& c : commands())
    width = std::max(width, std::string_view(c.path).size());
  for (const auto& c : commands()) {
    out << "  " << std::left << std::setw(static_cast<int>(width + 2)) << c.path << c.summary
        << "\n";
  }
  out << "\ncommon options: --data DIR (or TRUSTFUND_DATA), --master-key-file FILE,\n"
         "                --actor WHO (or TRUSTFUND_ACTOR) for commands that write\n";
}

int exit_code(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_input:
      return 2;
    case ErrorKind::not_found:
      return 3;
    case ErrorKind::conflict:
      return 4;
    case ErrorKind::rule_violation:
      return 5;
    case ErrorKind::access_denied:
      return 6;
    case ErrorKind::integrity:
      return 7;
    case ErrorKind::storage:
      return 1;
  }
  return 1;
}

// The command named by the longest run of leading words that names one (nullptr if none), and
// in `used` the number of those words.
const Command* find_command(const std::vector<std::string>& words, std::size_t& used) {
  const Command* command = nullptr;
  for (const auto& c : commands()) {
    std::istringstream parts(c.path);
    std::string part;
    std::size_t n = 0;
    bool match = true;
    while (parts >> part) {
      if (n >= words.size() || words[n] != part)
        match = false;
      ++n;
    }
    if (match && n > used) {
      command = &c;
      used = n;
    }
  }
  return command;
}

}  // namespace

int run(const std::vector<std::string>& words, std::istream& in, std::ostream& out,
        std::ostream& err) {
  std::size_t used = 0;
  const Command* command = find_command(words, used);
  const bool wants_help = std::find(words.begin(), words.end(), "--help") != words.end() ||
                          std::find(words.begin(), words.end(), "-h") != words.end();
  if (!command) {
    if (words.empty() || wants_help || words[0] == "help") {
      print_overview(out);
      return 0;
    }
    if (words[0] == "--version" || words[0] == "version") {
      out << "trustfund 0.1.0\n";
      return 0;
    }
    err << "trustfund: unknown command \"" << words[0] << "\"\n\n";
    print_overview(err);
    return 2;
  }
  if (wants_help) {
    out << command->usage;
    return 0;
  }
  std::ostringstream answer;
  int code = 0;
  try {
    std::set<std::string> flags = command->flags;
    const Args args(std::vector<std::string>(words.begin() + static_cast<long>(used), words.end()),
                    flags);
    std::set<std::string> allowed = command->options;
    allowed.insert(kGlobal.begin(), kGlobal.end());
    allowed.insert(flags.begin(), flags.end());
    args.allow_only(allowed);
    if (!args.positionals().empty() && !command->positionals) {
      throw Error::invalid("usage", "",
                           "unexpected argument \"" + args.positionals()[0] + "\" (see trustfund " +
                               command->path + " --help)");
    }
    // The answer is held until the command ends (README: a failed command writes nothing).
    const Context ctx{args, in, command->output == Output::streamed ? out : answer, err};
    code = command->run(ctx);
  } catch (const Error& e) {
    err << "trustfund: error: " << e.what();
    if (!e.field().empty())
      err << " [field: " << e.field() << "]";
    err << " [" << e.type() << "]\n";
    return exit_code(e.kind());
  } catch (const std::exception& e) {
    err << "trustfund: internal error: " << e.what() << "\n";
    return 1;
  }
  if (code == 0)
    out << answer.str();
  else if (code == 1 && command->output == Output::check_report)
    err << answer.str();
  return code;
}

}  // namespace trustfund::cli
