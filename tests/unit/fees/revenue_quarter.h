// A quarter of public revenue for the tests of its figures (fees) and of its transfer to the
// repair fund (repairfund): parking 18,000.00 and advertising 12,000.00 received, a parking
// attendant's 1,800.00 paid: net 28,200.00.
#pragma once

#include <string>

#include "support/actors.h"
#include "trustfund/fees/public_revenue.h"
#include "unit/fees/fees_fixture.h"

namespace trustfund::testing {

inline const std::string kVoucherHash(64, 'a');

struct Quarter {
  TempEstate estate{"fees-public-revenue"};
  ledger::Books books = estate.open();
  Quarter() {
    fees::record_public_revenue(books,
                                {fees::RevenueClass::parking, yuan("18000.00"),
                                 Date::parse("2026-01-06"), "Parking fees January"},
                                "user:treasurer"_actor);
    fees::record_public_revenue(books,
                                {fees::RevenueClass::advertising, yuan("12000.00"),
                                 Date::parse("2026-02-08"), "Lift advertising, quarter"},
                                "user:treasurer"_actor);
    fees::record_public_revenue_cost(books,
                                     {yuan("1800.00"), Date::parse("2026-01-07"),
                                      "Parking attendant", "INV-2026-001", kVoucherHash, ""},
                                     "user:treasurer"_actor);
  }
};

}  // namespace trustfund::testing
