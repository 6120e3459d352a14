// Export of the journal in the plain-text format read by ledger-cli and hledger.
#include <ostream>

#include "books_impl.h"
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
  out << "; trustfund journal of estate " << d.estate_id << " (" << one_line(d.estate_name)
      << ")\n; entries: " << total << ", Merkle root: " << crypto::to_hex(d.frontier.root())
      << "\n; accounts are named by code: OP operating fund, PR public revenue, RF repair fund\n\n";
  std::int64_t done = 0;
  std::string line;
  d.scan_entries([&](const RecordedEntry& e) {
    line.clear();
    line += e.date.to_string();
    line += " * ";
    line += e.kind;
    if (!e.memo.empty()) {
      line += ": ";
      line += one_line(e.memo);
    }
    line += "\n    ; seq:";
    line += std::to_string(e.seq);
    line += '\n';
    for (const PostingInput& p : e.postings) {
      line += "    ";
      line += ledger_account_name(p.account);
      line += "  ";
      line += p.amount.to_string();
      line += " CNY\n";
    }
    line += '\n';
    out << line;
    if (progress && ++done % 10000 == 0)
      progress(done, total);
  });
  if (progress)
    progress(total, total);
}

}  // namespace trustfund::ledger
