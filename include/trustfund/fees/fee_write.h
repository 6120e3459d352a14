// The transaction of one fee operation (billing run, payment, schedule change).
//
// Every fee write is all or nothing: its journal entries, its rows in the fee tables and its
// action-log row commit together or not at all. A FeeWrite opens a store::Transaction on the
// Books' connection (a savepoint when the caller already has one open); the Books::Writer the
// operation uses joins it (Writer::Nesting::join: no savepoint of its own, so the statement
// journals of its rows do not pile up in a sub-journal) or, in older operations, nests inside it.
// If the operation fails after a Writer committed into the FeeWrite, the rollback also undoes those
// entries, so the destructor lets the Books catch up with the database (Books::refresh) to forget
// them.
//
// Thread-safety: as the Books it is made on (one thread at a time).
#pragma once

#include <optional>
#include <string>

#include "trustfund/ledger/action_log.h"
#include "trustfund/ledger/books.h"
#include "trustfund/store/database.h"

namespace trustfund::fees {

class FeeWrite {
 public:
  explicit FeeWrite(ledger::Books& books);
  FeeWrite(const FeeWrite&) = delete;
  FeeWrite& operator=(const FeeWrite&) = delete;
  // Rolls back unless committed, then refreshes the Books.
  ~FeeWrite();

  // Appends `action` (if any) to the action log, then commits.
  void commit(const std::optional<ledger::ActionRecord>& action);

 private:
  ledger::Books& books_;
  std::optional<store::Transaction> tx_;
  bool committed_ = false;
};

// Throws Error::invalid("actor", field "actor") unless the actor is 1-100 bytes.
void check_actor(const std::string& actor);

}  // namespace trustfund::fees
