// The estate-side escrow commands: the custodian set, the payment policy and bank accounts, and
// disbursement orders (src/escrow/). A custodian's own commands (keygen, sign, cosign, verify) run
// without a data directory and are in custodian_commands.h.
#pragma once

#include "context.h"

namespace trustfund::cli {

int cmd_custodian_register(const Context& ctx);
int cmd_custodian_list(const Context& ctx);
int cmd_custodian_change_document(const Context& ctx);
int cmd_custodian_change(const Context& ctx);
int cmd_escrow_policy_show(const Context& ctx);
int cmd_escrow_policy_set(const Context& ctx);
int cmd_escrow_bank_account_set(const Context& ctx);
int cmd_order_create(const Context& ctx);
int cmd_order_amend(const Context& ctx);
int cmd_order_submit(const Context& ctx);
int cmd_order_document(const Context& ctx);
int cmd_order_attach(const Context& ctx);
int cmd_order_signature(const Context& ctx);
int cmd_order_reject(const Context& ctx);
int cmd_order_cancel(const Context& ctx);
int cmd_order_execute(const Context& ctx);
int cmd_order_list(const Context& ctx);
int cmd_order_show(const Context& ctx);

}  // namespace trustfund::cli
