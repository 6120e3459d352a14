// The demo's dual-key escrow: two demo custodians (the owners' committee's and the manager's),
// whose key files the demo writes and names, and the estate's outflows paid by orders that both
// sign. For the demo only: real custodians make their keys on their own computers and the
// server never holds them.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>

#include "trustfund/crypto/custodian_key.h"
#include "trustfund/escrow/order.h"
#include "trustfund/ledger/actor.h"
#include "trustfund/ledger/books.h"

namespace trustfund::cli {

class DemoEscrow {
 public:
  // Makes the two demo custodians' keys and certificates, writes them under `key_dir`
  // (committee.key, committee.pem, manager.key, manager.pem, custodians.pem; the keys encrypted
  // with the passphrases below), registers them as the estate's custodian set and sets the trust
  // bank accounts.
  DemoEscrow(ledger::Books& books, const std::filesystem::path& key_dir,
             const ledger::Actor& actor);

  static constexpr const char* kCommitteePassphrase = "sunrise-demo-committee";
  static constexpr const char* kManagerPassphrase = "sunrise-demo-manager";

  // Pays `amount` out of `fund` on `date` by an order that the committee signs, the manager
  // co-signs and the treasurer executes. Returns the executed order.
  escrow::Order pay(ledger::Books& books, Date date, ledger::Fund fund, const std::string& debit,
                    money::Amount amount, const std::string& payee, const std::string& purpose,
                    const std::string& budget_line);

  // Signs (committee, then manager) and executes an order prepared elsewhere (a repair project's
  // staged payment) on `date`.
  escrow::Order sign_and_execute(ledger::Books& books, const std::string& order_id, Date date);

  // Signs `document` as both custodians (committee first, manager co-signing): the DER.
  std::string sign_both(const std::string& document) const;

  int orders() const noexcept { return orders_; }
  const std::filesystem::path& key_dir() const noexcept { return key_dir_; }

 private:
  std::filesystem::path key_dir_;
  ledger::Actor actor_;
  crypto::PrivateKey committee_key_, manager_key_;
  crypto::Certificate committee_cert_, manager_cert_;
  int orders_ = 0;
};

}  // namespace trustfund::cli
