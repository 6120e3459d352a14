// Fee payments, one or many; see payments.h.
//
// One code path for both: record_payment is an import of one row. An import checks every row
// first (shape, then against the books and the rows before it), computes every settlement in
// memory in input order, then writes: one journal entry per received date and chunk, and the
// payment, settlement and receipt rows, with cached statements only.
#include "trustfund/fees/payments.h"
#include "trustfund/fees/settlement.h"

#include <array>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "trustfund/crypto/jcs.h"
#include "trustfund/fees/fee_write.h"
#include "trustfund/fees/receipts.h"

namespace trustfund::fees {
namespace {

constexpr std::array<const char*, 5> kChannels = {"bank_transfer", "wechat_pay", "alipay", "cash",
                                                  "other"};

bool clean_text(std::string_view text) {
  if (crypto::find_invalid_utf8(text) != std::string_view::npos)
    return false;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f)
      return false;
  }
  return true;
}

// Shape of one row, without the books.
void check_shape(const PaymentInput& p) {
  if (!p.amount.is_positive()) {
    throw Error::invalid("payment-amount", "amount",
                         "a payment must be more than 0 yuan, not " + p.amount.to_string());
  }
  if (p.reference.empty() || p.reference.size() > kMaxReferenceBytes || !clean_text(p.reference)) {
    throw Error::invalid("payment-reference", "reference",
                         "the channel's reference must be 1-100 bytes of text");
  }
  if (p.memo.size() > kMaxPaymentMemoBytes || !clean_text(p.memo)) {
    throw Error::invalid("payment-memo", "memo",
                         "a payment memo must be at most 200 bytes of text on one line");
  }
}

std::string identity_key(const PaymentInput& p) {
  std::string key = to_string(p.channel);
  key.push_back('\0');
  key.append(p.reference);
  return key;
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
      "SELECT p.payment_id, p.unit_code, p.amount_fen, p.received_on, p.prepaid_fen,"
      " p.entry_seq, r.receipt_no FROM fee_payment p"
      " JOIN fee_receipt r ON r.payment_id = p.payment_id"
      " WHERE p.channel = ?1 AND p.reference = ?2");
  st.bind(1, to_string(p.channel)).bind(2, p.reference);
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

std::unordered_set<std::string> unit_codes(store::Database& db) {
  store::Statement& st = db.cached("SELECT code FROM unit");
  std::unordered_set<std::string> out;
  while (st.step())
    out.emplace(st.text_view(0));
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

PaymentImportResult record_payments(ledger::Books& books, const std::vector<PaymentInput>& rows,
                                    const std::string& actor,
                                    const std::optional<ledger::ActionRecord>& action) {
  check_actor(actor);
  if (rows.size() > kMaxPaymentsPerImport) {
    throw Error::invalid("import-too-large", "payments",
                         "an import holds at most 1000000 payments; split the file");
  }
  books.refresh();
  store::Database& db = books.database();
  PaymentImportResult result;
  result.payments.resize(rows.size());

  // 1. Check every row; collect every error.
  const std::unordered_set<std::string> units = unit_codes(db);
  std::unordered_map<std::string, std::size_t> first_row;  // identity -> first row with it
  std::vector<std::optional<std::size_t>> replay_of(rows.size());
  std::vector<bool> is_new(rows.size(), false);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const PaymentInput& p = rows[i];
    try {
      check_shape(p);
      std::string key = identity_key(p);
      if (const auto it = first_row.find(key); it != first_row.end()) {
        const PaymentInput& q = rows[it->second];
        if (q.unit_code != p.unit_code || q.amount != p.amount || q.received_on != p.received_on) {
          throw reference_reused(p, "row " + std::to_string(it->second));
        }
        replay_of[i] = it->second;
        continue;
      }
      if (std::optional<PaymentResult> earlier = earlier_payment(db, p)) {
        result.payments[i] = std::move(*earlier);
        continue;
      }
      first_row.emplace(std::move(key), i);
      if (!units.contains(p.unit_code)) {
        throw Error::not_found("unit-unknown", "unit", "no unit " + p.unit_code);
      }
      if (books.is_closed(Period::of(p.received_on))) {
        throw Error::rule("period-closed", "received_on",
                          "period " + Period::of(p.received_on).to_string() +
                              " is closed; record the payment in an open period");
      }
      is_new[i] = true;
    } catch (const Error& e) {
      result.errors.push_back({i, e.kind(), e.type(), e.field(), e.what()});
    }
  }
  if (!result.errors.empty()) {
    result.payments.clear();
    return result;
  }

  // 2. Settle in input order, oldest open bill first, per unit.
  std::unordered_map<std::string, std::vector<OpenBill>> open_bills;
  std::map<Date, std::vector<std::size_t>> by_date;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!is_new[i])
      continue;
    const PaymentInput& p = rows[i];
    auto it = open_bills.find(p.unit_code);
    if (it == open_bills.end())
      it = open_bills.emplace(p.unit_code, load_open_bills(db, p.unit_code)).first;
    PaymentResult& r = result.payments[i];
    r.prepayment = p.amount - settle_oldest_first(it->second, p.amount, p.received_on, r.settled);
    by_date[p.received_on].push_back(i);
  }

  if (by_date.empty())
    return result;  // every row was recorded before: nothing to write

  // 3. Write: entries per date and chunk, then the rows in input order.
  FeeWrite write(books);
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
        entry.postings.push_back({"OP.1002", received});
        for (const std::string& unit : order) {
          const UnitPart& part = parts.at(unit);
          if (part.settled.is_positive())
            entry.postings.push_back({ledger::unit_account_code("OP.1122", unit), -part.settled});
          if (part.prepaid.is_positive())
            entry.postings.push_back({ledger::unit_account_code("OP.2203", unit), -part.prepaid});
        }
        const std::int64_t seq = writer.add(entry, actor).seq;
        result.entries.push_back(seq);
        for (std::size_t k = begin; k < end; ++k)
          result.payments[chunk[k]].entry_seq = seq;
      }
    }
    writer.commit();
  }

  store::Statement& insert = db.cached(
      "INSERT INTO fee_payment (unit_code, amount_fen, channel, reference, received_on, memo,"
      " prepaid_fen, entry_seq, recorded_at, recorded_by)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  const std::string recorded_at = utc_timestamp_now();
  std::int64_t receipt_no = next_receipt_no(db);
  Receipt receipt;
  receipt.estate_id = books.estate_id();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!is_new[i])
      continue;
    const PaymentInput& p = rows[i];
    PaymentResult& r = result.payments[i];
    const std::string date = p.received_on.to_string();
    insert.bind_static(1, p.unit_code)
        .bind(2, p.amount.fen())
        .bind_static(3, to_string(p.channel))
        .bind_static(4, p.reference)
        .bind_static(5, date)
        .bind_static(6, p.memo)
        .bind(7, r.prepayment.fen())
        .bind(8, r.entry_seq)
        .bind_static(9, recorded_at)
        .bind_static(10, actor)
        .run();
    r.payment_id = db.last_insert_rowid();
    for (const BillSettlement& s : r.settled)
      write_settlement(db, s, p.received_on, r.payment_id, r.entry_seq);
    r.receipt_no = receipt_no++;
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
    write_receipt(db, receipt);
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (replay_of[i]) {  // now with the ids of the row it repeats
      result.payments[i] = result.payments[*replay_of[i]];
      result.payments[i].replayed = true;
    }
  }
  write.commit(action);
  return result;
}

PaymentResult record_payment(ledger::Books& books, const PaymentInput& payment,
                             const std::string& actor,
                             const std::optional<ledger::ActionRecord>& action) {
  PaymentImportResult r = record_payments(books, {payment}, actor, action);
  if (!r.ok()) {
    const PaymentRowError& e = r.errors.front();
    throw Error(e.kind, e.type, e.field, e.message);
  }
  return std::move(r.payments.front());
}

}  // namespace trustfund::fees
