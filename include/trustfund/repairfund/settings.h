// The estate's repair fund settings: configuration with an effective date (domain.md), kept as
// history. Without any, the defaults below apply.
//
// set_settings is an audited write (ledger/audited_write.h), logged as "set_repair_settings"
// (target repair-settings:<date>).
//
// Thread-safety: like Books, one thread at a time.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "trustfund/ledger/actor.h"
#include "trustfund/ledger/books.h"
#include "trustfund/money/amount.h"
#include "trustfund/money/rate.h"

namespace trustfund::repairfund {

struct RepairSettings {
  Date effective_from = Date::from_ymd(2000, 1, 1);
  std::string jurisdiction = "CN";          // picks the vote rule set (vote_rules.h)
  std::string developer_ref = "developer";  // owner_ref of the developer's unsold units
  money::Rate top_up_share = money::Rate::from_millionths(300'000);  // of the first deposit
  int min_quotes = 3;                                                // per project (not emergency)
  money::Rate advance_cap = money::Rate::from_millionths(300'000);   // of the contract price
  money::Rate retention = money::Rate::from_millionths(30'000);      // of the final cost
  // A final cost above the approved budget by more than both of these needs a new approval.
  money::Rate overrun_share = money::Rate::from_millionths(100'000);
  money::Amount overrun_min = money::Amount::from_fen(1'000'000);  // 10,000.00
  int warranty_months = 24;
  std::string set_at, set_by;  // empty for the defaults
};

RepairSettings settings_on(ledger::Books& books, Date day);
// Adds settings from effective_from (today or later). Error::invalid naming the field for
// out-of-range values, Error::conflict("settings-exist") for the same date twice.
RepairSettings set_settings(ledger::Books& books, const RepairSettings& settings,
                            const ledger::Actor& actor);

}  // namespace trustfund::repairfund
