#include "subprocess.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include "measure.h"

extern char** environ;

namespace trustfund::bench {
namespace {

// The parent's environment with the locale forced to C.UTF-8.
std::vector<std::string> child_environment() {
  std::vector<std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string_view entry(*e);
    if (entry.starts_with("LANG=") || entry.starts_with("LC_ALL="))
      continue;
    env.emplace_back(entry);
  }
  env.emplace_back("LANG=C.UTF-8");
  env.emplace_back("LC_ALL=C.UTF-8");
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (auto& s : strings)
    out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

std::string joined(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv)
    out += (out.empty() ? "" : " ") + a;
  return out;
}

}  // namespace

CommandRun run_command(const std::vector<std::string>& argv,
                       const std::filesystem::path& stdout_path) {
  std::vector<std::string> args = argv;
  std::vector<std::string> env = child_environment();
  std::vector<char*> arg_ptrs = pointers(args);
  std::vector<char*> env_ptrs = pointers(env);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, stdout_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  CommandRun run;
  const auto start = Clock::now();
  pid_t pid = 0;
  const int rc =
      posix_spawnp(&pid, arg_ptrs[0], &actions, nullptr, arg_ptrs.data(), env_ptrs.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0)
    throw std::system_error(rc, std::generic_category(), "cannot run " + argv[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR)
      throw std::system_error(errno, std::generic_category(), "waitpid");
  }
  run.wall_ns = elapsed_ns(start);
  run.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::int64_t fastest_run_ns(const std::vector<std::string>& argv, int runs) {
  std::int64_t best_ns = 0;
  for (int i = 0; i < runs; ++i) {
    const CommandRun run = run_command(argv, "/dev/null");
    if (run.exit_status != 0) {
      throw std::runtime_error("`" + joined(argv) + "` failed with exit status " +
                               std::to_string(run.exit_status));
    }
    best_ns = i == 0 ? run.wall_ns : std::min(best_ns, run.wall_ns);
  }
  return best_ns;
}

bool program_available(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string_view dirs = path != nullptr ? path : "/usr/bin:/bin";
  while (!dirs.empty()) {
    const auto colon = dirs.find(':');
    const std::filesystem::path dir(dirs.substr(0, colon));
    if (access((dir / program).c_str(), X_OK) == 0)
      return true;
    if (colon == std::string_view::npos)
      break;
    dirs.remove_prefix(colon + 1);
  }
  return false;
}

}  // namespace trustfund::bench
