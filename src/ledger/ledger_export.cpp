// Export of the journal in the plain-text format read by ledger-cli and hledger. The layout is
// reports/ledger/header.journal and reports/ledger/entry.journal, rendered one entry at a time
// as the journal is scanned, so memory does not grow with the history.
#include <ostream>

#include "books_impl.h"
#include "trustfund/core/json.h"
#include "trustfund/core/reports.h"
#include "trustfund/crypto/hex.h"

namespace trustfund::ledger {
namespace {

// Descriptions end at the line; two spaces or a tab would start a comment in ledger's format.
std::string one_line(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty())
      out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace

std::string ledger_account_name(std::string_view code) {
  std::string name(code);
  for (char& c : name) {
    if (c == '.' || c == '@')
      c = ':';
  }
  return name;
}

void Books::export_ledger(std::ostream& out, const Progress& progress) const {
  Impl& d = *impl_;
  const std::int64_t total = entry_count();
  json::Value header;
  header.add("estate_id", d.estate_id);
  header.add("estate_name", one_line(d.estate_name));
  header.add("entries", total);
  header.add("root", crypto::to_hex(d.frontier.root()));
  out << reports::render("ledger/header.journal", header);

  const templates::Template& layout = reports::layout("ledger/entry.journal");
  std::int64_t done = 0;
  std::string text;
  d.scan_entries([&](const RecordedEntry& e) {
    json::Value entry;
    entry.add("date", e.date.to_string());
    entry.add("kind", e.kind);
    entry.add("has_memo", !e.memo.empty());
    entry.add("memo", one_line(e.memo));
    entry.add("seq", e.seq);
    json::Value& postings = entry.add("postings", json::Value::Array());
    postings.array().reserve(e.postings.size());
    for (const PostingInput& p : e.postings) {
      json::Value& posting = postings.push({});
      posting.add("account", ledger_account_name(p.account));
      posting.add("amount", p.amount.to_string());
    }
    text.clear();
    layout.render(entry, text);
    out << text;
    if (progress && ++done % 10000 == 0)
      progress(done, total);
  });
  if (progress)
    progress(total, total);
}

}  // namespace trustfund::ledger
