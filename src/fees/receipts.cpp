// Receipts; see receipts.h.
#include "trustfund/fees/receipts.h"
#include "trustfund/fees/settlement.h"

#include "trustfund/core/error.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/crypto/jcs.h"
#include "trustfund/crypto/sha256.h"

namespace trustfund::fees {
namespace {

void member(std::string& out, const char* key) {
  if (out.back() != '{')
    out.push_back(',');
  out.push_back('"');
  out.append(key);
  out.append("\":");
}

// Amounts, dates and months as JSON strings, written as Amount::to_string, Date::to_string and
// Period::to_string write them ("-12.30", "2026-10-05", "2026-10"; nothing in them needs
// escaping) without their temporary strings: an import seals one receipt per payment.
void append_amount(std::string& out, money::Amount amount) {
  const std::int64_t fen = amount.fen();
  std::uint64_t m = fen < 0 ? 0 - static_cast<std::uint64_t>(fen) : static_cast<std::uint64_t>(fen);
  char buf[24];
  char* const end = buf + sizeof buf;
  char* p = end;
  *--p = '"';
  *--p = static_cast<char>('0' + m % 10);
  m /= 10;
  *--p = static_cast<char>('0' + m % 10);
  m /= 10;
  *--p = '.';
  do {
    *--p = static_cast<char>('0' + m % 10);
    m /= 10;
  } while (m != 0);
  if (fen < 0)
    *--p = '-';
  *--p = '"';
  out.append(p, end);
}

void append_digits(std::string& out, unsigned value, int width) {
  char buf[8];
  for (int i = width - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(buf, static_cast<std::size_t>(width));
}

void append_month(std::string& out, int year, unsigned month) {
  out.push_back('"');
  append_digits(out, static_cast<unsigned>(year), 4);
  out.push_back('-');
  append_digits(out, month, 2);
}

void append_period(std::string& out, Period p) {
  if (p.year() < 0 || p.year() > 9999) {
    crypto::append_json_string(out, p.to_string());
    return;
  }
  append_month(out, p.year(), p.month());
  out.push_back('"');
}

void append_date(std::string& out, Date d) {
  if (d.year() < 0 || d.year() > 9999) {  // not a date trustfund accepts; as to_string has it
    crypto::append_json_string(out, d.to_string());
    return;
  }
  append_month(out, d.year(), d.month());
  out.push_back('-');
  append_digits(out, d.day(), 2);
  out.push_back('"');
}

}  // namespace

std::string receipt_json(const Receipt& r) {
  // Members in RFC 8785 order (the keys are ASCII, so byte order).
  std::string out = "{";
  out.reserve(320 + r.memo.size() + r.reference.size() + 48 * r.settled.size());
  member(out, "amount");
  append_amount(out, r.amount);
  member(out, "channel");
  crypto::append_json_string(out, to_string(r.channel));
  member(out, "entry_seq");
  crypto::append_json_integer(out, r.entry_seq);
  member(out, "estate");
  crypto::append_json_string(out, r.estate_id);
  member(out, "format");
  out.append("\"trustfund-receipt/1\"");
  member(out, "memo");
  crypto::append_json_string(out, r.memo);
  member(out, "payment_id");
  crypto::append_json_integer(out, r.payment_id);
  member(out, "prepayment");
  append_amount(out, r.prepayment);
  member(out, "receipt_no");
  crypto::append_json_integer(out, r.no);
  member(out, "received_on");
  append_date(out, r.received_on);
  member(out, "reference");
  crypto::append_json_string(out, r.reference);
  member(out, "settled");
  out.push_back('[');
  for (std::size_t i = 0; i < r.settled.size(); ++i) {
    out.append(i == 0 ? "{\"amount\":" : ",{\"amount\":");
    append_amount(out, r.settled[i].amount);
    out.append(",\"period\":");
    append_period(out, r.settled[i].period);
    out.push_back('}');
  }
  out.push_back(']');
  member(out, "unit");
  crypto::append_json_string(out, r.unit_code);
  out.push_back('}');
  return out;
}

std::int64_t next_receipt_no(store::Database& db) {
  store::Statement& st = db.cached("SELECT coalesce(max(payment_id), 0) + 1 FROM fee_payment");
  st.step();
  const std::int64_t no = st.int64(0);
  st.reset();
  return no;
}

crypto::Digest seal_receipt(Receipt& r) {
  r.canonical_json = receipt_json(r);
  const crypto::Digest digest = crypto::sha256(r.canonical_json);
  r.sha256_hex = crypto::to_hex(digest);
  return digest;
}

Receipt receipt(ledger::Books& books, std::int64_t no) {
  store::Database& db = books.database();
  // The receipt number is the payment's id (the schema keeps them equal).
  store::Statement& st = db.cached(
      "SELECT payment_id, receipt_sha256, coalesce(receipt_issued_at, recorded_at), unit_code,"
      " amount_fen, channel, reference, received_on, memo, prepaid_fen, entry_seq"
      " FROM fee_payment WHERE payment_id = ?1");
  st.bind(1, no);
  if (!st.step()) {
    st.reset();
    throw Error::not_found("receipt-unknown", "receipt_no",
                           "no receipt numbered " + std::to_string(no));
  }
  Receipt r;
  r.no = no;
  r.estate_id = books.estate_id();
  r.payment_id = st.int64(0);
  const std::string stored = crypto::to_hex(st.blob(1));
  r.issued_at = st.text(2);
  r.unit_code = st.text(3);
  r.amount = money::Amount::from_fen(st.int64(4));
  const std::string channel = st.text(5);
  r.reference = st.text(6);
  const std::string received_on = st.text(7);
  r.memo = st.text(8);
  r.prepayment = money::Amount::from_fen(st.int64(9));
  r.entry_seq = st.int64(10);
  st.reset();
  const auto tampered = [&] {
    return Error(ErrorKind::integrity, "receipt-tampered", "receipt_no",
                 "receipt " + std::to_string(no) + " does not match its hash or its payment");
  };
  // Fields edited outside trustfund may not even parse; that is tampering too.
  try {
    r.channel = parse_payment_channel(channel);
    r.received_on = Date::parse(received_on);
  } catch (const Error&) {
    throw tampered();
  }
  r.settled = payment_settlements(db, r.payment_id);
  seal_receipt(r);
  if (r.sha256_hex != stored)
    throw tampered();
  return r;
}

}  // namespace trustfund::fees
