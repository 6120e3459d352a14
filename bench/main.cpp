// trustfund_bench: the performance targets of trustfund, each measured against a baseline in the
// same run. See docs/benchmarks.md.
//
//   trustfund_bench import  [--postings N]   (default 1,000,000)
//   trustfund_bench balance [--postings N]   (default 10,000,000)
//   trustfund_bench report  [--postings N]   (default 1,000,000)
//   trustfund_bench fees    [--units N]      (default 10,000)
//   trustfund_bench close   [--units N]      (default 10,000; at most 20,000, the demo's limit)
//   trustfund_bench all     [--scale small|full]
//   trustfund_bench http-baseline [--seconds N]   (default 20; the baseline of bench/http/run)
//
// Exit status: 0 every target met, 1 a target missed, 2 a sanity check failed or an error.
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "benchmarks.h"
#include "measure.h"
#include "trustfund/core/error.h"

namespace {

using namespace trustfund::bench;

constexpr std::int64_t kMinPostings = 100;
constexpr std::int64_t kMaxPostings = 100'000'000;
constexpr std::int64_t kSmallDivisor = 100;  // --scale small: 1/100 of the full sizes

constexpr std::int64_t kImportPostings = 1'000'000;
constexpr std::int64_t kBalancePostings = 10'000'000;
constexpr std::int64_t kReportPostings = 1'000'000;
constexpr std::int64_t kFeeUnits = 10'000;
constexpr std::int64_t kMinUnits = 10;
constexpr std::int64_t kMaxUnits = 1'000'000;
constexpr std::int64_t kCloseUnits = 10'000;
constexpr std::int64_t kMaxCloseUnits = 20'000;  // the demo's limit

const char* const kUsage =
    "usage: trustfund_bench import  [--postings N]   (default 1,000,000)\n"
    "       trustfund_bench balance [--postings N]   (default 10,000,000)\n"
    "       trustfund_bench report  [--postings N]   (default 1,000,000)\n"
    "       trustfund_bench fees    [--units N]      (default 10,000)\n"
    "       trustfund_bench close   [--units N]      (default 10,000)\n"
    "       trustfund_bench all     [--scale small|full]   (small: 1/100 of the sizes)\n"
    "       trustfund_bench http-baseline [--seconds N]   (default 20)\n";

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// "1000000", "1,000,000" or "1_000_000", within [min, max]; `what` names the option.
std::int64_t parse_count(std::string_view text, std::string_view what, std::int64_t min,
                         std::int64_t max) {
  std::int64_t n = 0;
  int digits = 0;
  for (const char c : text) {
    if (c == ',' || c == '_')
      continue;
    if (c < '0' || c > '9' || ++digits > 10)
      throw UsageError(std::string(what) + " must be a number");
    n = n * 10 + (c - '0');
  }
  if (digits == 0 || n < min || n > max) {
    std::string message(what);
    message.append(" must be between ").append(count_text(min)).append(" and ");
    message.append(count_text(max));
    throw UsageError(message);
  }
  return n;
}

std::int64_t parse_postings(std::string_view text) {
  return parse_count(text, "--postings", kMinPostings, kMaxPostings);
}

// The value of `--name` in args (which alternate name, value), or `fallback`.
std::string option(const std::vector<std::string_view>& args, std::string_view name,
                   std::string_view fallback) {
  std::string found(fallback);
  for (std::size_t i = 0; i < args.size(); i += 2) {
    if (args[i] != name)
      throw UsageError("unknown option " + std::string(args[i]));
    if (i + 1 >= args.size())
      throw UsageError(std::string(name) + " needs a value");
    found = args[i + 1];
  }
  return found;
}

int exit_status(const std::vector<Outcome>& outcomes) {
  int misses = 0, mismatches = 0;
  for (const auto& o : outcomes) {
    misses += o.misses;
    mismatches += o.mismatches;
  }
  std::cout << "\nsummary: " << misses << " target(s) missed, " << mismatches
            << " sanity check(s) failed\n";
  return mismatches > 0 ? 2 : misses > 0 ? 1 : 0;
}

int run(const std::vector<std::string_view>& argv) {
  if (argv.empty() || argv[0] == "--help" || argv[0] == "-h") {
    std::cout << kUsage;
    return argv.empty() ? 2 : 0;
  }
  const std::string_view command = argv[0];
  const std::vector<std::string_view> args(argv.begin() + 1, argv.end());
  if (command == "all") {
    const std::string scale = option(args, "--scale", "full");
    if (scale != "small" && scale != "full")
      throw UsageError("--scale must be small or full");
    const std::int64_t divisor = scale == "small" ? kSmallDivisor : 1;
    std::cout << "trustfund benchmarks, scale " << scale << "\n";
    std::vector<Outcome> outcomes;
    outcomes.push_back(run_import_bench(kImportPostings / divisor));
    outcomes.push_back(run_balance_bench(kBalancePostings / divisor));
    outcomes.push_back(run_report_bench(kReportPostings / divisor));
    outcomes.push_back(run_fees_bench(kFeeUnits / divisor));
    outcomes.push_back(run_close_bench(kCloseUnits / divisor));
    return exit_status(outcomes);
  }
  if (command == "http-baseline") {
    const std::string text = option(args, "--seconds", "20");
    if (text.empty() || text.size() > 3 ||
        text.find_first_not_of("0123456789") != std::string::npos || std::stoi(text) < 1 ||
        std::stoi(text) > 600)
      throw UsageError("--seconds must be a number from 1 to 600");
    return exit_status({run_http_baseline(std::stoi(text))});
  }
  const auto postings = [&](std::int64_t fallback) {
    return parse_postings(option(args, "--postings", std::to_string(fallback)));
  };
  if (command == "import")
    return exit_status({run_import_bench(postings(kImportPostings))});
  if (command == "balance")
    return exit_status({run_balance_bench(postings(kBalancePostings))});
  if (command == "report")
    return exit_status({run_report_bench(postings(kReportPostings))});
  if (command == "fees") {
    const std::string units = option(args, "--units", std::to_string(kFeeUnits));
    return exit_status({run_fees_bench(parse_count(units, "--units", kMinUnits, kMaxUnits))});
  }
  if (command == "close") {
    const std::string units = option(args, "--units", std::to_string(kCloseUnits));
    return exit_status({run_close_bench(parse_count(units, "--units", kMinUnits, kMaxCloseUnits))});
  }
  throw UsageError("unknown command " + std::string(command));
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(std::vector<std::string_view>(argv + 1, argv + argc));
  } catch (const UsageError& e) {
    std::cerr << "trustfund_bench: " << e.what() << "\n" << kUsage;
    return 2;
  } catch (const trustfund::Error& e) {
    std::cerr << "trustfund_bench: " << e.type() << ": " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "trustfund_bench: " << e.what() << "\n";
    return 2;
  }
}
