// The HTTP service: Poco HTTPServer, routing, limits, access log, metrics and the estates it
// serves (one group-commit writer and a pool of reader connections per estate), plus a pool of
// registry connections that authenticate callers.
//
// Poco serves each connection on one thread for as long as it is kept alive, so `max_threads`
// bounds the connections served at once; further ones wait in the accept queue
// (`max_connections`).
//
// Thread-safety: start() and stop() from one controlling thread; requests are served on Poco's
// worker threads, which share the Service through its internal locks.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trustfund/api/metrics.h"
#include "trustfund/ledger/books.h"
#include "trustfund/ledger/commit_queue.h"
#include "trustfund/store/data_dir.h"

namespace Poco {
class ThreadPool;
namespace Net {
class HTTPServer;
}
}  // namespace Poco

namespace trustfund::auth {
class Directory;
}

namespace trustfund::api {

struct ServiceConfig {
  std::filesystem::path data_dir;
  std::filesystem::path master_key_file;  // empty: from the environment (see store/keys.h)
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;                // 0: any free port (see Service::port())
  std::filesystem::path tls_cert, tls_key;  // both set: serve HTTPS
  std::size_t max_body_bytes = 1024 * 1024;
  std::size_t max_header_bytes =
      16 * 1024;              // request line + headers (Poco also caps each at 8 KiB)
  int max_connections = 256;  // connections waiting to be served
  int max_threads = 128;      // worker threads = connections served at once
  int request_timeout_ms = 30000;
  int max_page_size = 1000;          // items per page of any list
  std::filesystem::path access_log;  // empty or "-": standard error
  // Addresses of reverse proxies whose X-Forwarded-For is believed: behind one of them the
  // client's address (for the login limits, the access log and the action log) is the last one
  // the proxy added. From any other peer the header is ignored.
  std::vector<std::string> trusted_proxies;
};

struct Request {
  std::string method;
  std::string path;                           // without the query
  std::string route;                          // the matched route pattern, for logs and metrics
  std::map<std::string, std::string> params;  // path parameters, e.g. {estate}
  std::map<std::string, std::string> query;
  std::string body;
  std::string content_type;
  std::string idempotency_key;
  std::string bearer_token;  // never logged
  std::string remote;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

class Service;
using Handler = std::function<Response(Service&, const Request&)>;

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/estates/{estate}/entries/{seq}"
  Handler handler;
};

struct RegistryConnection;
// What a pooled connection lets go of when it goes back to its pool: its read snapshot, so that
// an idle reader neither sees old data next time nor holds back WAL checkpoints.
void release_connection(ledger::Books& books) noexcept;
void release_connection(RegistryConnection& connection) noexcept;

// Idle connections of one kind, shared by the worker threads.
template <class T>
class Pool {
 public:
  // Something taken from a Pool, put back on destruction.
  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<T> item) : pool_(&pool), item_(std::move(item)) {}
    Lease(Lease&& other) noexcept = default;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (item_)
        pool_->put(std::move(item_));
    }
    T& operator*() { return *item_; }
    T* operator->() { return item_.get(); }

   private:
    Pool* pool_;
    std::unique_ptr<T> item_;
  };

  // An idle item, or null when there is none (the caller makes a new one).
  std::unique_ptr<T> take() {
    std::lock_guard lock(mu_);
    if (idle_.empty())
      return nullptr;
    std::unique_ptr<T> item = std::move(idle_.back());
    idle_.pop_back();
    return item;
  }
  void put(std::unique_ptr<T> item) {
    release_connection(*item);
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(item));
  }

 private:
  std::mutex mu_;
  std::vector<std::unique_ptr<T>> idle_;
};

// A registry connection with the user directory over it (the Directory borrows the connection).
struct RegistryConnection {
  explicit RegistryConnection(store::Database database);
  ~RegistryConnection();
  store::Database db;
  std::unique_ptr<auth::Directory> directory;
};

using ReaderLease = Pool<ledger::Books>::Lease;
using RegistryLease = Pool<RegistryConnection>::Lease;

class Service {
 public:
  explicit Service(ServiceConfig config);
  ~Service();

  // Opens the data directory and starts listening. Throws Error on a bad key or address.
  void start();
  // Stops accepting, waits up to `grace_ms` for requests in flight, drains the writers, closes
  // every file.
  void stop(int grace_ms = 10000);
  std::uint16_t port() const;

  const ServiceConfig& config() const noexcept { return config_; }
  store::DataDir& data_dir();
  Metrics& metrics() noexcept { return metrics_; }

  // The estate's writer and readers (opened on first use). Error::not_found for unknown ids.
  ledger::CommitQueue& writer(const std::string& estate_id);
  ReaderLease reader(const std::string& estate_id);
  // A registry connection and its user directory.
  RegistryLease registry();
  // Copies the writers' commit statistics into the metrics (called when /metrics is read).
  void publish_counters();

  const std::vector<Route>& routes() const noexcept { return routes_; }
  // True once stop() has begun: answers then close their connection (no more keep-alive).
  bool stopping() const noexcept { return stopping_.load(); }
  // Runs one request through routing, limits and error mapping (used by the HTTP handler).
  Response dispatch(Request& request);
  void log_access(const Request& request, const Response& response, std::int64_t latency_us);

 private:
  struct Estate;
  Estate& estate(const std::string& estate_id);

  ServiceConfig config_;
  std::optional<store::DataDir> data_dir_;
  Metrics metrics_;
  std::vector<Route> routes_;
  std::mutex estates_mu_;
  std::map<std::string, std::unique_ptr<Estate>> estates_;
  Pool<RegistryConnection> registry_pool_;
  std::mutex log_mu_;
  std::unique_ptr<std::ostream> log_file_;
  std::unique_ptr<Poco::ThreadPool> threads_;
  std::atomic<bool> stopping_{false};
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

// Every route of API v1 (handlers.cpp), including the login routes (sessions.cpp).
std::vector<Route> api_routes();
std::vector<Route> session_routes();
std::vector<Route> fee_routes();     // fees_handlers.cpp
std::vector<Route> escrow_routes();  // escrow_handlers.cpp
std::vector<Route> repair_routes();  // repair_handlers.cpp
std::vector<Route> statement_routes();  // statement_handlers.cpp
// The OpenAPI document docs/openapi.yaml, compiled in.
std::string_view openapi_document();

}  // namespace trustfund::api
