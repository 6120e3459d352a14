// The figures of one month: statement.json, entries.csv and the resident leaves, read from the
// books when the month closes; and those of a view, derived from its months' statements
// (internal to the statements module).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "trustfund/ledger/books.h"

namespace trustfund::statements {

struct ResidentFigures {
  std::string unit_code;
  money::Amount billed, paid, balance, repair_balance;
  // A view's leaf only: the fee arrears and the prepayment at the period's end.
  std::optional<money::Amount> arrears, prepaid;
};

struct MonthFigures {
  std::string statement_json;  // canonical
  std::string entries_csv;  // empty for a view
  std::vector<ResidentFigures> residents;  // by unit code
};

// `tree_size` and `root`: the journal when the month closed; `previous_manifest_sha256` hex or "".
MonthFigures month_figures(ledger::Books& books, Period month, std::int64_t tree_size,
                           const std::string& root_hex,
                           const std::string& previous_manifest_sha256);

// A published month a view derives from: its statement.json, its manifest's SHA-256 and its
// resident leaves (canonical JSON, in leaf order).
struct MonthSource {
  Period month;
  std::string statement_json;
  std::string manifest_sha256_hex;
  std::vector<std::string> leaves;
};

// The view `key` of kind `kind` over `months` (all of the view's months, in order).
// `previous_manifest_sha256`: the preceding view of the same kind, hex or "".
MonthFigures view_figures(ledger::Books& books, const std::string& key, const std::string& kind,
                          const std::vector<MonthSource>& months,
                          const std::string& previous_manifest_sha256);

}  // namespace trustfund::statements
