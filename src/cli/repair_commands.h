// The repair fund commands (src/repairfund/): the fund's settings, unit sub-accounts (deposits,
// interest, the top-up list, the reconciliation), owners' votes, and repair projects from
// proposal to close. Payments of a project are escrow orders that the custodians sign with the
// order commands (escrow_commands.h); these commands only prepare them.
#pragma once

#include "context.h"

namespace trustfund::cli {

int cmd_repair_settings_show(const Context& ctx);
int cmd_repair_settings_set(const Context& ctx);
int cmd_repair_deposit(const Context& ctx);
int cmd_repair_interest(const Context& ctx);
int cmd_repair_accounts(const Context& ctx);
int cmd_repair_reconcile(const Context& ctx);

int cmd_vote_open(const Context& ctx);
int cmd_vote_ballot(const Context& ctx);
int cmd_vote_close(const Context& ctx);
int cmd_vote_show(const Context& ctx);

int cmd_repair_propose(const Context& ctx);
int cmd_repair_vote(const Context& ctx);
int cmd_repair_decide(const Context& ctx);
int cmd_repair_emergency(const Context& ctx);
int cmd_repair_contract(const Context& ctx);
int cmd_repair_start(const Context& ctx);
int cmd_repair_pay(const Context& ctx);
int cmd_repair_accept(const Context& ctx);
int cmd_repair_overrun(const Context& ctx);
int cmd_repair_settle(const Context& ctx);
int cmd_repair_close(const Context& ctx);
int cmd_repair_list(const Context& ctx);
int cmd_repair_show(const Context& ctx);
int cmd_repair_split(const Context& ctx);

}  // namespace trustfund::cli
