// Import of journal entries from JSON lines, all or nothing.
//
// One entry per line (the form in entry.h); blank lines are skipped. Lines are parsed on a second
// thread while the calling thread checks and writes them, so parsing overlaps the database work
// on a multi-core machine. Everything goes into one write transaction: on the first bad line the
// import stops, nothing is written, and the Error names the line ("line 12: postings[1].amount").
// The import is one audited write (audited_write.h): its action row is "import_entries",
// target "file:<file_name>", detail "<n> entries, <m> replayed".
//
// Thread-safety: uses `books` from the calling thread only; `in` is read by the parser thread.
#pragma once

#include <cstdint>
#include <istream>
#include <string>

#include "trustfund/ledger/actor.h"
#include "trustfund/ledger/books.h"

namespace trustfund::ledger {

struct ImportResult {
  std::int64_t imported = 0;  // new entries
  std::int64_t replayed = 0;  // entries already recorded under the same idempotency key
  std::int64_t postings = 0;  // postings of the new and replayed entries
};

// Imports every line of `in`, read from `file_name` ("-": standard input). `progress` receives
// (bytes read, total_bytes) now and then; `total_bytes` may be 0 when unknown. Lines longer than
// kMaxEntryJsonBytes are rejected.
ImportResult import_jsonl(Books& books, std::istream& in, const std::string& file_name,
                          const Actor& actor, std::int64_t total_bytes = 0,
                          const Progress& progress = {});

}  // namespace trustfund::ledger
