// Group commit: one writer per estate file that commits queued entries in batches.
//
// Many clients post entries at once; committing each in its own transaction would cost one fsync
// per entry. A CommitQueue owns the estate's only write connection and a thread that takes every
// entry queued so far (up to `max_batch`), adds them to one write transaction and commits it:
// one fsync per batch. `submit` returns a future that is ready only when the entry's batch is
// durable (or holds the entry's own Error: a bad entry fails alone, the rest of its batch
// commits).
//
// Each entry is posted for an Actor, and its action-log row (the one ledger::post_entry writes,
// writes.h) is appended in the same transaction, so the batch logs every request it commits.
// Writes other than entries (adding units, a billing run, closing a month) run through `execute`:
// on the writer thread, between batches, in submission order with the entries, so the estate file
// keeps one writer; they are audited writes of their own (audited_write.h).
//
// Thread-safety: submit(), record(), execute() and stats() may be called from any thread. The
// destructor stops accepting, drains what is queued, and joins the thread.
#pragma once

#include <array>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>

#include "trustfund/ledger/action_log.h"
#include "trustfund/ledger/actor.h"
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
    std::uint64_t actions = 0;   // action-log rows committed on their own (sensitive reads)
    std::uint64_t rejected = 0;  // entries refused by a rule or bad input
    std::uint64_t last_batch = 0;
    std::uint64_t largest_batch = 0;
    // Batches by size: batch_sizes[i] counts batches of at most kBatchSizeBounds[i] items (and
    // more than the bound before); the last bucket also takes anything larger.
    std::array<std::uint64_t, 12> batch_sizes{};
    std::uint64_t batched_items = 0;  // sum of batch sizes
  };
  static constexpr std::array<std::uint64_t, 12> kBatchSizeBounds = {1,  2,   4,   8,   16,   32,
                                                                     64, 128, 256, 512, 1024, 2048};

  // Takes ownership of the estate's write connection.
  CommitQueue(Books books, Options options);
  explicit CommitQueue(Books books) : CommitQueue(std::move(books), Options{}) {}
  CommitQueue(const CommitQueue&) = delete;
  CommitQueue& operator=(const CommitQueue&) = delete;
  ~CommitQueue();

  // Queues `entry`, posted by `actor`. The future yields the recorded entry once durable, or
  // rethrows its Error. Its action row ("post_entry", target "entry:<seq>") is appended in the
  // same transaction; an idempotent replay writes nothing and logs nothing.
  // Throws Error(storage, "busy") at once when `max_queued` submissions are waiting, and
  // Error(storage, "shutting-down") once the destructor has begun.
  std::future<RecordedEntry> submit(EntryInput entry, Actor actor);

  // Appends `action` to the action log in the next batch (for sensitive reads). The future is
  // ready (with an empty RecordedEntry) once the row is durable. Throws like submit.
  std::future<RecordedEntry> record(ActionRecord action);

  // Runs `task(books)` on the writer thread with the books to itself, after everything queued
  // before it is committed. The future yields its result or rethrows what it threw. The task
  // brings its own transaction(s); it must not keep the Books reference.
  template <class Task>
  auto execute(Task task) -> std::future<std::invoke_result_t<Task&, Books&>> {
    using Result = std::invoke_result_t<Task&, Books&>;
    auto promise = std::make_shared<std::promise<Result>>();
    auto result = promise->get_future();
    enqueue_task([promise, task = std::move(task)](Books& books) mutable {
      try {
        if constexpr (std::is_void_v<Result>) {
          task(books);
          promise->set_value();
        } else {
          promise->set_value(task(books));
        }
      } catch (...) {
        promise->set_exception(std::current_exception());
      }
    });
    return result;
  }

  Stats stats() const;

 private:
  struct Item {
    std::optional<EntryInput> entry;     // empty: an action-log row only, or a task
    std::optional<Actor> actor;          // who posts the entry
    std::optional<ActionRecord> action;  // the row of a sensitive read (no entry)
    std::function<void(Books&)> task;    // set: runs alone between batches
    std::promise<RecordedEntry> promise;
  };
  void enqueue(Item item);
  void enqueue_task(std::function<void(Books&)> task);
  void run();
  void commit_batch(std::deque<Item>& batch);
  // Adds one item to the open write transaction.
  RecordedEntry add_item(Books::Writer& writer, const Item& item);

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
