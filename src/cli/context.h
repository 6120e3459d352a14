// What a CLI command gets: its parsed options, the streams, and helpers to open the books.
#pragma once

#include <iosfwd>
#include <string>

#include "args.h"
#include "trustfund/ledger/actor.h"
#include "trustfund/ledger/books.h"
#include "trustfund/store/data_dir.h"

namespace trustfund::cli {

struct Context {
  const Args& args;
  std::istream& in;
  std::ostream& out;
  std::ostream& err;

  std::string data_path() const;  // --data, else $TRUSTFUND_DATA, else ./trustfund-data
  // Who writes: --actor, else $TRUSTFUND_ACTOR, else cli:$USER; no remote address. Throws
  // Error::invalid("actor") for a name that is not 1-100 bytes.
  ledger::Actor actor() const;
  store::DataDir open_data_dir() const;  // prints the development-key warning if any
  ledger::Books open_books() const;      // the estate named by --estate
  bool json() const { return args.has("json"); }
};

// Shows a one-line progress bar on `err` when it is a terminal; silent otherwise.
class ProgressBar {
 public:
  ProgressBar(std::ostream& err, std::string label);
  ~ProgressBar();
  void update(std::int64_t done, std::int64_t total);

 private:
  std::ostream& err_;
  std::string label_;
  bool tty_;
  int last_percent_ = -1;
};

// The bytes of the file `path`, or of `in` when `path` is "-". Error::not_found("file-missing",
// `field`) if it cannot be read.
std::string read_input_file(const std::string& path, std::istream& in,
                            const std::string& field = "file");
// Writes `bytes` to a new file `path` (Error::conflict("file-exists", `field`) if there is one:
// nothing is overwritten), or to `out` when `path` is "-".
void write_new_file(const std::string& path, const std::string& bytes, std::ostream& out,
                    const std::string& field = "out");

// Entry points of the command groups (commands.cpp, demo.cpp, serve.cpp).
int cmd_demo(const Context& ctx);
int cmd_serve(const Context& ctx);

}  // namespace trustfund::cli
