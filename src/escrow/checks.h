// Field checks shared by the escrow sources.
#pragma once

#include <string>
#include <string_view>

namespace trustfund::escrow {

// Checks a bank party: name and bank name 1-140 bytes of text, account number 4-34 letters and
// digits, bank code empty or 12 digits. Error::invalid names `prefix` + the field.
void check_bank_fields(std::string_view name, std::string_view account_no,
                       std::string_view bank_name, std::string_view bank_code,
                       const std::string& prefix);

}  // namespace trustfund::escrow
