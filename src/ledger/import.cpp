#include "trustfund/ledger/import.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <variant>

#include "trustfund/core/error.h"
#include "trustfund/ledger/audited_write.h"

namespace trustfund::ledger {
namespace {

constexpr std::size_t kChunkLines = 256;      // lines handed over at once (less locking)
constexpr std::size_t kMaxChunksQueued = 16;  // bounds memory: at most ~4,000 parsed entries

struct ParsedLine {
  std::int64_t line_no = 0;
  EntryInput entry;
};

struct Chunk {
  std::vector<ParsedLine> lines;
  std::int64_t bytes_read = 0;
  std::exception_ptr error;  // set on the chunk that ends the input with a parse error
};

Error at_line(const Error& e, std::int64_t line_no) {
  const std::string where = "line " + std::to_string(line_no);
  return Error(e.kind(), e.type(), where + (e.field().empty() ? "" : ": " + e.field()),
               where + ": " + e.what() + " (nothing was imported)");
}

// A bounded single-producer single-consumer queue of chunks.
class ChunkQueue {
 public:
  // Returns false when the consumer has stopped (the producer should stop too).
  bool push(Chunk chunk) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return queue_.size() < kMaxChunksQueued || stopped_; });
    if (stopped_)
      return false;
    queue_.push_back(std::move(chunk));
    not_empty_.notify_one();
    return true;
  }
  void finish() {
    std::lock_guard lock(mu_);
    finished_ = true;
    not_empty_.notify_one();
  }
  std::optional<Chunk> pop() {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return !queue_.empty() || finished_; });
    if (queue_.empty())
      return std::nullopt;
    Chunk c = std::move(queue_.front());
    queue_.pop_front();
    not_full_.notify_one();
    return c;
  }
  void stop() {
    std::lock_guard lock(mu_);
    stopped_ = true;
    not_full_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Chunk> queue_;
  bool finished_ = false;
  bool stopped_ = false;
};

void parse_lines(std::istream& in, ChunkQueue& queue) {
  std::int64_t line_no = 0, bytes = 0;
  Chunk chunk;
  std::string line;
  try {
    while (std::getline(in, line)) {
      ++line_no;
      bytes += static_cast<std::int64_t>(line.size()) + 1;
      if (line.find_first_not_of(" \t\r") == std::string::npos)
        continue;
      try {
        chunk.lines.push_back({line_no, parse_entry_json(line)});
      } catch (const Error& e) {
        throw at_line(e, line_no);
      }
      if (chunk.lines.size() == kChunkLines) {
        chunk.bytes_read = bytes;
        if (!queue.push(std::move(chunk)))
          return;
        chunk = Chunk{};
      }
    }
  } catch (...) {
    chunk.error = std::current_exception();
  }
  chunk.bytes_read = bytes;
  queue.push(std::move(chunk));
  queue.finish();
}

}  // namespace

ImportResult import_jsonl(Books& books, std::istream& in, const std::string& file_name,
                          const Actor& actor, std::int64_t total_bytes, const Progress& progress) {
  ImportResult result;
  ChunkQueue queue;
  AuditedWrite write(books, actor);
  std::thread parser([&] { parse_lines(in, queue); });
  try {
    Books::Writer writer(books, Books::Writer::Nesting::join);
    while (auto chunk = queue.pop()) {
      for (const ParsedLine& p : chunk->lines) {
        try {
          const RecordedEntry rec = writer.add(p.entry, actor.name());
          rec.replayed ? ++result.replayed : ++result.imported;
          result.postings += static_cast<std::int64_t>(p.entry.postings.size());
        } catch (const Error& e) {
          throw at_line(e, p.line_no);
        }
      }
      if (chunk->error)
        std::rethrow_exception(chunk->error);
      if (progress)
        progress(chunk->bytes_read, total_bytes);
    }
    writer.commit();
  } catch (...) {
    queue.stop();
    parser.join();
    throw;
  }
  parser.join();
  write.commit("import_entries", "file:" + file_name,
               std::to_string(result.imported) + " entries, " + std::to_string(result.replayed) +
                   " replayed");
  return result;
}

}  // namespace trustfund::ledger
