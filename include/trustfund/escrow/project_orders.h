// Orders of repair projects. A payment for repair works (Dr RF.1701, or a retention release Dr
// RF.2241) is checked against its project's contract before its order exists, so such orders are
// made only through the repair fund module (repairfund/project.h), which calls this; the generic
// create_order refuses them.
#pragma once

#include "trustfund/escrow/order.h"

namespace trustfund::escrow {

// create_order then submit_order for a repair project's staged payment (`input.repair_project`
// names the project), with their checks and order events. Writes into the caller's audited write,
// which must be open and logs the request itself: no action row of its own.
Order create_project_order(ledger::Books& books, const OrderInput& input,
                           const ledger::Actor& actor);

}  // namespace trustfund::escrow
