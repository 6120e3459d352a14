// `trustfund demo`; see demo_command.h.
#include "demo_command.h"

#include <optional>
#include <ostream>

#include "trustfund/crypto/hex.h"
#include "trustfund/demo/demo.h"

namespace trustfund::cli {
namespace {

// A progress bar per stage of the demo (units, months, statements), each on its own line.
class StageBars {
 public:
  explicit StageBars(std::ostream& err) : err_(err) {}
  void operator()(std::string_view stage, std::int64_t done, std::int64_t total) {
    if (stage != stage_) {
      bar_.reset();
      stage_ = stage;
      bar_.emplace(err_, stage_);
    }
    bar_->update(done, total);
  }

 private:
  std::ostream& err_;
  std::string stage_;
  std::optional<ProgressBar> bar_;
};

void print(std::ostream& out, const demo::DemoEstate& d, const std::filesystem::path& key_dir) {
  const auto rate_permille =
      d.billed.is_zero() ? 0 : (d.billed - d.arrears).fen() * 1000 / d.billed.fen();
  out << "demo estate " << d.estate_id << " (" << d.name << "): " << d.units << " units, "
      << d.entries << " journal entries, " << d.first.to_string() << " to " << d.last.to_string()
      << "\n  billed " << d.billed.to_string() << " CNY, received " << d.collected.to_string()
      << " CNY, arrears " << d.arrears.to_string() << " CNY (collection " << rate_permille / 10
      << "." << rate_permille % 10 << "%)\n"
      << "  Merkle root " << crypto::to_hex(d.root) << "\n"
      << "  " << d.orders << " disbursement orders, each signed by both demo custodians"
      << "\n  demo custodian keys (demo only): " << (key_dir / "committee.key").string()
      << " (passphrase " << demo::kCommitteePassphrase << "), "
      << (key_dir / "manager.key").string() << " (passphrase " << demo::kManagerPassphrase
      << "); certificates in " << (key_dir / "custodians.pem").string() << "\n";
  out << "  " << d.published << " monthly statements closed, signed by both demo custodians and "
      << "published (trustfund statement list; statement export, then trustfund verify)\n";
  if (!d.views.empty()) {
    out << "  " << d.views.size() << " views of those months built and published the same way:";
    for (const std::string& v : d.views)
      out << " " << v;
    out << " (quarters: public revenue; halves: repair fund; years: per unit)\n";
  }
  if (!d.lift.empty()) {
    out << "  repair projects: " << d.lift << " (lift, approved by its owners' vote)";
    if (!d.roof.empty())
      out << ", " << d.roof << " (emergency roof leak)";
    out << ", each paid in stages with its retention held\n";
  }
}

int cmd_demo(const Context& ctx) {
  demo::DemoOptions options;
  options.estate_id = ctx.args.get_or("estate", options.estate_id);
  options.units = ctx.args.integer_or("units", options.units);
  options.months = ctx.args.integer_or("months", options.months);
  // Months at the end left open (billed and paid, not closed): the monthly close benchmark
  // closes the last one itself.
  options.open_months = ctx.args.integer_or("open-months", options.open_months);
  options.actor = ledger::Actor(ctx.args.get_or("actor", options.actor.name()));
  options.key_dir = std::filesystem::path(ctx.data_path()) / "demo-custodians";
  demo::check_options(options);
  store::DataDir dir = ctx.open_data_dir();
  StageBars bars(ctx.err);
  const demo::DemoEstate made = demo::create_demo_estate(dir, options, std::ref(bars));
  print(ctx.out, made, options.key_dir);
  return 0;
}

}  // namespace

// One entry a command with its help text: a table, as long as its texts, not logic.
std::vector<Command> demo_commands() {
  return {
      {"demo",
       "create the demo estate (about 1,200 units, a year of books)",
       "usage: trustfund demo --data DIR [--estate ID] [--units N] [--months M]\n"
       "                      [--open-months K]\n\n"
       "Creates estate ID (default sunrise-garden) with N units (default 1200) and M months\n"
       "(default 12, ending 2026-10) of fee bills, payments (about 95% collected), expenses under\n"
       "the nine cost heads, remuneration, public revenue and repair-fund interest. Every month\n"
       "is closed and its statement published, except the last K (default 0), left open.\n",
       {"estate", "units", "months", "open-months", "actor"},
       {},
       cmd_demo},
  };
}

}  // namespace trustfund::cli
