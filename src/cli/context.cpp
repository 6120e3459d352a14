#include "context.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

#include "trustfund/core/error.h"

namespace trustfund::cli {

std::string Context::data_path() const {
  if (auto d = args.get("data"))
    return *d;
  if (const char* env = std::getenv("TRUSTFUND_DATA"); env && *env)
    return env;
  return "trustfund-data";
}

ledger::Actor Context::actor() const {
  if (auto a = args.get("actor"))
    return ledger::Actor(*a);
  if (const char* env = std::getenv("TRUSTFUND_ACTOR"); env && *env)
    return ledger::Actor(env);
  if (const char* user = std::getenv("USER"); user && *user)
    return ledger::Actor(std::string("cli:") + user);
  if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_name) {
    return ledger::Actor(std::string("cli:") + pw->pw_name);
  }
  return ledger::Actor("cli:uid" + std::to_string(getuid()));
}

store::DataDir Context::open_data_dir() const {
  std::string warning;
  store::DataDir::Options options;
  options.master_key_file = args.get_or("master-key-file", "");
  store::DataDir dir = store::DataDir::open(data_path(), options, &warning);
  if (!warning.empty())
    err << warning << "\n";
  return dir;
}

ledger::Books Context::open_books() const {
  store::DataDir dir = open_data_dir();
  return ledger::Books::open(dir.open_estate(args.require("estate")));
}

ProgressBar::ProgressBar(std::ostream& err, std::string label)
    : err_(err), label_(std::move(label)), tty_(isatty(STDERR_FILENO) != 0) {}

ProgressBar::~ProgressBar() {
  if (tty_ && last_percent_ >= 0)
    err_ << "\n";
}

void ProgressBar::update(std::int64_t done, std::int64_t total) {
  if (!tty_ || total <= 0)
    return;
  const int percent = static_cast<int>(done * 100 / total);
  if (percent == last_percent_)
    return;
  last_percent_ = percent;
  const int width = 30;
  const int filled = percent * width / 100;
  err_ << "\r" << label_ << " [" << std::string(static_cast<std::size_t>(filled), '#')
       << std::string(static_cast<std::size_t>(width - filled), '.') << "] " << percent << "% ("
       << done << "/" << total << ")" << std::flush;
}

std::string read_input_file(const std::string& path, std::istream& in, const std::string& field) {
  std::ostringstream s;
  if (path == "-") {
    s << in.rdbuf();
    return s.str();
  }
  std::ifstream f(path, std::ios::binary);
  if (!f)
    throw Error::not_found("file-missing", field, "cannot read " + path);
  s << f.rdbuf();
  return s.str();
}

void write_new_file(const std::string& path, const std::string& bytes, std::ostream& out,
                    const std::string& field) {
  if (path == "-") {
    out << bytes;
    return;
  }
  if (std::filesystem::exists(path))
    throw Error::conflict("file-exists", field, path + " exists; nothing was overwritten");
  std::ofstream f(path, std::ios::binary);
  f << bytes;
  f.close();
  if (!f)
    throw Error(ErrorKind::storage, "file-write", field, "cannot write " + path);
}

}  // namespace trustfund::cli
