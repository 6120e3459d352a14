// The statement commands: close a month, build a view (quarter, half, year), sign and publish its statement, export it, resident
// proofs and budgets (src/statements/). `trustfund verify` (verify_command.h) needs no data.
#pragma once

#include "context.h"

namespace trustfund::cli {

int cmd_close(const Context& ctx);
int cmd_statement_view(const Context& ctx);
int cmd_statement_list(const Context& ctx);
int cmd_statement_show(const Context& ctx);
int cmd_statement_manifest(const Context& ctx);
int cmd_statement_attach(const Context& ctx);
int cmd_statement_export(const Context& ctx);
int cmd_statement_proof(const Context& ctx);
int cmd_statement_budget(const Context& ctx);

}  // namespace trustfund::cli
