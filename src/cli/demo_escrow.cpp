// The demo's custodians and signed outflows; see demo_escrow.h.
#include "demo_escrow.h"

#include <sys/stat.h>

#include <fstream>

#include "trustfund/core/error.h"
#include "trustfund/crypto/cms.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/crypto/sha256.h"
#include "trustfund/escrow/custodians.h"
#include "trustfund/escrow/policy.h"

namespace trustfund::cli {
namespace {

void write_file(const std::filesystem::path& path, const std::string& bytes, bool secret) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << bytes;
  f.close();
  if (!f)
    throw Error(ErrorKind::storage, "file-write", "data", "cannot write " + path.string());
  if (secret)
    ::chmod(path.c_str(), 0600);
}

crypto::Certificate demo_cert(const crypto::PrivateKey& key, const char* name, const char* org,
                              escrow::CustodianRole role) {
  return crypto::Certificate::self_signed(key, {name, org, escrow::to_string(role), "CN"},
                                          Date::today_utc().plus_days(-1), 3 * 365);
}

}  // namespace

DemoEscrow::DemoEscrow(ledger::Books& books, const std::filesystem::path& key_dir,
                       const ledger::Actor& actor)
    : key_dir_(key_dir),
      actor_(actor),
      committee_key_(crypto::PrivateKey::generate_p256()),
      manager_key_(crypto::PrivateKey::generate_p256()),
      committee_cert_(demo_cert(committee_key_, "Li Wei 李伟",
                                "阳光花园业主委员会 Owners' Committee",
                                escrow::CustodianRole::owners_committee)),
      manager_cert_(demo_cert(manager_key_, "Wang Fang 王芳", "Sunrise Property Services 阳光物业",
                              escrow::CustodianRole::manager)) {
  std::filesystem::create_directories(key_dir_);
  write_file(key_dir_ / "committee.key", committee_key_.to_encrypted_pem(kCommitteePassphrase),
             true);
  write_file(key_dir_ / "manager.key", manager_key_.to_encrypted_pem(kManagerPassphrase), true);
  write_file(key_dir_ / "committee.pem", committee_cert_.to_pem(), false);
  write_file(key_dir_ / "manager.pem", manager_cert_.to_pem(), false);
  write_file(key_dir_ / "custodians.pem", committee_cert_.to_pem() + manager_cert_.to_pem(), false);
  escrow::register_custodians(books,
                              {{escrow::CustodianRole::owners_committee, committee_cert_.to_pem()},
                               {escrow::CustodianRole::manager, manager_cert_.to_pem()}},
                              actor);
  const char* names[] = {"阳光花园物业服务资金共管账户", "阳光花园公共收益共管账户",
                         "阳光花园专项维修资金账户"};
  const char* numbers[] = {"4402202009100012345", "4402202009100012346", "4402202009100012347"};
  const ledger::Fund funds[] = {ledger::Fund::operating, ledger::Fund::public_revenue,
                                ledger::Fund::repair};
  for (int i = 0; i < 3; ++i) {
    escrow::set_bank_account(books,
                             {funds[i], names[i], numbers[i],
                              "中国工商银行成都高新支行 ICBC Chengdu Hi-Tech", "102651020016"},
                             actor);
  }
}

escrow::Order DemoEscrow::pay(ledger::Books& books, Date date, ledger::Fund fund,
                              const std::string& debit, money::Amount amount,
                              const std::string& payee, const std::string& purpose,
                              const std::string& budget_line) {
  escrow::OrderInput in;
  in.fund = fund;
  in.amount = amount;
  in.payee = {payee, "6222" + std::to_string(100000000000 + orders_ * 7919),
              "中国建设银行成都分行 CCB Chengdu", "105651000017"};
  in.debit_account = debit;
  in.budget_line = budget_line;
  in.purpose = purpose;
  const std::string voucher = "invoice " + date.to_string() + " " + debit + ".pdf";
  in.vouchers = {{voucher, crypto::to_hex(crypto::sha256(voucher + purpose))}};
  in.resolution = "业主大会2025-01号决议 年度预算 / owners' resolution 2025-01 (annual budget)";
  in.expires_on = Date::today_utc().plus_days(30);
  escrow::Order o = escrow::create_order(books, in, actor_);
  o = escrow::submit_order(books, o.order_id, actor_);
  return sign_and_execute(books, o.order_id, date);
}

std::string DemoEscrow::sign_both(const std::string& document) const {
  const std::string first = crypto::cms_sign(document, committee_key_, committee_cert_);
  return crypto::cms_cosign(first, document, manager_key_, manager_cert_);
}

escrow::Order DemoEscrow::sign_and_execute(ledger::Books& books, const std::string& order_id,
                                           Date date) {
  const escrow::Order o = escrow::order(books, order_id);
  const std::string first = crypto::cms_sign(o.canonical, committee_key_, committee_cert_);
  escrow::add_signature(books, o.order_id, first, ledger::Actor("demo:committee"));
  escrow::add_signature(books, o.order_id,
                        crypto::cms_cosign(first, o.canonical, manager_key_, manager_cert_),
                        ledger::Actor("demo:manager"));
  ++orders_;
  return escrow::execute_order(books, o.order_id, date, actor_);
}

}  // namespace trustfund::cli
