// The `fees` commands: schedules, billing runs, payment import, arrears and the collection rate
// (src/fees/). Every write is one transaction with its action-log row.
#pragma once

#include "context.h"

namespace trustfund::cli {

int cmd_fees_schedule_add(const Context& ctx);
int cmd_fees_schedule_list(const Context& ctx);
int cmd_fees_start(const Context& ctx);
int cmd_fees_bill(const Context& ctx);
int cmd_fees_import_payments(const Context& ctx);
int cmd_fees_arrears(const Context& ctx);
int cmd_fees_collection(const Context& ctx);
int cmd_fees_remuneration_terms(const Context& ctx);
int cmd_fees_remuneration_accrue(const Context& ctx);
int cmd_fees_remuneration_list(const Context& ctx);
int cmd_fees_revenue_record(const Context& ctx);
int cmd_fees_revenue_cost(const Context& ctx);
int cmd_fees_revenue_summary(const Context& ctx);
int cmd_fees_revenue_transfer(const Context& ctx);

}  // namespace trustfund::cli
