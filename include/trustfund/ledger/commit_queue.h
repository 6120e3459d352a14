// Group commit: one writer per estate file that commits queued entries in batches.
//
// Many clients post entries at once; committing each in its own transaction would cost one fsync
// per entry. A CommitQueue owns the estate's only write connection and a thread that takes every
// entry queued so far (up to `max_batch`), adds them to one write transaction and commits it:
// one fsync per batch. `submit` returns a future that is ready only when the entry's batch is
// durable (or holds the entry's own Error: a bad entry fails alone, the rest of its batch
// commits).
//
// Thread-safety: submit() and stats() may be called from any thread. The destructor stops
// accepting, drains what is queued, and joins the thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <future>
#include <mutex>
#include <string>
#include <thread>

#include "trustfund/ledger/books.h"

namespace trustfund::ledger {

class CommitQueue {
 public:
  struct Options {
    std::size_t max_batch = 2048;    // entries in one transaction at most
    std::size_t max_queued = 65536;  // submissions waiting at most; more are refused (busy)
  };

  struct Stats {
    std::uint64_t batches = 0;   // committed transactions (= fsyncs of the journal)
    std::uint64_t entries = 0;   // entries committed (replays included)
    std::uint64_t rejected = 0;  // entries refused by a rule or bad input
    std::uint64_t last_batch = 0;
    std::uint64_t largest_batch = 0;
  };

  // Takes ownership of the estate's write connection.
  CommitQueue(Books books, Options options);
  explicit CommitQueue(Books books) : CommitQueue(std::move(books), Options{}) {}
  CommitQueue(const CommitQueue&) = delete;
  CommitQueue& operator=(const CommitQueue&) = delete;
  ~CommitQueue();

  // Queues `entry`. The future yields the recorded entry once durable, or rethrows its Error.
  // Throws Error(storage, "busy") at once when `max_queued` submissions are waiting.
  std::future<RecordedEntry> submit(EntryInput entry, std::string actor);

  Stats stats() const;

 private:
  struct Item {
    EntryInput entry;
    std::string actor;
    std::promise<RecordedEntry> promise;
  };
  void run();
  void commit_batch(std::deque<Item>& batch);

  Books books_;
  Options options_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Item> queue_;
  bool stopping_ = false;
  Stats stats_;
  std::thread thread_;
};

}  // namespace trustfund::ledger
