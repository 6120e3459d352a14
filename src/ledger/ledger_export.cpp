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

// The view model of one entry of reports/ledger/entry.journal. One is kept for the whole export
// and its members are replaced for each entry, so that the export allocates per entry little
// more than the texts it writes.
class EntryView {
 public:
  EntryView() {
    for (const char* name : {"date", "kind", "has_memo", "memo", "seq"})
      v_.add(name, {});
    v_.add("postings", json::Value::Array());
    posting_.add("account", {});
    posting_.add("amount", {});
  }

  const json::Value& of(const RecordedEntry& e) {
    json::Value::Object& members = v_.object();
    members[0].value = e.date.to_string();
    members[1].value = e.kind;
    members[2].value = !e.memo.empty();
    members[3].value = one_line(e.memo);
    members[4].value = e.seq;
    json::Value::Array& postings = members[5].value.array();
    postings.resize(e.postings.size(), posting_);
    for (std::size_t i = 0; i < e.postings.size(); ++i) {
      json::Value::Object& posting = postings[i].object();
      posting[0].value = ledger_account_name(e.postings[i].account);
      posting[1].value = e.postings[i].amount.to_string();
    }
    return v_;
  }

 private:
  json::Value v_;
  json::Value posting_;
};

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
  EntryView view;
  std::int64_t done = 0;
  std::string text;
  d.scan_entries([&](const RecordedEntry& e) {
    text.clear();
    layout.render(view.of(e), text);
    out << text;
    if (progress && ++done % 10000 == 0)
      progress(done, total);
  });
  if (progress)
    progress(total, total);
}

}  // namespace trustfund::ledger
