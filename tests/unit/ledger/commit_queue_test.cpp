// Group commit: many concurrent submitters, one writer, batches durable together.
#include <catch2/catch_test_macros.hpp>

#include <atomic>
#include <filesystem>
#include <map>
#include <random>
#include <thread>

#include <unistd.h>

#include "trustfund/core/error.h"
#include "trustfund/ledger/commit_queue.h"
#include "trustfund/store/data_dir.h"

using namespace trustfund;
using ledger::Books;
using ledger::CommitQueue;
using ledger::EntryInput;
using money::Amount;

namespace {

const ledger::Actor kTester("test");

// Built with append: g++ 12 at -O3 warns falsely (-Wrestrict) on "literal" + std::to_string.
std::string unit_code(int unit) {
  std::string code = "1-1-0";
  code.append(std::to_string(100 + unit));
  return code;
}

std::string sub_account(const char* control, int unit) {
  std::string code = control;
  code.append("@").append(unit_code(unit));
  return code;
}

struct TempEstate {
  std::filesystem::path path;
  store::DataDir dir;
  explicit TempEstate(const char* name)
      : path(std::filesystem::temp_directory_path() /
             std::string("tf-cq-").append(name).append("-").append(std::to_string(::getpid()))),
        dir(init(path)) {
    Books books = Books::create(dir.create_estate("t", "Test"), "t", "Test");
    for (int i = 1; i <= 8; ++i) {
      books.add_unit({unit_code(i), "residential", money::Area::parse("90.5"), "owner"});
    }
  }
  ~TempEstate() { std::filesystem::remove_all(path); }
  static store::DataDir init(const std::filesystem::path& p) {
    std::filesystem::remove_all(p);
    std::string warning;
    return store::DataDir::init(p, {}, true, &warning);
  }
  Books open() { return Books::open(dir.open_estate("t")); }
};

EntryInput payment(int unit, std::int64_t fen, std::string key = "") {
  EntryInput e;
  e.date = Date::parse("2026-10-05");
  e.kind = "payment";
  e.memo = "payment";
  e.idempotency_key = std::move(key);
  e.postings = {{"OP.1002", Amount::from_fen(fen)},
                {sub_account("OP.2203", unit), Amount::from_fen(-fen)}};
  return e;
}

}  // namespace

TEST_CASE("concurrent submitters lose and duplicate nothing, and batches share commits") {
  TempEstate estate("concurrent");
  constexpr int kThreads = 8, kPerThread = 250;
  std::map<int, std::int64_t> expected_by_unit;
  std::mutex expected_mu;
  std::atomic<int> retries_replayed = 0;
  {
    CommitQueue queue(estate.open());
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        std::mt19937_64 rng(static_cast<std::uint64_t>(t));
        for (int i = 0; i < kPerThread; ++i) {
          const int unit = static_cast<int>(rng() % 8) + 1;
          const std::int64_t fen = static_cast<std::int64_t>(rng() % 100000) + 1;
          std::string key = "t";
          key.append(std::to_string(t)).append("-").append(std::to_string(i));
          auto first = queue.submit(payment(unit, fen, key), kTester);
          first.get();
          if (i % 10 == 0) {  // a client retry with the same key is answered, not re-applied
            if (queue.submit(payment(unit, fen, key), kTester).get().replayed)
              ++retries_replayed;
          }
          std::lock_guard lock(expected_mu);
          expected_by_unit[unit] += fen;
        }
      });
    }
    for (auto& th : threads)
      th.join();
    const auto stats = queue.stats();
    CHECK(stats.entries == static_cast<std::uint64_t>(kThreads * kPerThread + retries_replayed));
    CHECK(stats.batches <= stats.entries);
  }
  CHECK(retries_replayed == kThreads * (kPerThread / 10));
  Books books = estate.open();
  CHECK(books.entry_count() == kThreads * kPerThread);
  std::int64_t total = 0;
  for (const auto& [unit, fen] : expected_by_unit) {
    CHECK(books.balance(sub_account("OP.2203", unit), Date::parse("2026-10-31")).fen() == -fen);
    total += fen;
  }
  CHECK(books.balance("OP.1002", Date::parse("2026-10-31")).fen() == total);
  CHECK(books.verify().ok());
}

TEST_CASE("a bad entry in a batch fails alone and the others commit") {
  TempEstate estate("bad");
  std::vector<std::future<ledger::RecordedEntry>> futures;
  {
    CommitQueue queue(estate.open());
    for (int i = 0; i < 50; ++i) {
      EntryInput e = payment(1, 100 + i);
      if (i % 7 == 3)
        e.postings[0].account = "OP.9999";  // unknown account
      futures.push_back(queue.submit(std::move(e), kTester));
    }
    int ok = 0, refused = 0;
    for (auto& f : futures) {
      try {
        f.get();
        ++ok;
      } catch (const Error& e) {
        CHECK(e.type() == "account-unknown");
        ++refused;
      }
    }
    CHECK(refused == 7);
    CHECK(ok == 43);
  }
  Books books = estate.open();
  CHECK(books.entry_count() == 43);
  CHECK(books.verify().ok());
}

TEST_CASE("a reader connection sees entries committed by the writer after refresh") {
  TempEstate estate("refresh");
  Books reader = estate.open();
  CHECK(reader.entry_count() == 0);
  {
    CommitQueue queue(estate.open());
    queue.submit(payment(2, 500), kTester).get();
  }
  reader.refresh();
  CHECK(reader.entry_count() == 1);
  CHECK(reader.balance("OP.1002", Date::parse("2026-10-05")).fen() == 500);
  CHECK(reader.root(1) == reader.entry(0).leaf_hash);  // a one-leaf tree's root is the leaf hash
}
