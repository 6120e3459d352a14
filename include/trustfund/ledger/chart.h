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
// True for a unit's sub-account of `control_code`: "OP.1122@3-2-1502" of OP.1122.
bool is_unit_account_of(std::string_view code, std::string_view control_code) noexcept;
// True for a head under `parent_code`: "OP.6601.03" under OP.6601.
bool is_head_of(std::string_view code, std::string_view parent_code) noexcept;

// The codes of the standard chart (chart.cpp) that code posts to or reads, by name: code outside
// the chart names an account through these, never by its digits.
namespace accounts {

// Operating fund (OP, 物业服务资金).
inline constexpr const char* kOperatingBank = "OP.1002";        // 银行存款—物业服务资金
inline constexpr const char* kFeesReceivable = "OP.1122";       // 应收物业费, per unit
inline constexpr const char* kFeePrepayments = "OP.2203";       // 预收物业费, per unit
inline constexpr const char* kRemunerationPayable = "OP.2211";  // 应付酬金, to the manager
inline constexpr const char* kOperatingBalance = "OP.3101";  // 物业服务资金结余 (owners')
inline constexpr const char* kFeeIncome = "OP.6001";         // 物业费收入
inline constexpr const char* kServiceCosts = "OP.6601";      // 物业服务成本: the nine heads
inline constexpr const char* kStaffCosts = "OP.6601.01";     // 人员费用
inline constexpr const char* kMaintenanceCosts =
    "OP.6601.02";  // 共用部位共用设施设备日常运行维护费
inline constexpr const char* kCleaningCosts = "OP.6601.03";     // 清洁卫生费
inline constexpr const char* kLandscapingCosts = "OP.6601.04";  // 绿化养护费
inline constexpr const char* kSecurityCosts = "OP.6601.05";     // 秩序维护费
inline constexpr const char* kOfficeCosts = "OP.6601.06";       // 办公费
inline constexpr const char* kDepreciation = "OP.6601.07";      // 固定资产折旧
inline constexpr const char* kInsuranceCosts =
    "OP.6601.08";  // 共用部位共用设施设备及公众责任保险费
inline constexpr const char* kOtherAgreedCosts = "OP.6601.09";  // 经业主同意的其他费用
inline constexpr const char* kRemuneration = "OP.6602";         // 物业服务酬金, the manager's

// Public revenue fund (PR, 公共收益).
inline constexpr const char* kPublicRevenueBank = "PR.1002";       // 银行存款—公共收益
inline constexpr const char* kPublicRevenueBalance = "PR.3101";    // 公共收益结余 (owners')
inline constexpr const char* kTransfersToRepairFund = "PR.3201";   // 转入专项维修资金
inline constexpr const char* kParkingRevenue = "PR.6051.01";       // 停车收益
inline constexpr const char* kAdvertisingRevenue = "PR.6051.02";   // 广告收益
inline constexpr const char* kVenueRevenue = "PR.6051.03";         // 场地租赁收益
inline constexpr const char* kTelecomRevenue = "PR.6051.04";       // 通信设施收益
inline constexpr const char* kCompensationRevenue = "PR.6051.05";  // 赔偿收入
inline constexpr const char* kInterestRevenue = "PR.6051.06";      // 利息收入
inline constexpr const char* kOtherRevenue = "PR.6051.07";         // 其他公共收益
inline constexpr const char* kPublicRevenueCosts = "PR.6601";      // 公共收益合理成本

// Repair fund (RF, 专项维修资金).
inline constexpr const char* kRepairBank = "RF.1002";  // 银行存款—专项维修资金
inline constexpr const char* kRepairWorksInProgress = "RF.1701";  // 在建维修工程
inline constexpr const char* kRepairPayables = "RF.2202";         // 应付工程款
inline constexpr const char* kRepairRetention = "RF.2241";        // 维修工程质保金
inline constexpr const char* kRepairSubAccounts = "RF.3001";  // 专项维修资金—分户账, per unit

}  // namespace accounts

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
