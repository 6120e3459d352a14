// One audited write: a write transaction on an estate's books and the action-log row that says who
// made it, committed together or not at all.
//
// Every write a user makes (posting an entry, a billing run, signing an order, closing a month)
// runs in an AuditedWrite: its journal entries, its rows in the module's tables and its action
// row (action_log.h) become durable in one commit, or vanish together. The AuditedWrite opens a
// store::Transaction on the Books' connection (a savepoint when the caller already has one open,
// so an audited write inside another commits into it, its row with it). A Books::Writer used
// inside it should join it (Books::Writer::Nesting::join: no savepoint of its own, so the statement
// journals of its rows do not pile up in a sub-journal; the hot paths of billing and payment
// imports depend on that) or, in simpler operations, nest inside it. If the operation fails after
// a Writer committed into the AuditedWrite, the rollback also undoes those entries, so the
// destructor lets the Books catch up with the database (Books::refresh) to forget them.
//
// An operation that ends up writing nothing (an idempotent replay, a payment import whose every
// row was recorded before) returns without commit(): nothing is written, no action row either.
//
// Thread-safety: as the Books it is made on (one thread at a time). The Books must outlive it; the
// actor is copied.
#pragma once

#include <optional>
#include <string>

#include "trustfund/ledger/actor.h"
#include "trustfund/ledger/books.h"
#include "trustfund/store/database.h"

namespace trustfund::ledger {

class AuditedWrite {
 public:
  // Begins the write for `actor`.
  AuditedWrite(Books& books, const Actor& actor);
  AuditedWrite(const AuditedWrite&) = delete;
  AuditedWrite& operator=(const AuditedWrite&) = delete;
  // Rolls back unless committed, then refreshes the Books.
  ~AuditedWrite();

  const Actor& actor() const noexcept { return actor_; }

  // Appends the row {actor, action, target, detail} to the action log, then commits (one fsync
  // when this is the outermost transaction). Call it once, as the write's last step.
  void commit(std::string action, std::string target, std::string detail = "");

 private:
  Books& books_;
  const Actor actor_;
  std::optional<store::Transaction> tx_;
  bool committed_ = false;
};

}  // namespace trustfund::ledger
