// The ledger's own writes as users make them: a new estate, units, entries, reversals and period
// closes, each with its action-log row (audited_write.h).
//
// These are what the HTTP API and the CLI call; Books (books.h) has the unaudited primitives they
// are built on, for the domain modules to compose inside their own AuditedWrite. Each function is
// all or nothing, and logs one row naming the actor (action, target, detail):
//   create_estate   create_estate   estate:<id>
//   add_unit        add_unit        unit:<code>        "<kind> <area> m2"
//   import_units    import_units    estate:<id>        "<n> units"
//   post_entry      post_entry      entry:<seq>        the entry's kind (no row for a replay)
//   reverse_entry   reverse_entry   entry:<seq>        "reverses <seq>"
//   close_period    close_period    period:<YYYY-MM>
// (Importing entries from a file is in import.h.)
//
// Thread-safety: as Books, one thread at a time.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "trustfund/ledger/actor.h"
#include "trustfund/ledger/books.h"
#include "trustfund/store/data_dir.h"

namespace trustfund::ledger {

// Creates the estate's file in `dir` and its books (Books::create). Errors as
// store::DataDir::create_estate.
Books create_estate(store::DataDir& dir, const std::string& estate_id, const std::string& name,
                    const Actor& actor);

// Adds one unit and its sub-accounts (Books::add_unit, whose errors it throws).
void add_unit(Books& books, const UnitInput& unit, const Actor& actor);
// Adds every unit of a file, or none (the first bad or existing unit throws, as add_unit).
void import_units(Books& books, const std::vector<UnitInput>& units, const Actor& actor);

// Posts one entry (Books::post). An idempotent replay returns the earlier entry and writes
// nothing.
RecordedEntry post_entry(Books& books, const EntryInput& entry, const Actor& actor);

// Posts the exact reverse of entry `seq` (same accounts, opposite amounts) dated `date`, with
// `memo` ("reversal of entry <seq>" when empty). Errors as Books::entry and Books::post.
RecordedEntry reverse_entry(Books& books, std::int64_t seq, Date date, std::string memo,
                            const Actor& actor);

// Closes `period` (Books::close_period).
void close_period(Books& books, Period period, const Actor& actor);

// The action row of a posted entry, as post_entry writes it; for the commit queue, which posts
// entries of many actors in one transaction.
ActionRecord posted_entry_record(const Actor& actor, const RecordedEntry& entry);

}  // namespace trustfund::ledger
