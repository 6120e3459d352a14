// One run of the demo (trustfund/demo/demo.h): the estate's units as the demo follows them and
// what its steps share. demo.cpp builds the estate (units, opening balances, fee schedule) and
// closes and publishes its months; demo_month.cpp books one month (fees, spending, remuneration,
// public revenue, the repair fund's quarter, outflows and repair projects).
//
// The steps draw from one random sequence in a fixed order, so the same options give the same
// books: a step that draws must keep its place among the others.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "demo_escrow.h"
#include "demo_repairs.h"
#include "trustfund/core/date.h"
#include "trustfund/ledger/actor.h"
#include "trustfund/ledger/books.h"
#include "trustfund/money/amount.h"
#include "trustfund/money/area.h"
#include "trustfund/money/rate.h"

namespace trustfund::demo {

enum class Payer { monthly, quarterly, yearly_ahead, late };

// A unit as the demo follows it, to decide who pays what and when.
struct DemoUnit {
  std::string code;
  money::Area area;
  Payer payer = Payer::monthly;
  money::Amount fee;      // monthly fee
  money::Amount owed;     // open bills
  money::Amount prepaid;  // prepayment balance
  money::Amount repair;   // repair-fund sub-account balance
};

// An entry has at most ledger::kMaxPostings postings, so one that touches every unit's
// sub-account is split into entries of this many units (one entry up to 5,000 units).
inline constexpr std::size_t kUnitsPerEntry = 5'000;

money::Amount yuan(std::int64_t y);
ledger::EntryInput make_entry(Date date, const char* kind, std::string memo,
                              std::vector<ledger::PostingInput> postings);

struct DemoRun {
  DemoRun(ledger::Books& books_, const ledger::Actor& actor_, DemoEscrow& custodians_)
      : books(books_), actor(actor_), custodians(custodians_), repairs(actor_, custodians_) {}

  // A draw from 0 to n - 1.
  int roll(int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); }
  // Adds `entry` to `writer`'s batch, counting it.
  void add(ledger::Books::Writer& writer, const ledger::EntryInput& entry);

  ledger::Books& books;
  const ledger::Actor& actor;
  DemoEscrow& custodians;
  DemoRepairs repairs;
  std::mt19937_64 rng{20261022};
  const money::Rate fee_rate = money::Rate::parse("2.35");  // yuan per m² a month
  std::vector<DemoUnit> units;
  Period first;              // the demo's first month
  std::int64_t months = 0;   // how many, the last one 2026-10
  std::int64_t entries = 0;  // journal entries posted
  money::Amount billed, collected;
  money::Amount public_revenue_net;  // of the quarter so far, half of it moved at its end
};

// Books month number `index` (0 for the first) of the run: its billing run, payments, spending,
// remuneration, public revenue, at a quarter's end the repair fund's share and interest, the
// outflows paid by signed orders, and the repair projects' steps of the month.
void book_month(DemoRun& run, Period month, std::int64_t index);

}  // namespace trustfund::demo
