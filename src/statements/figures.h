// The figures of one month: statement.json, entries.csv and the resident leaves, read from the
// books when the month closes (internal to the statements module).
#pragma once

#include <string>
#include <vector>

#include "trustfund/ledger/books.h"

namespace trustfund::statements {

struct ResidentFigures {
  std::string unit_code;
  money::Amount billed, paid, balance, repair_balance;
};

struct MonthFigures {
  std::string statement_json;  // canonical
  std::string entries_csv;
  std::vector<ResidentFigures> residents;  // by unit code
};

// `tree_size` and `root`: the journal when the month closed; `previous_manifest_sha256` hex or "".
MonthFigures month_figures(ledger::Books& books, Period month, std::int64_t tree_size,
                           const std::string& root_hex,
                           const std::string& previous_manifest_sha256);

}  // namespace trustfund::statements
