// Fee payments, one or many; see payments.h.
//
// One code path for both: record_payment is an import of one row. An import checks every row
// first (shape, then against the books and the rows before it), computes every settlement in
// memory in input order, then writes: one journal entry per received date and chunk, then the
// payment rows (each with its receipt's number and SHA-256) and the settlement rows, many rows
// to a statement (row_batch.h), and last the settled_on of the bills the payments completed.
#include "trustfund/fees/payments.h"
#include "trustfund/fees/settlement.h"

#include <array>
#include <map>
#include <unordered_map>

#include "trustfund/core/utf8.h"
#include "trustfund/crypto/jcs.h"
#include "trustfund/fees/receipts.h"
#include "trustfund/fees/row_batch.h"
#include "trustfund/ledger/audited_write.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
namespace trustfund::fees {

namespace accounts = ledger::accounts;
namespace {

constexpr std::array<const char*, 5> kChannels = {"bank_transfer", "wechat_pay", "alipay", "cash",
                                                  "other"};

// Shape of one row, without the books.
void check_shape(const PaymentInput& p) {
  if (!p.amount.is_positive()) {
    throw Error::invalid("payment-amount", "amount",
                         "a payment must be more than 0 yuan, not " + p.amount.to_string());
  }
  if (p.reference.empty() || p.reference.size() > kMaxReferenceBytes ||
      !utf8::is_clean(p.reference)) {
    throw Error::invalid("payment-reference", "reference",
                         "the channel's reference must be 1-100 bytes of text");
  }
  if (p.memo.size() > kMaxPaymentMemoBytes || !utf8::is_clean(p.memo)) {
    throw Error::invalid("payment-memo", "memo",
                         "a payment memo must be at most 200 bytes of text on one line");
  }
}

Error reference_reused(const PaymentInput& p, const std::string& earlier) {
  return Error::conflict("payment-reference-reused", "reference",
                         std::string(to_string(p.channel)) + " reference \"" + p.reference +
                             "\" was already recorded for " + earlier +
                             "; the same reference is one payment");
}

// The payment recorded with the row's channel and reference, if any, as a replayed result.
// Throws reference_reused when it is not the same payment.
std::optional<PaymentResult> earlier_payment(store::Database& db, const PaymentInput& p) {
  store::Statement& st = db.cached(
      "SELECT payment_id, unit_code, amount_fen, received_on, prepaid_fen, entry_seq, receipt_no"
      " FROM fee_payment WHERE channel = ?1 AND reference = ?2");
  st.bind_static(1, to_string(p.channel)).bind_static(2, p.reference);
  if (!st.step()) {
    st.reset();
    return std::nullopt;
  }
  const bool same = st.text_view(1) == p.unit_code && st.int64(2) == p.amount.fen() &&
                    st.text_view(3) == p.received_on.to_string();
  if (!same) {
    std::string earlier = "unit ";
    earlier.append(st.text_view(1)).append(", ");
    earlier.append(money::Amount::from_fen(st.int64(2)).to_string()).append(" on ");
    earlier.append(st.text_view(3));
    st.reset();
    throw reference_reused(p, earlier);
  }
  PaymentResult r;
  r.payment_id = st.int64(0);
  r.prepayment = money::Amount::from_fen(st.int64(4));
  r.entry_seq = st.int64(5);
  r.receipt_no = st.int64(6);
  r.replayed = true;
  st.reset();
  r.settled = payment_settlements(db, r.payment_id);
  return r;
}

// A row's channel and reference (pointing into the row), to find repeats within an import.
struct Identity {
  PaymentChannel channel;
  std::string_view reference;
  bool operator==(const Identity&) const = default;
};
struct IdentityHash {
  std::size_t operator()(const Identity& k) const noexcept {
    return std::hash<std::string_view>{}(k.reference) * 31 + static_cast<std::size_t>(k.channel);
  }
};

// The estate's units, and the open bills of those an import pays (read once, when first paid).
struct UnitBills {
  bool loaded = false;
  std::vector<OpenBill> open;
};
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};
using Units = std::unordered_map<std::string, UnitBills, TextHash, std::equal_to<>>;

Units unit_codes(store::Database& db) {
  store::Statement& st = db.cached("SELECT code FROM unit");
  Units out;
  while (st.step())
    out.try_emplace(st.text(0));
  st.reset();
  return out;
}

std::string entry_memo(const std::vector<PaymentInput>& rows, const std::vector<std::size_t>& chunk,
                       std::size_t begin, std::size_t end) {
  std::string memo;
  if (end - begin == 1) {
    const PaymentInput& p = rows[chunk[begin]];
    memo.append("Fee payment, ").append(to_string(p.channel)).append(" ").append(p.reference);
    memo.append(", unit ").append(p.unit_code);
    return memo;
  }
  memo.append("Fee payments received ").append(rows[chunk[begin]].received_on.to_string());
  memo.append(", ").append(std::to_string(end - begin)).append(" payments");
  return memo;
}

}  // namespace

const char* to_string(PaymentChannel channel) noexcept {
  return kChannels[static_cast<std::size_t>(channel)];
}

PaymentChannel parse_payment_channel(std::string_view text) {
  for (std::size_t i = 0; i < kChannels.size(); ++i) {
    if (text == kChannels[i])
      return static_cast<PaymentChannel>(i);
  }
  throw Error::invalid("payment-channel", "channel",
                       "channel must be bank_transfer, wechat_pay, alipay, cash or other");
}

namespace {

// The action row of a payment write: one payment ("record_payment") or an import.
struct PaymentAction {
  std::string action, target, detail;
};

// How the rows are checked against the payments recorded before.
enum class Lookup {
  // Each row's channel and reference is looked up first (a repeat is a replay or a conflict).
  each_row,
  // Nothing is looked up: the rows are taken to be new, and the UNIQUE (reference, channel)
  // index checks it as they go in. nullopt (nothing written) when that or any other check fails.
  none,
};

std::optional<PaymentImportResult> import_rows(ledger::Books& books,
                                               const std::vector<PaymentInput>& rows,
                                               const ledger::Actor& actor,
                                               const PaymentAction& logged, Lookup lookup) {
  store::Database& db = books.database();
  PaymentImportResult result;
  result.payments.resize(rows.size());

  // One transaction from the checks to the last row: no other writer can record a reference
  // between its check and its write, and the checks' look-ups (one per row) run in it rather
  // than each in a read transaction of its own (a lock and an unlock of the WAL index, two
  // system calls, per look-up). When nothing is written it is rolled back, which changes nothing.
  ledger::AuditedWrite write(books, actor);

  // 1. Check every row; collect every error.
  Units units = unit_codes(db);
  std::unordered_map<Identity, std::size_t, IdentityHash> first_row;  // -> first row with it
  first_row.reserve(rows.size());
  std::vector<std::optional<std::size_t>> replay_of(rows.size());
  std::vector<UnitBills*> unit_of(rows.size(), nullptr);  // set for the new payments
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const PaymentInput& p = rows[i];
    try {
      check_shape(p);
      const Identity key{p.channel, p.reference};
      if (const auto it = first_row.find(key); it != first_row.end()) {
        const PaymentInput& q = rows[it->second];
        if (q.unit_code != p.unit_code || q.amount != p.amount || q.received_on != p.received_on) {
          throw reference_reused(p, "row " + std::to_string(it->second));
        }
        replay_of[i] = it->second;
        continue;
      }
      if (lookup == Lookup::each_row) {
        if (std::optional<PaymentResult> earlier = earlier_payment(db, p)) {
          result.payments[i] = std::move(*earlier);
          continue;
        }
      }
      first_row.emplace(key, i);
      const auto unit = units.find(std::string_view(p.unit_code));
      if (unit == units.end()) {
        throw Error::not_found("unit-unknown", "unit", "no unit " + p.unit_code);
      }
      if (books.is_closed(Period::of(p.received_on))) {
        throw Error::rule("period-closed", "received_on",
                          "period " + Period::of(p.received_on).to_string() +
                              " is closed; record the payment in an open period");
      }
      unit_of[i] = &unit->second;
    } catch (const Error& e) {
      result.errors.push_back({i, e.kind(), e.type(), e.field(), e.what()});
    }
  }
  if (!result.errors.empty()) {
    if (lookup == Lookup::none)
      return std::nullopt;  // reported as the look-ups would find them, in their order
    result.payments.clear();
    return result;
  }

  // 2. Settle in input order, oldest open bill first, per unit.
  std::map<Date, std::vector<std::size_t>> by_date;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    UnitBills* unit = unit_of[i];
    if (unit == nullptr)
      continue;
    const PaymentInput& p = rows[i];
    if (!unit->loaded) {
      unit->open = load_open_bills(db, p.unit_code);
      unit->loaded = true;
    }
    PaymentResult& r = result.payments[i];
    r.prepayment = p.amount - settle_oldest_first(unit->open, p.amount, p.received_on, r.settled);
    by_date[p.received_on].push_back(i);
  }

  if (by_date.empty())
    return result;  // every row was recorded before: nothing to write

  // 3. Write: entries per date and chunk, then the rows in input order.
  {
    ledger::Books::Writer writer(books, ledger::Books::Writer::Nesting::join);
    for (const auto& [date, chunk] : by_date) {
      for (std::size_t begin = 0; begin < chunk.size(); begin += kPaymentsPerEntry) {
        const std::size_t end = std::min(chunk.size(), begin + kPaymentsPerEntry);
        struct UnitPart {
          money::Amount settled, prepaid;
        };
        std::vector<std::string> order;  // units in first-seen order
        std::unordered_map<std::string, UnitPart> parts;
        money::Amount received;
        for (std::size_t k = begin; k < end; ++k) {
          const PaymentInput& p = rows[chunk[k]];
          const PaymentResult& r = result.payments[chunk[k]];
          auto [it, added] = parts.try_emplace(p.unit_code);
          if (added)
            order.push_back(p.unit_code);
          it->second.settled += p.amount - r.prepayment;
          it->second.prepaid += r.prepayment;
          received += p.amount;
        }
        ledger::EntryInput entry;
        entry.date = date;
        entry.kind = "payment";
        entry.memo = entry_memo(rows, chunk, begin, end);
        entry.postings.reserve(1 + 2 * order.size());
        entry.postings.push_back({accounts::kOperatingBank, received});
        for (const std::string& unit : order) {
          const UnitPart& part = parts.at(unit);
          if (part.settled.is_positive())
            entry.postings.push_back(
                {ledger::unit_account_code(accounts::kFeesReceivable, unit), -part.settled});
          if (part.prepaid.is_positive())
            entry.postings.push_back(
                {ledger::unit_account_code(accounts::kFeePrepayments, unit), -part.prepaid});
        }
        const std::int64_t seq = writer.add(entry, actor.name()).seq;
        result.entries.push_back(seq);
        for (std::size_t k = begin; k < end; ++k)
          result.payments[chunk[k]].entry_seq = seq;
      }
    }
    writer.commit();
  }

  // The payments (the receipt number is the payment's id), then their settlements.
  RowBatch payments(db,
                    "INSERT OR FAIL INTO fee_payment (payment_id, unit_code, amount_fen, channel,"
                    " reference, received_on, memo, prepaid_fen, entry_seq, recorded_at,"
                    " recorded_by, receipt_no, receipt_sha256, previous_id)",
                    14, RowBatch::kRowsPerStatement);
  const std::string recorded_at = utc_timestamp_now();
  std::map<Date, std::string> day_text;
  for (const auto& [date, chunk] : by_date)
    day_text.emplace(date, date.to_string());
  std::int64_t next_no = next_receipt_no(db);
  Receipt receipt;
  receipt.estate_id = books.estate_id();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (unit_of[i] == nullptr)
      continue;
    const PaymentInput& p = rows[i];
    PaymentResult& r = result.payments[i];
    r.payment_id = r.receipt_no = next_no++;
    receipt.no = r.receipt_no;
    receipt.payment_id = r.payment_id;
    receipt.unit_code = p.unit_code;
    receipt.amount = p.amount;
    receipt.channel = p.channel;
    receipt.reference = p.reference;
    receipt.received_on = p.received_on;
    receipt.memo = p.memo;
    receipt.settled = r.settled;
    receipt.prepayment = r.prepayment;
    receipt.entry_seq = r.entry_seq;
    const crypto::Digest seal = seal_receipt(receipt);
    payments.value(r.payment_id)
        .value(p.unit_code)
        .value(p.amount.fen())
        .value(to_string(p.channel))
        .value(p.reference)
        .value(day_text.at(p.received_on))
        .value(p.memo)
        .value(r.prepayment.fen())
        .value(r.entry_seq)
        .value(recorded_at)
        .value(actor.name())
        .value(r.receipt_no)
        .blob(seal)
        .value(r.payment_id == 1 ? std::nullopt : std::optional(r.payment_id - 1))  // previous_id
        .end_row();
  }
  payments.flush();
  SettlementWriter settlements(db);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (unit_of[i] == nullptr)
      continue;
    const PaymentResult& r = result.payments[i];
    for (const BillSettlement& s : r.settled)
      settlements.add(s, rows[i].received_on, r.payment_id, r.entry_seq);
  }
  settlements.finish();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (replay_of[i]) {  // now with the ids of the row it repeats
      result.payments[i] = result.payments[*replay_of[i]];
      result.payments[i].replayed = true;
    }
  }
  write.commit(logged.action, logged.target, logged.detail);
  return result;
}

PaymentImportResult record_rows(ledger::Books& books, const std::vector<PaymentInput>& rows,
                                const ledger::Actor& actor, const PaymentAction& logged) {
  if (rows.size() > kMaxPaymentsPerImport) {
    throw Error::invalid("import-too-large", "payments",
                         "an import holds at most 1000000 payments; split the file");
  }
  books.refresh();
  // Most imports are new payments only. Looking each row up first costs a look-up per row (a
  // tenth of the time of a 100,000-row import); so an import is first written without them, the
  // UNIQUE index on (reference, channel) refusing any row recorded before, and only if that or
  // any other check fails (nothing of that attempt stays) is it done again with the look-ups,
  // which replay or refuse such rows and report errors as they always have. A few rows are
  // looked up first, so that a file sent again (all of it recorded before) goes the second way
  // at once.
  bool repeats = false;
  const std::size_t step = std::max<std::size_t>(1, rows.size() / 64);
  for (std::size_t i = 0; i < rows.size() && !repeats; i += step) {
    store::Statement& st =
        books.database().cached("SELECT 1 FROM fee_payment WHERE reference = ?1 AND channel = ?2");
    st.bind_static(1, rows[i].reference).bind_static(2, to_string(rows[i].channel));
    repeats = st.step();
    st.reset();
  }
  if (!repeats) {
    try {
      if (std::optional<PaymentImportResult> r =
              import_rows(books, rows, actor, logged, Lookup::none))
        return std::move(*r);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::integrity || e.type() != "constraint")
        throw;  // not a row recorded before (the UNIQUE index): nothing to try again
    }
  }
  return *import_rows(books, rows, actor, logged, Lookup::each_row);
}

}  // namespace

PaymentImportResult record_payments(ledger::Books& books, const std::vector<PaymentInput>& rows,
                                    const ledger::Actor& actor) {
  return record_rows(books, rows, actor,
                     {"import_payments", "estate:" + books.estate_id(),
                      std::to_string(rows.size()) + " payments"});
}

PaymentResult record_payment(ledger::Books& books, const PaymentInput& payment,
                             const ledger::Actor& actor) {
  PaymentImportResult r =
      record_rows(books, {payment}, actor,
                  {"record_payment", "unit:" + payment.unit_code,
                   std::string(to_string(payment.channel)) + " " + payment.reference});
  if (!r.ok()) {
    const PaymentRowError& e = r.errors.front();
    throw Error(e.kind, e.type, e.field, e.message);
  }
  return std::move(r.payments.front());
}

}  // namespace trustfund::fees
