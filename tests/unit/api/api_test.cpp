// The HTTP layer's own rules, without a socket: error mapping, routing, metrics, the document.
#include <catch2/catch_test_macros.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include "trustfund/api/metrics.h"
#include "trustfund/api/problem.h"
#include "trustfund/api/service.h"
#include "trustfund/core/error.h"

using namespace trustfund;

TEST_CASE("every error kind maps to one status, and bad input is never a 5xx") {
  CHECK(api::problem_from(Error::invalid("x", "f", "m")).status == 400);
  CHECK(api::problem_from(Error::not_found("x", "f", "m")).status == 404);
  CHECK(api::problem_from(Error::conflict("x", "f", "m")).status == 409);
  CHECK(api::problem_from(Error::rule("x", "f", "m")).status == 422);
  CHECK(api::problem_from(Error(ErrorKind::access_denied, "forbidden", "", "m")).status == 403);
  CHECK(api::problem_from(Error(ErrorKind::access_denied, "unauthenticated", "", "m")).status ==
        401);
  CHECK(api::problem_from(Error::rule("too-many-attempts", "username", "m")).status == 429);
  CHECK(api::problem_from(Error(ErrorKind::storage, "busy", "", "m")).status == 503);
}

TEST_CASE("a problem body carries the stable type, the field at fault and row errors") {
  api::Problem p = api::problem_from(Error::invalid("amount-syntax", "postings[1].amount", "bad"));
  CHECK(p.type == "urn:trustfund:problem:amount-syntax");
  p.errors_json = R"([{"line":3}])";
  const std::string body = api::to_json(p);
  CHECK(body.find(R"("field":"postings[1].amount")") != std::string::npos);
  CHECK(body.find(R"("status":400)") != std::string::npos);
  CHECK(body.find(R"("errors":[{"line":3}]})") != std::string::npos);
  const api::Response r = api::problem_response(
      api::problem_from(Error(ErrorKind::access_denied, "unauthenticated", "", "m")));
  CHECK(r.content_type == "application/problem+json");
  REQUIRE(r.headers.size() == 1);
  CHECK(r.headers[0].first == "WWW-Authenticate");
}

TEST_CASE("an unknown path is 404 and a known path with another method is 405") {
  api::Service service(api::ServiceConfig{});
  api::Request unknown;
  unknown.method = "GET";
  unknown.path = "/api/v1/nothing";
  CHECK(service.dispatch(unknown).status == 404);
  api::Request wrong_method;
  wrong_method.method = "DELETE";
  wrong_method.path = "/api/v1/estates/sunrise/entries";
  const api::Response r = service.dispatch(wrong_method);
  CHECK(r.status == 405);
  CHECK(r.content_type == "application/problem+json");
  api::Request health;
  health.method = "GET";
  health.path = "/healthz";
  CHECK(service.dispatch(health).status == 200);
  CHECK(health.route == "/healthz");
}

TEST_CASE("a route without a token is refused with 401 before anything is opened") {
  api::Service service(api::ServiceConfig{});  // not started: no data directory at all
  api::Request r;
  r.method = "GET";
  r.path = "/api/v1/estates/sunrise/balances";
  const api::Response response = service.dispatch(r);
  CHECK(response.status == 401);
  CHECK(r.params.at("estate") == "sunrise");
}

TEST_CASE("routes are unique by method and pattern") {
  std::set<std::string> seen;
  for (const api::Route& route : api::api_routes()) {
    CHECK(seen.insert(route.method + " " + route.pattern).second);
  }
  CHECK(seen.size() >= 20);
}

TEST_CASE("the served OpenAPI document is docs/openapi.yaml byte for byte") {
  std::ifstream f(std::string(TRUSTFUND_SOURCE_DIR) + "/docs/openapi.yaml", std::ios::binary);
  REQUIRE(f);
  std::ostringstream text;
  text << f.rdbuf();
  CHECK(api::openapi_document() == text.str());
}

TEST_CASE("metrics render counters and cumulative latency buckets in Prometheus text") {
  api::Metrics m;
  m.observe_request("GET", "/healthz", 200, 400);
  m.observe_request("GET", "/healthz", 200, 3000);
  m.set_histogram("trustfund_commit_batch_size", "sizes", {1, 2, 4}, {5, 0, 2}, 13);
  const std::string text = m.render();
  CHECK(
      text.find(R"(trustfund_http_requests_total{method="GET",route="/healthz",status="200"} 2)") !=
      std::string::npos);
  CHECK(
      text.find(
          R"(trustfund_http_request_duration_seconds_bucket{method="GET",route="/healthz",le="0.000500"} 1)") !=
      std::string::npos);
  CHECK(
      text.find(
          R"(trustfund_http_request_duration_seconds_bucket{method="GET",route="/healthz",le="0.005000"} 2)") !=
      std::string::npos);
  CHECK(text.find("trustfund_commit_batch_size_bucket{le=\"4\"} 7") != std::string::npos);
  CHECK(text.find("trustfund_commit_batch_size_count 7") != std::string::npos);
  CHECK(text.find("# TYPE trustfund_commit_batch_size histogram") != std::string::npos);
}
