#include "trustfund/ledger/commit_queue.h"

#include <optional>

#include "trustfund/core/error.h"
#include "trustfund/ledger/writes.h"

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

std::future<RecordedEntry> CommitQueue::submit(EntryInput entry, Actor actor) {
  Item item;
  item.entry = std::move(entry);
  item.actor = std::move(actor);
  std::future<RecordedEntry> result = item.promise.get_future();
  enqueue(std::move(item));
  return result;
}

std::future<RecordedEntry> CommitQueue::record(ActionRecord action) {
  Item item;
  item.action = std::move(action);
  std::future<RecordedEntry> result = item.promise.get_future();
  enqueue(std::move(item));
  return result;
}

void CommitQueue::enqueue_task(std::function<void(Books&)> task) {
  Item item;
  item.task = std::move(task);
  enqueue(std::move(item));
}

void CommitQueue::enqueue(Item item) {
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
      // A task runs alone; entries and action rows are batched up to the next task.
      if (queue_.front().task) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      } else {
        while (!queue_.empty() && !queue_.front().task && batch.size() < options_.max_batch) {
          batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
    }
    if (batch.front().task) {
      books_.refresh();
      batch.front().task(books_);  // reports through its own promise; never throws
      books_.refresh();            // the task may have failed half-way through its own writes
    } else {
      commit_batch(batch);
    }
  }
}

namespace {
// The action row of an entry already added could not be written: the entry must not commit
// without it, so the whole transaction is abandoned (not an Error: no item is to blame alone).
struct ActionLogFailed : std::exception {
  const char* what() const noexcept override { return "the action log could not be written"; }
};
}  // namespace

RecordedEntry CommitQueue::add_item(Books::Writer& writer, const Item& item) {
  if (!item.entry) {
    append_action(books_.database(), *item.action);
    return {};
  }
  RecordedEntry recorded = writer.add(*item.entry, item.actor->name());
  if (!recorded.replayed) {
    try {
      append_action(books_.database(), posted_entry_record(*item.actor, recorded));
    } catch (...) {
      throw ActionLogFailed();
    }
  }
  return recorded;
}

// Adds every item to one transaction. Items refused by a check fail alone. If the transaction
// itself fails (a storage error, or a write the database refused), it is rolled back and each
// item is retried in a transaction of its own, so no item is lost or half-written.
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
        results[i] = add_item(writer, batch[i]);
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
        books_.refresh();
        Books::Writer writer(books_);
        results[i] = add_item(writer, batch[i]);
        writer.commit();
      } catch (...) {
        results[i].reset();
        errors[i] = std::current_exception();
      }
    }
  }
  std::uint64_t actions_only = 0;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (!results[i])
      ++rejected;
    else if (batch[i].entry)
      ++committed;
    else
      ++actions_only;
  }
  {
    // Counted before any client is answered, so a client never sees stats behind its own write.
    std::lock_guard lock(mu_);
    stats_.batches += batch_ok ? 1 : committed + actions_only;
    stats_.entries += committed;
    stats_.actions += actions_only;
    stats_.rejected += rejected;
    stats_.last_batch = batch.size();
    stats_.batched_items += batch.size();
    std::size_t bucket = 0;
    while (bucket + 1 < kBatchSizeBounds.size() && batch.size() > kBatchSizeBounds[bucket])
      ++bucket;
    ++stats_.batch_sizes[bucket];
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
