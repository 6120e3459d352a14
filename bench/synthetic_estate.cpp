#include "synthetic_estate.h"

#include <algorithm>
#include <cassert>
#include <cstdio>

#include "trustfund/crypto/jcs.h"
#include "trustfund/ledger/chart.h"

namespace trustfund::bench {
namespace {

using ledger::EntryInput;
using ledger::PostingInput;
using money::Amount;

// Flat areas in hundredths of m² (the four flats of a floor).
constexpr std::int64_t kFlatAreas[] = {8937, 12088, 14360, 6852};
constexpr std::int64_t kFeeFenPerM2 = 235;  // 2.35 yuan per m² and month
constexpr std::size_t kCostHeads = 9;       // OP.6601.01-09
constexpr std::size_t kRevenueSources = 7;  // PR.6051.01-07

std::string sub_code(const char* parent, std::size_t index) {
  char code[24];
  std::snprintf(code, sizeof code, "%s.%02zu", parent, index + 1);
  return code;
}

}  // namespace

std::vector<ledger::UnitInput> synthetic_units(std::size_t count) {
  std::vector<ledger::UnitInput> units;
  units.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t building = i / 200 + 1, entrance = (i / 100) % 2 + 1;
    const std::size_t floor = (i / 4) % 25 + 1, flat = i % 4 + 1;
    char code[32];
    std::snprintf(code, sizeof code, "%zu-%zu-%02zu%02zu", building, entrance, floor, flat);
    const auto area = static_cast<std::int64_t>(kFlatAreas[flat - 1]) +
                      static_cast<std::int64_t>(building * 7 % 50);
    units.push_back(
        {code, "residential", money::Area::from_hundredths_m2(area), "owner-" + std::to_string(i)});
  }
  return units;
}

void add_units(ledger::Books& books, const std::vector<ledger::UnitInput>& units) {
  for (const auto& unit : units)
    books.add_unit(unit);
}

EntryStream::EntryStream(const std::vector<ledger::UnitInput>& units, StreamShape shape)
    : shape_(shape), rng_(shape.seed) {
  assert(!units.empty());
  assert(shape.months >= 1 && shape.months <= 1200);
  assert(shape.postings >= 2);
  units_.reserve(units.size());
  for (const auto& u : units) {
    units_.push_back({u.code, ledger::unit_account_code("OP.1122", u.code),
                      ledger::unit_account_code("OP.2203", u.code),
                      ledger::unit_account_code("RF.3001", u.code),
                      (u.area.hundredths_m2() * kFeeFenPerM2 + 50) / 100});
  }
  first_day_ = shape.first.first_day();
  Period last = shape.first;
  for (int m = 1; m < shape.months; ++m)
    last = last.next();
  last_day_ = last.last_day();
  days_ = last_day_.days_since_epoch() - first_day_.days_since_epoch() + 1;
}

EntryInput EntryStream::next() {
  assert(!done());
  const std::int64_t remaining = shape_.postings - postings_;
  // Dates advance with the postings written, so the stream covers every month evenly.
  const Date date = first_day_.plus_days(postings_ * days_ / shape_.postings);
  const auto roll = rng_() % 100;
  Shape shape = Shape::fee_bill;
  std::int64_t n = 2;
  if (roll < 45) {
    shape = Shape::fee_bill;
  } else if (roll < 85) {
    shape = Shape::payment;
  } else if (roll < 90) {
    shape = Shape::prepayment;
  } else if (roll < 95) {
    shape = Shape::expense;
    n = 3 + static_cast<std::int64_t>(rng_() % 8);  // 3-10
  } else if (roll < 97) {
    shape = Shape::public_revenue;
    n = 3 + static_cast<std::int64_t>(rng_() % 6);  // 3-8
  } else if (roll < 99) {
    shape = Shape::transfer;
    n = 4 + static_cast<std::int64_t>(rng_() % 7);  // 4-10
  } else {
    shape = Shape::interest;
    n = 3 + static_cast<std::int64_t>(rng_() % 8);  // 3-10
  }
  // End on exactly the requested number of postings: never leave a single posting over.
  const std::int64_t left = remaining - n;
  if (remaining <= 10 && (left < 0 || left == 1)) {
    shape = remaining == 2 ? Shape::payment : Shape::expense;
    n = remaining;
  } else if (left == 1) {
    shape = Shape::expense;
    n = 3;
  }
  EntryInput entry = make(shape, static_cast<std::size_t>(n), date);
  assert(static_cast<std::int64_t>(entry.postings.size()) == n);
  postings_ += n;
  ++entries_;
  return entry;
}

EntryInput EntryStream::make(Shape shape, std::size_t n, Date date) {
  EntryInput e;
  e.date = date;
  const std::string ym = Period::of(date).to_string();
  const std::string serial = std::to_string(entries_);
  auto& p = e.postings;
  switch (shape) {
    case Shape::fee_bill: {
      const Unit& u = random_unit();
      e.kind = "fee_bill";
      e.memo = "Property fee " + ym + ", unit " + u.code;
      e.idempotency_key = "bill-" + ym + "-" + u.code + "-" + serial;
      p = {{u.receivable, Amount::from_fen(u.fee_fen)}, {"OP.6001", Amount::from_fen(-u.fee_fen)}};
      break;
    }
    case Shape::payment: {
      const Unit& u = random_unit();
      const auto channel = rng_() % 10, term = rng_() % 100;
      const std::int64_t months = term < 80 ? 1 : term < 95 ? 3 : 12;
      const std::int64_t amount_fen = u.fee_fen * months;
      e.kind = "payment";
      e.memo = (channel < 6   ? "WeChat Pay"
                : channel < 9 ? "Alipay"
                              : "Bank transfer") +
               std::string(", unit ") + u.code + ", " + std::to_string(months) + " month(s)";
      e.idempotency_key = (channel < 6 ? "wx-42000" : channel < 9 ? "ali-2026" : "bank-") + serial;
      p = {{"OP.1002", Amount::from_fen(amount_fen)},
           {u.receivable, Amount::from_fen(-amount_fen)}};
      break;
    }
    case Shape::prepayment: {
      const Unit& u = random_unit();
      e.kind = "prepayment";
      e.memo = "Prepayment applied to the " + ym + " fee, unit " + u.code;
      p = {{u.prepayment, Amount::from_fen(u.fee_fen)},
           {u.receivable, Amount::from_fen(-u.fee_fen)}};
      break;
    }
    case Shape::expense: {
      e.kind = "expense";
      e.memo = "Service costs " + ym + " over " + std::to_string(n - 1) + " cost heads";
      std::int64_t total_fen = 0;
      for (const std::size_t head : pick(n - 1, kCostHeads)) {
        const std::int64_t fen = random_fen(10'000, 140'000);
        total_fen += fen;
        p.push_back({sub_code("OP.6601", head), Amount::from_fen(fen)});
      }
      p.push_back({rng_() % 4 == 0 ? "OP.2202" : "OP.1002", Amount::from_fen(-total_fen)});
      break;
    }
    case Shape::public_revenue: {
      e.kind = "public_revenue";
      e.memo = "Public revenue " + ym + ": parking, advertising, telecom sites";
      std::int64_t total_fen = 0;
      p.push_back({"PR.1002", Amount()});
      for (const std::size_t source : pick(n - 1, kRevenueSources)) {
        const std::int64_t fen = random_fen(10'000, 2'000'000);
        total_fen += fen;
        p.push_back({sub_code("PR.6051", source), Amount::from_fen(-fen)});
      }
      p.front().amount = Amount::from_fen(total_fen);
      break;
    }
    case Shape::transfer: {
      // Public revenue moved to the repair fund: it balances in PR and in RF separately.
      e.kind = "transfer";
      e.memo = "Half of the public revenue to the repair fund, " + ym;
      p = {{"PR.3201", Amount()}, {"PR.1002", Amount()}, {"RF.1002", Amount()}};
      const std::int64_t total_fen = credit_units(p, n - 3, 10'000, 500'000);
      p[0].amount = Amount::from_fen(total_fen);
      p[1].amount = Amount::from_fen(-total_fen);
      p[2].amount = Amount::from_fen(total_fen);
      break;
    }
    case Shape::interest: {
      e.kind = "interest";
      e.memo = "Repair fund interest allocated to units, " + ym;
      p = {{"RF.1002", Amount()}};
      p[0].amount = Amount::from_fen(credit_units(p, n - 1, 100, 5'000));
      break;
    }
  }
  return e;
}

std::int64_t EntryStream::random_fen(std::int64_t low_fen, std::int64_t high_fen) {
  assert(low_fen > 0 && high_fen >= low_fen);
  return low_fen +
         static_cast<std::int64_t>(rng_() % static_cast<std::uint64_t>(high_fen - low_fen + 1));
}

const EntryStream::Unit& EntryStream::random_unit() {
  return units_[rng_() % units_.size()];
}

std::vector<std::size_t> EntryStream::pick(std::size_t count, std::size_t n) {
  assert(count <= n && count <= 10);
  std::vector<std::size_t> chosen;
  chosen.reserve(count);
  // Rejection sampling: count is at most 10, so this ends after a handful of draws.
  for (int draws = 0; chosen.size() < count && draws < 100'000; ++draws) {
    const std::size_t i = rng_() % n;
    if (std::find(chosen.begin(), chosen.end(), i) == chosen.end())
      chosen.push_back(i);
  }
  assert(chosen.size() == count);
  return chosen;
}

std::int64_t EntryStream::credit_units(std::vector<PostingInput>& postings, std::size_t count,
                                       std::int64_t low_fen, std::int64_t high_fen) {
  std::int64_t total_fen = 0;
  for (const std::size_t u : pick(count, units_.size())) {
    const std::int64_t fen = random_fen(low_fen, high_fen);
    total_fen += fen;
    postings.push_back({units_[u].repair, Amount::from_fen(-fen)});
  }
  return total_fen;
}

std::string entry_json_line(const EntryInput& entry) {
  // The canonical request is the entry's JSON form without the idempotency key.
  std::string line = ledger::canonical_request(entry);
  if (!entry.idempotency_key.empty()) {
    line.pop_back();
    line += ",\"idempotency_key\":";
    crypto::append_json_string(line, entry.idempotency_key);
    line += '}';
  }
  return line;
}

}  // namespace trustfund::bench
