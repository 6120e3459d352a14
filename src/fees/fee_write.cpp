// The transaction of one fee operation; see fee_write.h.
#include "trustfund/fees/fee_write.h"

#include "trustfund/core/error.h"

namespace trustfund::fees {

FeeWrite::FeeWrite(ledger::Books& books) : books_(books) {
  tx_.emplace(books.database());
}

FeeWrite::~FeeWrite() {
  if (committed_)
    return;
  tx_.reset();  // rolls back, entries included
  try {
    books_.refresh();
  } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw; the next
                   // refresh or write finds the same state
  }
}

void FeeWrite::commit(const std::optional<ledger::ActionRecord>& action) {
  if (action)
    ledger::append_action(books_.database(), *action);
  tx_->commit();
  committed_ = true;
}

void check_actor(const std::string& actor) {
  if (actor.empty() || actor.size() > 100) {
    throw Error::invalid("actor", "actor", "the actor (who records the entry) must be 1-100 bytes");
  }
}

}  // namespace trustfund::fees
