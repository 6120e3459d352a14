// The demo's two repair projects, run month by month with the rest of the demo year: the lift of
// building 2, approved by its owners' vote (the breakdown is kept), and an emergency roof leak
// repair of building 3. Both are paid in stages by orders both demo custodians sign, settled over
// the units in scope by area, and hold their retention until the warranty ends.
#pragma once

#include <map>
#include <string>

#include "demo_escrow.h"
#include "trustfund/ledger/actor.h"
#include "trustfund/ledger/books.h"
#include "trustfund/money/amount.h"

namespace trustfund::cli {

class DemoRepairs {
 public:
  DemoRepairs(const ledger::Actor& actor, DemoEscrow& custodians)
      : actor_(actor), custodians_(custodians) {}

  // Does the steps dated in `month`. Returns the number of journal entries they posted, and
  // lowers `repair` (the demo's own view of each unit's sub-account) by each settled share.
  int run(ledger::Books& books, Period month, std::map<std::string, money::Amount>& repair);

  const std::string& lift() const noexcept { return lift_; }
  const std::string& roof() const noexcept { return roof_; }

 private:
  int pay(ledger::Books& books, const std::string& project, const char* stage, const char* amount,
          Date date);
  int settle(ledger::Books& books, const std::string& project, Date date,
             std::map<std::string, money::Amount>& repair);

  ledger::Actor actor_;
  DemoEscrow& custodians_;
  std::string lift_, roof_;
};

}  // namespace trustfund::cli
