// Payment instruction files; see bank_file.h. The layouts are reports/bank/pain001.xml (with its
// partials account.xml and agent.xml) and reports/bank/payment.csv; this file builds their view
// model: the instruction's fields as text, the remittance cut to 140 characters.
#include "trustfund/escrow/bank_file.h"

#include "trustfund/core/json.h"
#include "trustfund/core/reports.h"

namespace trustfund::escrow {
namespace {

// At most `max_chars` whole UTF-8 characters of `text`.
std::string cut_utf8(std::string_view text, std::size_t max_chars) {
  std::size_t chars = 0;
  std::size_t i = 0;
  while (i < text.size() && chars < max_chars) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80)
      ++i;
    ++chars;
  }
  return std::string(text.substr(0, i));
}

json::Value bank_party(const std::string& name, const std::string& account_no,
                       const std::string& bank_name, const std::string& bank_code) {
  json::Value party;
  party.add("name", name);
  party.add("account_no", account_no);
  party.add("bank_name", bank_name);
  party.add("bank_code", bank_code);
  return party;
}

// The view model of both bank files (reports/bank/).
json::Value instruction_view(const PaymentInstruction& p) {
  json::Value v;
  v.add("message_id", p.message_id);
  v.add("created_at", p.created_at);
  v.add("execution_date", p.execution_date.to_string());
  v.add("initiator", p.initiator);
  v.add("debtor", bank_party(p.debtor.holder_name, p.debtor.account_no, p.debtor.bank_name,
                             p.debtor.bank_code));
  v.add("end_to_end_id", p.end_to_end_id);
  v.add("amount", p.amount.to_string());
  v.add("creditor", bank_party(p.creditor.name, p.creditor.account_no, p.creditor.bank_name,
                               p.creditor.bank_code));
  v.add("remittance", cut_utf8(p.remittance, 140));
  return v;
}

}  // namespace

std::string pain001_xml(const PaymentInstruction& p) {
  return reports::render("bank/pain001.xml", instruction_view(p));
}

std::string payment_csv(const PaymentInstruction& p) {
  return reports::render("bank/payment.csv", instruction_view(p));
}

}  // namespace trustfund::escrow
