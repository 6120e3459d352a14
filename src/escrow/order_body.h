// The JSON object of an order's fields, shared by the signed bytes and the JSON output.
#pragma once

#include <string>
#include <string_view>

#include <Poco/JSON/Object.h>

#include "trustfund/escrow/order.h"

namespace trustfund::escrow {

inline constexpr std::size_t kMaxVouchers = 20;

// {amount, budget_line, debit_account, emergency_category, expires_on, fund, payee{...},
//  purpose, repair_project, resolution, vouchers[...]}; optional members always present ("").
Poco::JSON::Object::Ptr order_fields_object(const OrderInput& input);

// SHA-256 of `bytes`, lower-case hex.
std::string sha256_hex_of(std::string_view bytes);

}  // namespace trustfund::escrow
