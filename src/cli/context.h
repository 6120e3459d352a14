// What a CLI command gets: its parsed options, the streams, and helpers to open the books.
#pragma once

#include <iosfwd>
#include <string>

#include "args.h"
#include "files.h"
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

}  // namespace trustfund::cli
