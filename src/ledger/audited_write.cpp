// One audited write; see audited_write.h.
#include "trustfund/ledger/audited_write.h"

#include <cassert>

namespace trustfund::ledger {

AuditedWrite::AuditedWrite(Books& books, const Actor& actor) : books_(books), actor_(actor) {
  tx_.emplace(books.database());
}

AuditedWrite::~AuditedWrite() {
  if (committed_)
    return;
  tx_.reset();  // rolls back, entries included
  try {
    books_.refresh();
  } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw; the next
                   // refresh or write finds the same state
  }
}

void AuditedWrite::commit(std::string action, std::string target, std::string detail) {
  assert(!committed_);
  append_action(books_.database(),
                actor_.record(std::move(action), std::move(target), std::move(detail)));
  tx_->commit();
  committed_ = true;
}

}  // namespace trustfund::ledger
