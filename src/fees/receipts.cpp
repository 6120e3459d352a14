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

}  // namespace

std::string receipt_json(const Receipt& r) {
  // Members in RFC 8785 order (the keys are ASCII, so byte order).
  std::string out = "{";
  out.reserve(400);
  member(out, "amount");
  crypto::append_json_string(out, r.amount.to_string());
  member(out, "channel");
  crypto::append_json_string(out, to_string(r.channel));
  member(out, "entry_seq");
  crypto::append_json_integer(out, r.entry_seq);
  member(out, "estate");
  crypto::append_json_string(out, r.estate_id);
  member(out, "format");
  crypto::append_json_string(out, "trustfund-receipt/1");
  member(out, "memo");
  crypto::append_json_string(out, r.memo);
  member(out, "payment_id");
  crypto::append_json_integer(out, r.payment_id);
  member(out, "prepayment");
  crypto::append_json_string(out, r.prepayment.to_string());
  member(out, "receipt_no");
  crypto::append_json_integer(out, r.no);
  member(out, "received_on");
  crypto::append_json_string(out, r.received_on.to_string());
  member(out, "reference");
  crypto::append_json_string(out, r.reference);
  member(out, "settled");
  out.push_back('[');
  for (std::size_t i = 0; i < r.settled.size(); ++i) {
    out.append(i == 0 ? "{\"amount\":" : ",{\"amount\":");
    crypto::append_json_string(out, r.settled[i].amount.to_string());
    out.append(",\"period\":");
    crypto::append_json_string(out, r.settled[i].period.to_string());
    out.push_back('}');
  }
  out.push_back(']');
  member(out, "unit");
  crypto::append_json_string(out, r.unit_code);
  out.push_back('}');
  return out;
}

std::int64_t next_receipt_no(store::Database& db) {
  store::Statement& st = db.cached("SELECT coalesce(max(receipt_no), 0) + 1 FROM fee_receipt");
  st.step();
  const std::int64_t no = st.int64(0);
  st.reset();
  return no;
}

void write_receipt(store::Database& db, Receipt& r) {
  r.canonical_json = receipt_json(r);
  const crypto::Digest digest = crypto::sha256(r.canonical_json);
  r.sha256_hex = crypto::to_hex(digest);
  r.issued_at = utc_timestamp_now();
  db.cached(
        "INSERT INTO fee_receipt (receipt_no, payment_id, canonical, sha256, issued_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind(1, r.no)
      .bind(2, r.payment_id)
      .bind_static(3, r.canonical_json)
      .bind_blob(4, digest)
      .bind_static(5, r.issued_at)
      .run();
}

Receipt receipt(ledger::Books& books, std::int64_t no) {
  store::Database& db = books.database();
  store::Statement& st = db.cached(
      "SELECT r.payment_id, r.canonical, r.sha256, r.issued_at, p.unit_code, p.amount_fen,"
      " p.channel, p.reference, p.received_on, p.memo, p.prepaid_fen, p.entry_seq"
      " FROM fee_receipt r JOIN fee_payment p ON p.payment_id = r.payment_id"
      " WHERE r.receipt_no = ?1");
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
  r.canonical_json = st.text(1);
  const auto stored = st.blob(2);
  r.sha256_hex = crypto::to_hex(stored);
  r.issued_at = st.text(3);
  r.unit_code = st.text(4);
  r.amount = money::Amount::from_fen(st.int64(5));
  r.channel = parse_payment_channel(st.text_view(6));
  r.reference = st.text(7);
  r.received_on = Date::parse(st.text_view(8));
  r.memo = st.text(9);
  r.prepayment = money::Amount::from_fen(st.int64(10));
  r.entry_seq = st.int64(11);
  st.reset();
  r.settled = payment_settlements(db, r.payment_id);
  if (crypto::to_hex(crypto::sha256(r.canonical_json)) != r.sha256_hex ||
      receipt_json(r) != r.canonical_json) {
    throw Error(ErrorKind::integrity, "receipt-tampered", "receipt_no",
                "receipt " + std::to_string(no) + " does not match its hash or its payment");
  }
  return r;
}

}  // namespace trustfund::fees
