// The chart of accounts of a trust-model estate.
//
// Three funds are kept apart: OP (operating fund, 物业服务资金), PR (public revenue fund, 公共收益)
// and RF (repair fund, 专项维修资金). Every account belongs to one fund and every journal entry
// balances within each fund, so no fund is ever netted against another.
//
// Codes are "<fund>.<number>[.<sub>]", e.g. "OP.1002" (bank, operating fund) or "OP.6601.03"
// (cleaning, one of the nine cost heads). Per-unit control accounts (fees receivable OP.1122,
// fee prepayments OP.2203, repair-fund sub-accounts RF.3001) take no postings themselves: each
// unit has a sub-account "<control>@<unit>", e.g. "OP.1122@3-2-1502".
//
// Thread-safety: a Chart is a snapshot; it is not updated when accounts are added through
// another Chart or connection.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace trustfund::store {
class Database;
}

namespace trustfund::ledger {

enum class Fund { operating, public_revenue, repair };
enum class AccountType { asset, liability, equity, income, expense };

const char* fund_code(Fund fund) noexcept;  // "OP", "PR", "RF"
const char* to_string(AccountType type) noexcept;

// One row of the standard chart created with each estate.
struct AccountSpec {
  const char* code;
  Fund fund;
  AccountType type;
  const char* name_zh;
  const char* name_en;
  const char* parent;  // code of the parent account, or nullptr
  bool per_unit;       // control account with one sub-account per unit
  bool postable;
};
const std::vector<AccountSpec>& standard_chart();

struct Account {
  std::int64_t id = 0;
  std::string code;
  Fund fund = Fund::operating;
  AccountType type = AccountType::asset;
  std::string name_zh;
  std::string name_en;
  std::optional<std::int64_t> parent_id;
  std::string unit_code;  // set on unit sub-accounts
  bool per_unit = false;
  bool postable = true;
};

// Code of a unit's sub-account under a per-unit control account: "OP.1122@3-2-1502".
std::string unit_account_code(std::string_view control_code, std::string_view unit_code);

class Chart {
 public:
  // Loads every account of the estate in `db`.
  static Chart load(store::Database& db);

  // The account with `code`, or nullptr.
  const Account* find(std::string_view code) const;
  // The account with `code`; throws Error::invalid("account-unknown", field) naming the code.
  const Account& require(std::string_view code, std::string_view field) const;
  const Account& by_id(std::int64_t id) const;  // asserts the id exists
  // Ids of the account's ancestors, nearest first (for rolling balances up to control accounts).
  const std::vector<std::int64_t>& ancestors(std::int64_t id) const;
  const std::vector<Account>& accounts() const noexcept { return accounts_; }

  // Adds `account` (already inserted in the database) to this snapshot.
  void add(Account account);

 private:
  // Looked up by a string_view without building a string: a posting's account is found once per
  // posting, hundreds of thousands of times in a payment import.
  struct CodeHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view code) const noexcept {
      return std::hash<std::string_view>{}(code);
    }
  };
  std::vector<Account> accounts_;
  std::unordered_map<std::string, std::size_t, CodeHash, std::equal_to<>> by_code_;
  std::unordered_map<std::int64_t, std::size_t> by_id_;
  std::unordered_map<std::int64_t, std::vector<std::int64_t>> ancestors_;
};

// Inserts the standard chart into a new estate's database (inside the caller's transaction).
void create_standard_chart(store::Database& db);

}  // namespace trustfund::ledger
