// Payment instruction files; see bank_file.h.
//
// pain.001.001.09 element order follows the ISO 20022 schema: GrpHdr (MsgId, CreDtTm, NbOfTxs,
// CtrlSum, InitgPty), then one PmtInf (PmtInfId, PmtMtd, NbOfTxs, CtrlSum, ReqdExctnDt, Dbtr,
// DbtrAcct, DbtrAgt, ChrgBr, CdtTrfTxInf). Banks in China are named by their CNAPS code
// (ClrSysMmbId with the external code CNAPS); without one the agent is "NOTPROVIDED".
#include "trustfund/escrow/bank_file.h"

namespace trustfund::escrow {
namespace {

void xml_text(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '&':
        out.append("&amp;");
        break;
      case '<':
        out.append("&lt;");
        break;
      case '>':
        out.append("&gt;");
        break;
      case '"':
        out.append("&quot;");
        break;
      case '\'':
        out.append("&apos;");
        break;
      default:
        out.push_back(c);
    }
  }
}

void element(std::string& out, int depth, const char* name, std::string_view text) {
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
  out.append("<").append(name).append(">");
  xml_text(out, text);
  out.append("</").append(name).append(">\n");
}

void open(std::string& out, int depth, const char* name) {
  out.append(static_cast<std::size_t>(depth) * 2, ' ').append("<").append(name).append(">\n");
}

void close(std::string& out, int depth, const char* name) {
  out.append(static_cast<std::size_t>(depth) * 2, ' ').append("</").append(name).append(">\n");
}

void agent(std::string& out, int depth, const char* name, const std::string& bank_code,
           const std::string& bank_name) {
  open(out, depth, name);
  open(out, depth + 1, "FinInstnId");
  if (!bank_code.empty()) {
    open(out, depth + 2, "ClrSysMmbId");
    open(out, depth + 3, "ClrSysId");
    element(out, depth + 4, "Cd", "CNAPS");
    close(out, depth + 3, "ClrSysId");
    element(out, depth + 3, "MmbId", bank_code);
    close(out, depth + 2, "ClrSysMmbId");
  }
  element(out, depth + 2, "Nm", bank_name);
  if (bank_code.empty()) {
    open(out, depth + 2, "Othr");
    element(out, depth + 3, "Id", "NOTPROVIDED");
    close(out, depth + 2, "Othr");
  }
  close(out, depth + 1, "FinInstnId");
  close(out, depth, name);
}

void account(std::string& out, int depth, const char* name, const std::string& account_no) {
  open(out, depth, name);
  open(out, depth + 1, "Id");
  open(out, depth + 2, "Othr");
  element(out, depth + 3, "Id", account_no);
  close(out, depth + 2, "Othr");
  close(out, depth + 1, "Id");
  element(out, depth + 1, "Ccy", "CNY");
  close(out, depth, name);
}

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

void csv_field(std::string& out, std::string_view field) {
  const bool quote = field.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (const char c : field) {
    if (c == '"')
      out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace

std::string pain001_xml(const PaymentInstruction& p) {
  const std::string amount = p.amount.to_string();
  const std::string remittance = cut_utf8(p.remittance, 140);
  std::string out;
  out.reserve(2048);
  out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  out.append("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\">\n");
  open(out, 1, "CstmrCdtTrfInitn");
  open(out, 2, "GrpHdr");
  element(out, 3, "MsgId", p.message_id);
  element(out, 3, "CreDtTm", p.created_at);
  element(out, 3, "NbOfTxs", "1");
  element(out, 3, "CtrlSum", amount);
  open(out, 3, "InitgPty");
  element(out, 4, "Nm", p.initiator);
  close(out, 3, "InitgPty");
  close(out, 2, "GrpHdr");
  open(out, 2, "PmtInf");
  element(out, 3, "PmtInfId", p.message_id);
  element(out, 3, "PmtMtd", "TRF");
  element(out, 3, "NbOfTxs", "1");
  element(out, 3, "CtrlSum", amount);
  open(out, 3, "ReqdExctnDt");
  element(out, 4, "Dt", p.execution_date.to_string());
  close(out, 3, "ReqdExctnDt");
  open(out, 3, "Dbtr");
  element(out, 4, "Nm", p.debtor.holder_name);
  close(out, 3, "Dbtr");
  account(out, 3, "DbtrAcct", p.debtor.account_no);
  agent(out, 3, "DbtrAgt", p.debtor.bank_code, p.debtor.bank_name);
  element(out, 3, "ChrgBr", "SLEV");
  open(out, 3, "CdtTrfTxInf");
  open(out, 4, "PmtId");
  element(out, 5, "InstrId", p.message_id);
  element(out, 5, "EndToEndId", p.end_to_end_id);
  close(out, 4, "PmtId");
  open(out, 4, "Amt");
  out.append(10, ' ').append("<InstdAmt Ccy=\"CNY\">").append(amount).append("</InstdAmt>\n");
  close(out, 4, "Amt");
  agent(out, 4, "CdtrAgt", p.creditor.bank_code, p.creditor.bank_name);
  open(out, 4, "Cdtr");
  element(out, 5, "Nm", p.creditor.name);
  close(out, 4, "Cdtr");
  account(out, 4, "CdtrAcct", p.creditor.account_no);
  open(out, 4, "RmtInf");
  element(out, 5, "Ustrd", remittance);
  close(out, 4, "RmtInf");
  close(out, 3, "CdtTrfTxInf");
  close(out, 2, "PmtInf");
  close(out, 1, "CstmrCdtTrfInitn");
  out.append("</Document>\n");
  return out;
}

std::string payment_csv(const PaymentInstruction& p) {
  std::string out =
      "message_id,execution_date,debtor_account,debtor_bank_code,creditor_name,creditor_account,"
      "creditor_bank,creditor_bank_code,amount,currency,end_to_end_id,remittance\r\n";
  const std::string fields[] = {p.message_id,         p.execution_date.to_string(),
                                p.debtor.account_no,  p.debtor.bank_code,
                                p.creditor.name,      p.creditor.account_no,
                                p.creditor.bank_name, p.creditor.bank_code,
                                p.amount.to_string(), "CNY",
                                p.end_to_end_id,      cut_utf8(p.remittance, 140)};
  for (std::size_t i = 0; i < std::size(fields); ++i) {
    if (i > 0)
      out.push_back(',');
    csv_field(out, fields[i]);
  }
  out.append("\r\n");
  return out;
}

}  // namespace trustfund::escrow
