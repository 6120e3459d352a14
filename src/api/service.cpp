#include "trustfund/api/service.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "trustfund/api/problem.h"
#include "trustfund/auth/directory.h"
#include "trustfund/core/date.h"
#include "trustfund/crypto/jcs.h"

namespace trustfund::api {

Response problem_response(const Problem& problem) {
  Response r;
  r.status = problem.status;
  r.content_type = "application/problem+json";
  r.body = to_json(problem);
  if (problem.status == 401)
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
  return r;
}

// ---- estates: one writer, a pool of readers; the registry ----------------------------------

struct Service::Estate {
  std::unique_ptr<ledger::CommitQueue> writer;
  Pool<ledger::Books> readers;
};

void release_connection(ledger::Books& books) noexcept {
  books.database().reset_cached();
}
void release_connection(RegistryConnection& connection) noexcept {
  connection.db.reset_cached();
}

RegistryConnection::RegistryConnection(store::Database database)
    : db(std::move(database)), directory(std::make_unique<auth::Directory>(db)) {}
RegistryConnection::~RegistryConnection() = default;

Service::Service(ServiceConfig config) : config_(std::move(config)), routes_(api_routes()) {}

Service::~Service() {
  stop(0);
}

store::DataDir& Service::data_dir() {
  return *data_dir_;
}

Service::Estate& Service::estate(const std::string& estate_id) {
  std::lock_guard lock(estates_mu_);
  auto it = estates_.find(estate_id);
  if (it != estates_.end())
    return *it->second;
  auto e = std::make_unique<Estate>();
  e->writer =
      std::make_unique<ledger::CommitQueue>(ledger::Books::open(data_dir_->open_estate(estate_id)));
  return *estates_.emplace(estate_id, std::move(e)).first->second;
}

ledger::CommitQueue& Service::writer(const std::string& estate_id) {
  return *estate(estate_id).writer;
}

ReaderLease Service::reader(const std::string& estate_id) {
  Estate& e = estate(estate_id);
  std::unique_ptr<ledger::Books> books = e.readers.take();
  if (books) {
    books->refresh();
  } else {
    books = std::make_unique<ledger::Books>(ledger::Books::open(data_dir_->open_estate(estate_id)));
    // Readers are many (up to one per worker thread) and read few pages each: a smaller page
    // cache than the writer's 64 MiB bounds the pool's memory.
    books->database().exec("PRAGMA cache_size = -8192");
  }
  return ReaderLease(e.readers, std::move(books));
}

RegistryLease Service::registry() {
  std::unique_ptr<RegistryConnection> conn = registry_pool_.take();
  if (!conn)
    conn = std::make_unique<RegistryConnection>(data_dir_->open_registry());
  return RegistryLease(registry_pool_, std::move(conn));
}

void Service::publish_counters() {
  ledger::CommitQueue::Stats total;
  {
    std::lock_guard lock(estates_mu_);
    for (const auto& [id, e] : estates_) {
      const ledger::CommitQueue::Stats s = e->writer->stats();
      total.batches += s.batches;
      total.entries += s.entries;
      total.actions += s.actions;
      total.rejected += s.rejected;
      total.largest_batch = std::max(total.largest_batch, s.largest_batch);
      total.batched_items += s.batched_items;
      for (std::size_t i = 0; i < s.batch_sizes.size(); ++i)
        total.batch_sizes[i] += s.batch_sizes[i];
    }
  }
  metrics_.set_counter("trustfund_commit_batches_total",
                       "Write transactions committed by the group-commit writers (one fsync each).",
                       total.batches);
  metrics_.set_counter("trustfund_fsyncs_total",
                       "Journal fsyncs (= committed batches; an acknowledged write is on disk).",
                       total.batches);
  metrics_.set_counter(
      "trustfund_committed_entries_total",
      "Journal entries committed through the writers (idempotent replays included).",
      total.entries);
  metrics_.set_counter("trustfund_logged_reads_total",
                       "Sensitive reads recorded in the action logs.", total.actions);
  metrics_.set_counter("trustfund_rejected_writes_total",
                       "Writes refused by a rule or bad input inside a batch.", total.rejected);
  metrics_.set_histogram(
      "trustfund_commit_batch_size", "Items (entries, action rows) per committed batch.",
      {ledger::CommitQueue::kBatchSizeBounds.begin(), ledger::CommitQueue::kBatchSizeBounds.end()},
      {total.batch_sizes.begin(), total.batch_sizes.end()}, total.batched_items);
  metrics_.set_gauge("trustfund_commit_batch_largest", "The largest batch committed so far.",
                     total.largest_batch);
}

// ---- routing -----------------------------------------------------------------------------------

namespace {

// Matches "/a/{x}/b" against "/a/42/b"; fills params.
bool match(const std::string& pattern, const std::string& path,
           std::map<std::string, std::string>& params) {
  std::size_t p = 0, q = 0;
  params.clear();
  while (p < pattern.size() && q <= path.size()) {
    if (pattern[p] == '{') {
      const std::size_t close = pattern.find('}', p);
      const std::size_t end = path.find('/', q);
      const std::string value =
          path.substr(q, end == std::string::npos ? std::string::npos : end - q);
      if (value.empty())
        return false;
      params[pattern.substr(p + 1, close - p - 1)] = value;
      p = close + 1;
      q = end == std::string::npos ? path.size() : end;
      continue;
    }
    if (q >= path.size() || pattern[p] != path[q])
      return false;
    ++p;
    ++q;
  }
  return p == pattern.size() && q == path.size();
}

}  // namespace

Response Service::dispatch(Request& request) {
  const Route* found = nullptr;
  bool path_known = false;
  std::map<std::string, std::string> params;
  for (const Route& route : routes_) {
    if (!match(route.pattern, request.path, params))
      continue;
    path_known = true;
    if (route.method == request.method) {
      found = &route;
      break;
    }
  }
  if (!found) {
    request.route = path_known ? "(method not allowed)" : "(unknown)";
    return problem_response(
        path_known ? make_problem(405, "method-not-allowed",
                                  request.method + " is not allowed on " + request.path)
                   : make_problem(404, "no-such-route", "no route " + request.path));
  }
  request.route = found->pattern;
  match(found->pattern, request.path, params);
  request.params = std::move(params);
  try {
    return found->handler(*this, request);
  } catch (const Error& e) {
    return problem_response(problem_from(e));
  } catch (const std::exception& e) {
    // A bug or an unexpected failure: logged, answered without internals.
    std::lock_guard lock(log_mu_);
    std::cerr << "trustfund: internal error on " << request.method << " " << request.route << ": "
              << e.what() << "\n";
    return problem_response(make_problem(500, "internal", "the service failed; see its log"));
  }
}

void Service::log_access(const Request& request, const Response& response,
                         std::int64_t latency_us) {
  std::string line = "{\"ts\":";
  crypto::append_json_string(line, utc_timestamp_now());
  line += ",\"remote\":";
  crypto::append_json_string(line, request.remote);
  line += ",\"method\":";
  crypto::append_json_string(line, request.method);
  line += ",\"route\":";
  crypto::append_json_string(line, request.route);
  line += ",\"status\":" + std::to_string(response.status) +
          ",\"bytes\":" + std::to_string(response.body.size()) +
          ",\"latency_us\":" + std::to_string(latency_us) + "}\n";
  std::lock_guard lock(log_mu_);
  std::ostream& out = log_file_ ? *log_file_ : std::cerr;
  out << line;
  out.flush();
}

// ---- Poco glue ---------------------------------------------------------------------------------

namespace {

class RequestHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit RequestHandler(Service& service) : service_(service) {}

  void handleRequest(Poco::Net::HTTPServerRequest& in,
                     Poco::Net::HTTPServerResponse& out) override {
    const auto started = std::chrono::steady_clock::now();
    Request request;
    Response response;
    try {
      response = serve(in, request);
    } catch (const Error& e) {
      response = problem_response(problem_from(e));
    } catch (const std::exception&) {
      response =
          problem_response(make_problem(400, "bad-request", "the request could not be read"));
    }
    const auto latency = std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::steady_clock::now() - started)
                             .count();
    out.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
    out.setContentType(response.content_type);
    out.set("Cache-Control", "no-store");
    out.set("X-Content-Type-Options", "nosniff");
    // The pages served (a statement, a receipt) are self-contained: their own styles and inline
    // SVG, no script, nothing fetched from elsewhere, never framed.
    out.set("Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'");
    out.set("Referrer-Policy", "no-referrer");
    if (service_.stopping())
      out.setKeepAlive(false);  // let clients go while we drain
    for (const auto& [name, value] : response.headers)
      out.set(name, value);
    out.setContentLength64(static_cast<Poco::Int64>(response.body.size()));
    if (request.method == "HEAD") {
      out.send();
    } else {
      out.send().write(response.body.data(), static_cast<std::streamsize>(response.body.size()));
    }
    if (request.route.empty())
      request.route = "(unparsed)";
    service_.metrics().observe_request(request.method, request.route, response.status, latency);
    service_.log_access(request, response, latency);
  }

 private:
  Response serve(Poco::Net::HTTPServerRequest& in, Request& request) {
    request.method = in.getMethod();
    request.remote = in.clientAddress().host().toString();
    const auto& proxies = service_.config().trusted_proxies;
    if (in.has("X-Forwarded-For") &&
        std::find(proxies.begin(), proxies.end(), request.remote) != proxies.end()) {
      const std::string forwarded = in.get("X-Forwarded-For");
      const std::size_t comma = forwarded.rfind(',');
      std::string client = forwarded.substr(comma == std::string::npos ? 0 : comma + 1);
      client.erase(0, client.find_first_not_of(' '));
      client.erase(client.find_last_not_of(' ') + 1);
      if (!client.empty() && client.size() <= 64)
        request.remote = client;
    }
    const Poco::URI uri(in.getURI());
    request.path = uri.getPath();
    for (const auto& [k, v] : uri.getQueryParameters())
      request.query[k] = v;
    std::size_t header_bytes = in.getMethod().size() + in.getURI().size();
    for (const auto& [name, value] : in)
      header_bytes += name.size() + value.size() + 4;
    if (header_bytes > service_.config().max_header_bytes) {
      request.route = "(headers too large)";
      return problem_response(make_problem(431, "headers-too-large",
                                           "the request line and headers are larger than " +
                                               std::to_string(service_.config().max_header_bytes) +
                                               " bytes"));
    }
    request.content_type = in.getContentType();
    request.idempotency_key = in.get("Idempotency-Key", "");
    const std::string auth = in.get("Authorization", "");
    if (auth.rfind("Bearer ", 0) == 0)
      request.bearer_token = auth.substr(7);

    const std::size_t limit = service_.config().max_body_bytes;
    if (in.getContentLength64() > static_cast<Poco::Int64>(limit)) {
      request.route = "(body too large)";
      return problem_response(make_problem(
          413, "payload-too-large", "the body is larger than " + std::to_string(limit) + " bytes"));
    }
    if (in.getContentLength64() != 0) {
      std::istream& body = in.stream();
      std::string buffer(64 * 1024, '\0');
      while (body) {
        body.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        request.body.append(buffer.data(), static_cast<std::size_t>(body.gcount()));
        if (request.body.size() > limit) {
          request.route = "(body too large)";
          return problem_response(
              make_problem(413, "payload-too-large",
                           "the body is larger than " + std::to_string(limit) + " bytes"));
        }
      }
    }
    return service_.dispatch(request);
  }

  Service& service_;
};

class HandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit HandlerFactory(Service& service) : service_(service) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new RequestHandler(service_);
  }

 private:
  Service& service_;
};

}  // namespace

void Service::start() {
  std::string warning;
  store::DataDir::Options options;
  options.master_key_file = config_.master_key_file;
  data_dir_.emplace(store::DataDir::open(config_.data_dir, options, &warning));
  if (!warning.empty())
    std::cerr << warning << "\n";
  if (!config_.access_log.empty() && config_.access_log != "-") {
    log_file_ = std::make_unique<std::ofstream>(config_.access_log, std::ios::app);
    if (!*log_file_) {
      throw Error(ErrorKind::storage, "io", "access_log",
                  "cannot open the access log " + config_.access_log.string());
    }
  }
  // Poco's default pool holds 16 threads; each kept-alive connection occupies one.
  threads_ = std::make_unique<Poco::ThreadPool>(2, config_.max_threads);
  auto params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(config_.max_threads);
  params->setMaxQueued(config_.max_connections);
  params->setTimeout(Poco::Timespan(config_.request_timeout_ms / 1000,
                                    (config_.request_timeout_ms % 1000) * 1000));
  params->setKeepAlive(true);
  params->setMaxKeepAliveRequests(1000);
  params->setKeepAliveTimeout(Poco::Timespan(10, 0));
  const Poco::Net::SocketAddress address(config_.host, config_.port);
  try {
    if (!config_.tls_cert.empty() || !config_.tls_key.empty()) {
      if (config_.tls_cert.empty() || config_.tls_key.empty()) {
        throw Error::invalid("tls", "tls-cert", "--tls-cert and --tls-key go together");
      }
      Poco::Net::initializeSSL();
      Poco::Net::Context::Ptr context =
          new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, config_.tls_key.string(),
                                 config_.tls_cert.string(), "", Poco::Net::Context::VERIFY_NONE);
      context->disableProtocols(Poco::Net::Context::PROTO_SSLV2 | Poco::Net::Context::PROTO_SSLV3 |
                                Poco::Net::Context::PROTO_TLSV1 |
                                Poco::Net::Context::PROTO_TLSV1_1);
      Poco::Net::SecureServerSocket socket(address, 64, context);
      server_ = std::make_unique<Poco::Net::HTTPServer>(new HandlerFactory(*this), *threads_,
                                                        socket, params);
    } else {
      Poco::Net::ServerSocket socket(address, 64);
      server_ = std::make_unique<Poco::Net::HTTPServer>(new HandlerFactory(*this), *threads_,
                                                        socket, params);
    }
  } catch (const Poco::Exception& e) {
    throw Error(ErrorKind::storage, "listen", "listen",
                "cannot listen on " + config_.host + ":" + std::to_string(config_.port) + ": " +
                    e.displayText());
  }
  server_->start();
}

std::uint16_t Service::port() const {
  return server_ ? server_->port() : 0;
}

void Service::stop(int grace_ms) {
  stopping_ = true;
  if (server_) {
    server_->stop();  // no new connections; those open are served to the end
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(grace_ms);
    while (server_->currentConnections() > 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    server_->stopAll(true);
    server_.reset();
    threads_->joinAll();
  }
  std::lock_guard lock(estates_mu_);
  estates_.clear();  // CommitQueue destructors drain and commit what is queued
}

}  // namespace trustfund::api
