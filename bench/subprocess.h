// Running the reference tools (ledger, hledger) as child processes and timing them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace trustfund::bench {

struct CommandRun {
  int exit_status = -1;  // the child's exit status; -1 if it was killed by a signal
  std::int64_t wall_ns = 0;
};

// Runs argv[0] (looked up in PATH) with its standard output written to `stdout_path`
// ("/dev/null" to discard it) and its standard error passed through. The child gets a UTF-8
// locale (LANG=C.UTF-8), which hledger needs to read the journal's Chinese estate name.
// Wall time covers spawn to exit. Throws std::system_error if the program cannot be started.
CommandRun run_command(const std::vector<std::string>& argv,
                       const std::filesystem::path& stdout_path);

// The faster of `runs` runs (each must exit 0, else std::runtime_error names the command).
std::int64_t fastest_run_ns(const std::vector<std::string>& argv, int runs);

// True if `program` is found in PATH.
bool program_available(const std::string& program);

}  // namespace trustfund::bench
