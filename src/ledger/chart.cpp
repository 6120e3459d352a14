#include "trustfund/ledger/chart.h"

#include <cassert>

#include "trustfund/core/error.h"
#include "trustfund/store/database.h"

namespace trustfund::ledger {
namespace {

using F = Fund;
using T = AccountType;

Fund parse_fund(std::string_view code) {
  if (code == "OP")
    return Fund::operating;
  if (code == "PR")
    return Fund::public_revenue;
  return Fund::repair;
}

AccountType parse_type(std::string_view s) {
  if (s == "asset")
    return T::asset;
  if (s == "liability")
    return T::liability;
  if (s == "equity")
    return T::equity;
  if (s == "income")
    return T::income;
  return T::expense;
}

}  // namespace

const char* fund_code(Fund fund) noexcept {
  switch (fund) {
    case F::operating:
      return "OP";
    case F::public_revenue:
      return "PR";
    case F::repair:
      return "RF";
  }
  return "??";
}

const char* to_string(AccountType type) noexcept {
  switch (type) {
    case T::asset:
      return "asset";
    case T::liability:
      return "liability";
    case T::equity:
      return "equity";
    case T::income:
      return "income";
    case T::expense:
      return "expense";
  }
  return "??";
}

// Codes follow the numbering of Chinese accounting practice (1002 bank, 1122 receivables, 2203
// advances received, 6601 costs) so treasurers recognise them; the fund prefix keeps funds apart.
const std::vector<AccountSpec>& standard_chart() {
  // clang-format off
  static const std::vector<AccountSpec> chart = {
      // Operating fund (物业服务资金)
      {"OP.1002", F::operating, T::asset, "银行存款—物业服务资金", "Bank: operating fund", nullptr, false, true},
      {"OP.1122", F::operating, T::asset, "应收物业费", "Fees receivable", nullptr, true, false},
      {"OP.1221", F::operating, T::asset, "其他应收款", "Other receivables", nullptr, false, true},
      {"OP.2202", F::operating, T::liability, "应付账款", "Payables: suppliers", nullptr, false, true},
      {"OP.2203", F::operating, T::liability, "预收物业费", "Fee prepayments", nullptr, true, false},
      {"OP.2211", F::operating, T::liability, "应付酬金", "Remuneration payable to the manager", nullptr, false, true},
      {"OP.2241", F::operating, T::liability, "质保金", "Retention held", nullptr, false, true},
      {"OP.3101", F::operating, T::equity, "物业服务资金结余", "Operating fund balance (owners)", nullptr, false, true},
      {"OP.6001", F::operating, T::income, "物业费收入", "Property fee income", nullptr, false, true},
      {"OP.6051", F::operating, T::income, "其他业务收入", "Other operating income", nullptr, false, true},
      {"OP.6111", F::operating, T::income, "利息收入", "Interest income", nullptr, false, true},
      {"OP.6601", F::operating, T::expense, "物业服务成本", "Service costs", nullptr, false, false},
      {"OP.6601.01", F::operating, T::expense, "人员费用", "Staff", "OP.6601", false, true},
      {"OP.6601.02", F::operating, T::expense, "共用部位共用设施设备日常运行维护费", "Running and maintenance of common parts and equipment", "OP.6601", false, true},
      {"OP.6601.03", F::operating, T::expense, "清洁卫生费", "Cleaning", "OP.6601", false, true},
      {"OP.6601.04", F::operating, T::expense, "绿化养护费", "Landscaping", "OP.6601", false, true},
      {"OP.6601.05", F::operating, T::expense, "秩序维护费", "Security", "OP.6601", false, true},
      {"OP.6601.06", F::operating, T::expense, "办公费", "Office", "OP.6601", false, true},
      {"OP.6601.07", F::operating, T::expense, "固定资产折旧", "Depreciation", "OP.6601", false, true},
      {"OP.6601.08", F::operating, T::expense, "共用部位共用设施设备及公众责任保险费", "Insurance of common parts and public liability", "OP.6601", false, true},
      {"OP.6601.09", F::operating, T::expense, "经业主同意的其他费用", "Other costs agreed by owners", "OP.6601", false, true},
      {"OP.6602", F::operating, T::expense, "物业服务酬金", "Manager's remuneration", nullptr, false, true},
      // Public revenue fund (公共收益)
      {"PR.1002", F::public_revenue, T::asset, "银行存款—公共收益", "Bank: public revenue fund", nullptr, false, true},
      {"PR.1221", F::public_revenue, T::asset, "应收公共收益", "Public revenue receivable", nullptr, false, true},
      {"PR.2202", F::public_revenue, T::liability, "应付账款—公共收益", "Payables: public revenue", nullptr, false, true},
      {"PR.3101", F::public_revenue, T::equity, "公共收益结余", "Public revenue fund balance (owners)", nullptr, false, true},
      {"PR.3201", F::public_revenue, T::equity, "转入专项维修资金", "Transfers to the repair fund", nullptr, false, true},
      {"PR.6051", F::public_revenue, T::income, "公共收益", "Public revenue", nullptr, false, false},
      {"PR.6051.01", F::public_revenue, T::income, "停车收益", "Parking", "PR.6051", false, true},
      {"PR.6051.02", F::public_revenue, T::income, "广告收益", "Advertising", "PR.6051", false, true},
      {"PR.6051.03", F::public_revenue, T::income, "场地租赁收益", "Venue rental", "PR.6051", false, true},
      {"PR.6051.04", F::public_revenue, T::income, "通信设施收益", "Telecom sites", "PR.6051", false, true},
      {"PR.6051.05", F::public_revenue, T::income, "赔偿收入", "Compensation", "PR.6051", false, true},
      {"PR.6051.06", F::public_revenue, T::income, "利息收入", "Interest", "PR.6051", false, true},
      {"PR.6051.07", F::public_revenue, T::income, "其他公共收益", "Other public revenue", "PR.6051", false, true},
      {"PR.6601", F::public_revenue, T::expense, "公共收益合理成本", "Reasonable costs of public revenue", nullptr, false, true},
      // Repair fund (专项维修资金)
      {"RF.1002", F::repair, T::asset, "银行存款—专项维修资金", "Bank: repair fund", nullptr, false, true},
      {"RF.1701", F::repair, T::asset, "在建维修工程", "Repair works in progress", nullptr, false, true},
      {"RF.2202", F::repair, T::liability, "应付工程款", "Payables: repair works", nullptr, false, true},
      {"RF.2241", F::repair, T::liability, "维修工程质保金", "Retention held on repair works", nullptr, false, true},
      {"RF.3001", F::repair, T::equity, "专项维修资金—分户账", "Repair fund: unit sub-accounts", nullptr, true, false},
  };
  // clang-format on
  return chart;
}

std::string unit_account_code(std::string_view control_code, std::string_view unit_code) {
  std::string code(control_code);
  code += '@';
  code += unit_code;
  return code;
}

bool is_unit_account_of(std::string_view code, std::string_view control_code) noexcept {
  return code.size() > control_code.size() + 1 && code.starts_with(control_code) &&
         code[control_code.size()] == '@';
}

bool is_head_of(std::string_view code, std::string_view parent_code) noexcept {
  return code.size() > parent_code.size() + 1 && code.starts_with(parent_code) &&
         code[parent_code.size()] == '.';
}

Chart Chart::load(store::Database& db) {
  Chart chart;
  store::Statement st = db.prepare(
      "SELECT account_id, code, fund, type, name_zh, name_en, parent_id, coalesce(unit_code, ''),"
      " per_unit, postable FROM account ORDER BY account_id");
  while (st.step()) {
    Account a;
    a.id = st.int64(0);
    a.code = st.text(1);
    a.fund = parse_fund(st.text_view(2));
    a.type = parse_type(st.text_view(3));
    a.name_zh = st.text(4);
    a.name_en = st.text(5);
    if (!st.is_null(6))
      a.parent_id = st.int64(6);
    a.unit_code = st.text(7);
    a.per_unit = st.int64(8) != 0;
    a.postable = st.int64(9) != 0;
    chart.add(std::move(a));
  }
  return chart;
}

void Chart::add(Account account) {
  std::vector<std::int64_t> chain;
  for (auto parent = account.parent_id; parent;) {
    chain.push_back(*parent);
    parent = by_id(*parent).parent_id;
  }
  ancestors_[account.id] = std::move(chain);
  by_code_[account.code] = accounts_.size();
  by_id_[account.id] = accounts_.size();
  accounts_.push_back(std::move(account));
}

const Account* Chart::find(std::string_view code) const {
  const auto it = by_code_.find(code);
  return it == by_code_.end() ? nullptr : &accounts_[it->second];
}

const Account& Chart::require(std::string_view code, std::string_view field) const {
  const Account* a = find(code);
  if (!a) {
    throw Error::invalid("account-unknown", std::string(field),
                         "no account with code \"" + std::string(code) + "\"");
  }
  return *a;
}

const Account& Chart::by_id(std::int64_t id) const {
  const auto it = by_id_.find(id);
  assert(it != by_id_.end());
  return accounts_[it->second];
}

const std::vector<std::int64_t>& Chart::ancestors(std::int64_t id) const {
  const auto it = ancestors_.find(id);
  assert(it != ancestors_.end());
  return it->second;
}

void create_standard_chart(store::Database& db) {
  store::Statement insert = db.prepare(
      "INSERT INTO account (code, fund, type, name_zh, name_en, parent_id, per_unit, postable)"
      " VALUES (?1, ?2, ?3, ?4, ?5,"
      " (SELECT account_id FROM account WHERE code = ?6), ?7, ?8)");
  for (const AccountSpec& spec : standard_chart()) {
    insert.bind(1, std::string_view(spec.code))
        .bind(2, std::string_view(fund_code(spec.fund)))
        .bind(3, std::string_view(to_string(spec.type)))
        .bind(4, std::string_view(spec.name_zh))
        .bind(5, std::string_view(spec.name_en));
    if (spec.parent) {
      insert.bind(6, std::string_view(spec.parent));
    } else {
      insert.bind_null(6);
    }
    insert.bind(7, std::int64_t{spec.per_unit}).bind(8, std::int64_t{spec.postable}).run();
  }
}

}  // namespace trustfund::ledger
