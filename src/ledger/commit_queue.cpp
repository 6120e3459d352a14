#include "trustfund/ledger/commit_queue.h"

#include <optional>

#include "trustfund/core/error.h"

namespace trustfund::ledger {

CommitQueue::CommitQueue(Books books, Options options)
    : books_(std::move(books)), options_(options), thread_([this] { run(); }) {}

CommitQueue::~CommitQueue() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

std::future<RecordedEntry> CommitQueue::submit(EntryInput entry, std::string actor) {
  Item item{std::move(entry), std::move(actor), {}};
  std::future<RecordedEntry> result = item.promise.get_future();
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      throw Error(ErrorKind::storage, "shutting-down", "", "the service is shutting down");
    }
    if (queue_.size() >= options_.max_queued) {
      throw Error(ErrorKind::storage, "busy", "", "too many writes waiting; retry shortly");
    }
    queue_.push_back(std::move(item));
  }
  wake_.notify_one();
  return result;
}

CommitQueue::Stats CommitQueue::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void CommitQueue::run() {
  for (;;) {
    std::deque<Item> batch;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty())
        return;  // stopping and drained
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    commit_batch(batch);
  }
}

// Adds every item to one transaction. Items refused by a check fail alone. If the transaction
// itself fails (a storage error, or a write the database refused), it is rolled back and each
// remaining item is retried in a transaction of its own, so no item is lost or half-written.
void CommitQueue::commit_batch(std::deque<Item>& batch) {
  std::vector<std::optional<RecordedEntry>> results(batch.size());
  std::vector<std::exception_ptr> errors(batch.size());
  std::uint64_t committed = 0, rejected = 0;
  bool batch_ok = true;
  try {
    books_.refresh();  // units or closed periods may have changed through other connections
    Books::Writer writer(books_);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      try {
        results[i] = writer.add(batch[i].entry, batch[i].actor);
      } catch (const Error&) {
        errors[i] = std::current_exception();
        if (writer.failed())
          throw;  // the transaction is unusable: fall back below
      }
    }
    writer.commit();
  } catch (...) {
    batch_ok = false;
  }
  if (!batch_ok) {
    for (std::size_t i = 0; i < batch.size(); ++i) {
      results[i].reset();
      errors[i] = nullptr;
      try {
        results[i] = books_.post(batch[i].entry, batch[i].actor);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  }
  for (const auto& r : results)
    r ? ++committed : ++rejected;
  {
    // Counted before any client is answered, so a client never sees stats behind its own write.
    std::lock_guard lock(mu_);
    stats_.batches += batch_ok ? 1 : committed;
    stats_.entries += committed;
    stats_.rejected += rejected;
    stats_.last_batch = batch.size();
    if (batch.size() > stats_.largest_batch)
      stats_.largest_batch = batch.size();
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (results[i]) {
      batch[i].promise.set_value(std::move(*results[i]));
    } else {
      batch[i].promise.set_exception(errors[i]);
    }
  }
}

}  // namespace trustfund::ledger
