// The demo estate, for trying the product (`trustfund demo`, ops/demo) and for the monthly close
// benchmark: a realistic, deterministic estate built through the same functions as a treasurer's
// writes.
//
// Sunrise Garden (阳光花园): buildings of 2 entrances x 25 floors x 4 flats, months of fee bills at
// 2.35 yuan/m² (billing runs of the fees module, so bills, receipts, arrears and the collection
// rate are all there), payments by WeChat Pay, Alipay and bank transfer (most owners pay within the
// month, some quarterly, some a year ahead, a few fall into arrears: about 95% collected), spending
// under the nine cost heads, the manager's remuneration (8% of fees collected), public revenue
// (parking, advertising, telecom) with half of it moved quarterly to the repair fund, repair-fund
// interest allocated to the unit sub-accounts by balance, two repair projects (a lift approved by
// its owners' vote, an emergency roof repair), and every outflow paid by an order both demo
// custodians sign. Every split is exact. The months end in 2026-10; each closed month's statement,
// and each view they complete, is signed by both demo custodians and published.
//
// The same options give the same estate, entry for entry (only the times of recording and the demo
// custodians' keys, made afresh, differ). Never for real books: the demo custodians' key files and
// their passphrases are written next to the data.
//
// Thread-safety: create_demo_estate writes one estate from the calling thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "trustfund/core/date.h"
#include "trustfund/crypto/sha256.h"
#include "trustfund/ledger/actor.h"
#include "trustfund/money/amount.h"
#include "trustfund/store/data_dir.h"

namespace trustfund::demo {

// The passphrases of the demo custodians' key files (committee.key, manager.key).
inline constexpr const char* kCommitteePassphrase = "sunrise-demo-committee";
inline constexpr const char* kManagerPassphrase = "sunrise-demo-manager";

struct DemoOptions {
  std::string estate_id = "sunrise-garden";
  std::int64_t units = 1200;     // 4 to 20,000
  std::int64_t months = 12;      // 1 to 120, the last one 2026-10
  std::int64_t open_months = 0;  // 0 to `months`: the last ones are left open, not closed
  ledger::Actor actor{"demo:treasurer"};
  // Where the demo custodians' key files and certificates are written (committee.key,
  // committee.pem, manager.key, manager.pem, custodians.pem).
  std::filesystem::path key_dir;
};

// What the demo made.
struct DemoEstate {
  std::string estate_id;
  std::string name;
  std::int64_t units = 0;
  std::int64_t entries = 0;  // journal entries
  Period first, last;
  money::Amount billed, collected, arrears;
  crypto::Digest root{};           // of the journal's Merkle tree, all entries
  int orders = 0;                  // disbursement orders, each signed by both demo custodians
  int published = 0;               // monthly statements closed, signed and published
  std::vector<std::string> views;  // the views built and published ("2026-Q3", ...)
  std::string lift, roof;          // the repair projects ("RP-0001"), empty if not reached
};

// How far the demo is: a stage ("units", "months", "statements") and its count of done of total.
using DemoProgress =
    std::function<void(std::string_view stage, std::int64_t done, std::int64_t total)>;

// Error::invalid("usage") naming the first option out of range.
void check_options(const DemoOptions& options);

// Creates the estate `options.estate_id` in `dir` and its books. Checks the options first (nothing
// is written if one is out of range); the errors of create_estate (an estate that exists) and of
// any write.
DemoEstate create_demo_estate(store::DataDir& dir, const DemoOptions& options,
                              const DemoProgress& progress = {});

}  // namespace trustfund::demo
