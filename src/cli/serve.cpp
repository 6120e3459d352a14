// `trustfund serve`: the HTTP service under Poco's ServerApplication.
//
// SIGTERM/SIGINT stop it gracefully: no new connections, requests in flight finish, queued
// writes are committed, files closed. The signals are blocked before any thread starts so that
// only the waiting main thread receives them.
#include <Poco/Util/ServerApplication.h>

#include <algorithm>
#include <csignal>
#include <iostream>
#include <optional>

#include "serve.h"
#include "trustfund/api/service.h"
#include "trustfund/core/error.h"

namespace trustfund::cli {
namespace {

class ServeApp : public Poco::Util::ServerApplication {
 public:
  ServeApp(api::ServiceConfig config, std::ostream& out) : config_(std::move(config)), out_(out) {}

 protected:
  int main(const std::vector<std::string>&) override {
    try {
      return serve();
    } catch (const Error& e) {
      failure_.emplace(e);  // reported by cmd_serve like any command's error
      return EXIT_SOFTWARE;
    }
  }

 public:
  const std::optional<Error>& failure() const noexcept { return failure_; }

 private:
  int serve() {
    api::Service service(config_);
    service.start();
    out_ << "trustfund serving " << config_.data_dir.string() << " on "
         << (config_.tls_cert.empty() ? "http://" : "https://") << config_.host << ":"
         << service.port() << " (Ctrl-C or SIGTERM to stop)" << std::endl;
    waitForTerminationRequest();
    out_ << "trustfund: stopping (finishing requests in flight)" << std::endl;
    service.stop(10000);
    out_ << "trustfund: stopped" << std::endl;
    return EXIT_OK;
  }

  api::ServiceConfig config_;
  std::optional<Error> failure_;
  std::ostream& out_;
};

int cmd_serve(const Context& ctx) {
  api::ServiceConfig config;
  config.data_dir = ctx.data_path();
  config.master_key_file = ctx.args.get_or("master-key-file", "");
  const std::string listen = ctx.args.get_or("listen", "127.0.0.1:8080");
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    throw Error::invalid("usage", "listen", "--listen must be HOST:PORT, e.g. 127.0.0.1:8080");
  }
  config.host = listen.substr(0, colon);
  if (config.host.size() > 2 && config.host.front() == '[') {
    config.host = config.host.substr(1, config.host.size() - 2);
  }
  {
    std::size_t used = 0;
    int port = -1;
    try {
      port = std::stoi(listen.substr(colon + 1), &used);
    } catch (const std::exception&) {
    }
    if (port < 0 || port > 65535 || used != listen.size() - colon - 1) {
      throw Error::invalid("usage", "listen", "the port in --listen must be 0-65535");
    }
    config.port = static_cast<std::uint16_t>(port);
  }
  config.tls_cert = ctx.args.get_or("tls-cert", "");
  config.tls_key = ctx.args.get_or("tls-key", "");
  config.max_body_bytes =
      static_cast<std::size_t>(ctx.args.integer_or("max-body-bytes", 1 << 20, 1024, 64 << 20));
  config.max_connections = static_cast<int>(ctx.args.integer_or("max-connections", 256, 1, 100000));
  config.max_threads = static_cast<int>(ctx.args.integer_or("threads", 128, 1, 1024));
  config.request_timeout_ms =
      static_cast<int>(ctx.args.integer_or("request-timeout-ms", 30000, 100, 3600000));
  config.max_page_size = static_cast<int>(ctx.args.integer_or("max-page-size", 1000, 1, 1000));
  config.access_log = ctx.args.get_or("access-log", "-");
  config.max_header_bytes =
      static_cast<std::size_t>(ctx.args.integer_or("max-header-bytes", 16 << 10, 1024, 1 << 20));
  if (const auto proxies = ctx.args.get("trusted-proxy")) {
    std::size_t start = 0;
    while (start <= proxies->size()) {
      const std::size_t comma = std::min(proxies->find(',', start), proxies->size());
      const std::string address = proxies->substr(start, comma - start);
      if (address.empty()) {
        throw Error::invalid("usage", "trusted-proxy",
                             "--trusted-proxy takes addresses separated by commas");
      }
      config.trusted_proxies.push_back(address);
      start = comma + 1;
    }
  }

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGQUIT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  ServeApp app(config, ctx.out);
  const int rc = app.run(std::vector<std::string>{"trustfund"});
  if (app.failure())
    throw *app.failure();
  return rc;
}

}  // namespace

// One entry a command with its help text: a table, as long as its texts, not logic.
std::vector<Command> serve_commands() {
  return {
      {"serve",
       "run the HTTP service",
       "usage: trustfund serve --data DIR [--listen HOST:PORT] [--tls-cert PEM --tls-key PEM]\n"
       "                       [--threads N] [--max-connections N] [--max-body-bytes N]\n"
       "                       [--max-header-bytes N] [--request-timeout-ms N]\n"
       "                       [--max-page-size N] [--access-log FILE]\n"
       "                       [--trusted-proxy IP[,IP...]]\n\n"
       "Serves API v1 (docs/openapi.yaml, also at /api/v1/openapi.yaml), /healthz and /metrics.\n"
       "Defaults: --listen 127.0.0.1:8080 (port 0: any free port, printed at start), 128 threads\n"
       "(each serves one kept-alive connection at a time), 256 more connections queued, 1 MiB\n"
       "bodies, 16 KiB of headers, 30 s per request, pages of 1000 at most, access log (JSON\n"
       "lines, no secrets) on standard error. With --tls-cert and --tls-key it serves HTTPS\n"
       "(TLS 1.2 and later). Behind a reverse proxy, name it with --trusted-proxy so that the\n"
       "client's address is taken from X-Forwarded-For (login limits, logs). SIGTERM or SIGINT\n"
       "stops it gracefully: no new connections, requests in flight finish, queued writes are\n"
       "committed, files closed.\n",
       {"listen", "tls-cert", "tls-key", "threads", "max-connections", "max-body-bytes",
        "max-header-bytes", "request-timeout-ms", "max-page-size", "access-log", "trusted-proxy"},
       {},
       cmd_serve,
       Output::streamed},
  };
}

}  // namespace trustfund::cli
