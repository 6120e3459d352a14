// Where the benchmarks keep their estates: a scratch directory under /tmp, a fresh data directory
// and estate in it (created as `trustfund init --dev` and `estate create` would), and the history
// builder that fills an estate from an EntryStream.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "measure.h"
#include "synthetic_estate.h"
#include "trustfund/ledger/actor.h"
#include "trustfund/ledger/books.h"

namespace trustfund::bench {

inline constexpr const char* kEstateId = "sunrise-bench";
inline constexpr const char* kEstateName = "阳光花园 Sunrise Garden (benchmark)";
inline constexpr const char* kActor = "bench:importer";
// kActor as the writer of the domain modules' audited writes.
inline const ledger::Actor kBenchActor(kActor);

// A new directory /tmp/trustfund-bench-<label>-XXXXXX, removed with everything in it when the
// object is destroyed (also when a benchmark throws).
class ScratchDir {
 public:
  explicit ScratchDir(std::string_view label);
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir();
  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

// A new data directory at `data_path` (development master key) holding one new estate with the
// standard chart and `units`. The data directory object is not needed afterwards: the books own
// their connection.
ledger::Books create_bench_books(const std::filesystem::path& data_path,
                                 const std::vector<ledger::UnitInput>& units);

// Prints "label: done / total ..." to stderr at most once a second, on one line on a terminal.
class StderrProgress {
 public:
  explicit StderrProgress(std::string label);
  void update(std::int64_t done, std::int64_t total);
  void finish();  // prints the final state and ends the line

 private:
  std::string label_;
  bool tty_;
  Clock::time_point start_;
  Clock::time_point last_print_;
  std::int64_t done_ = 0, total_ = 0;
  std::int64_t printed_done_ = -1;
  void print();
};

struct HistoryBuild {
  std::int64_t entries = 0;
  std::int64_t postings = 0;
  std::int64_t build_ns = 0;
};

// Posts the rest of `stream` through Books::Writer (EntryInputs directly, no JSON), committing
// every `entries_per_commit` entries. Progress goes to stderr.
HistoryBuild build_history(ledger::Books& books, EntryStream& stream,
                           std::int64_t entries_per_commit, const std::string& label);

}  // namespace trustfund::bench
