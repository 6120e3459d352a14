#include "bench_estate.h"

#include <unistd.h>

#include <cassert>
#include <cstdlib>
#include <iostream>
#include <system_error>

#include "trustfund/core/error.h"
#include "trustfund/store/data_dir.h"

namespace trustfund::bench {

ScratchDir::ScratchDir(std::string_view label) {
  std::string pattern = "/tmp/trustfund-bench-" + std::string(label) + "-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
  }
  path_ = pattern;
}

ScratchDir::~ScratchDir() {
  std::error_code ec;  // best effort: a destructor must not throw
  std::filesystem::remove_all(path_, ec);
  if (ec)
    std::cerr << "warning: could not remove " << path_ << ": " << ec.message() << "\n";
}

ledger::Books create_bench_books(const std::filesystem::path& data_path,
                                 const std::vector<ledger::UnitInput>& units) {
  std::string warning;  // the development-key warning; expected here
  store::DataDir dir = store::DataDir::init(data_path, {}, /*dev=*/true, &warning);
  ledger::Books books =
      ledger::Books::create(dir.create_estate(kEstateId, kEstateName), kEstateId, kEstateName);
  add_units(books, units);
  return books;
}

StderrProgress::StderrProgress(std::string label)
    : label_(std::move(label)),
      tty_(isatty(STDERR_FILENO) == 1),
      start_(Clock::now()),
      last_print_(start_) {}

void StderrProgress::update(std::int64_t done, std::int64_t total) {
  done_ = done;
  total_ = total;
  if (Clock::now() - last_print_ >= std::chrono::seconds(1))
    print();
}

void StderrProgress::finish() {
  if (printed_done_ != done_)
    print();
  if (tty_)
    std::cerr << '\n';
}

void StderrProgress::print() {
  last_print_ = Clock::now();
  printed_done_ = done_;
  const std::int64_t percent = total_ > 0 ? done_ * 100 / total_ : 100;
  std::cerr << (tty_ ? "\r" : "") << "  " << label_ << ": " << count_text(done_) << " / "
            << count_text(total_) << " (" << percent << "%), " << duration_text(elapsed_ns(start_))
            << (tty_ ? "   " : "\n") << std::flush;
}

HistoryBuild build_history(ledger::Books& books, EntryStream& stream,
                           std::int64_t entries_per_commit, const std::string& label) {
  assert(entries_per_commit > 0);
  StderrProgress progress(label + " (postings)");
  HistoryBuild built;
  const std::int64_t first_postings = stream.postings();
  const auto start = Clock::now();
  while (!stream.done()) {
    ledger::Books::Writer writer(books);
    for (std::int64_t i = 0; i < entries_per_commit && !stream.done(); ++i) {
      writer.add(stream.next(), kActor);
      ++built.entries;
    }
    writer.commit();
    progress.update(stream.postings(), stream.total_postings());
  }
  built.build_ns = elapsed_ns(start);
  built.postings = stream.postings() - first_postings;
  progress.finish();
  return built;
}

}  // namespace trustfund::bench
