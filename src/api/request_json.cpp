#include "request_json.h"

#include <limits>

#include "json_out.h"
#include "trustfund/api/problem.h"
#include "trustfund/core/error.h"

namespace trustfund::api {

Response json(std::string body, int status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response csv_rows_problem(const std::vector<csv::RowError>& errors) {
  std::string rows = "[";
  for (std::size_t i = 0; i < errors.size(); ++i) {
    if (i)
      rows += ',';
    rows += "{\"line\":" + std::to_string(errors[i].line);
    member(rows, "field", errors[i].field);
    member(rows, "type", "urn:trustfund:problem:" + errors[i].type);
    member(rows, "detail", errors[i].detail);
    rows += '}';
  }
  Problem p = make_problem(
      400, "csv-rows",
      std::to_string(errors.size()) + " row(s) are not valid; nothing was imported", "body");
  p.errors_json = rows + "]";
  return problem_response(p);
}

void require_json(const Request& request) {
  if (request.content_type.rfind("application/json", 0) != 0) {
    throw Error::invalid("content-type", "Content-Type", "send the body as application/json");
  }
}

const json::ErrorFaults& body_faults() {
  static const json::ErrorFaults faults = json::ErrorFaults::one_type("body-shape", "body");
  return faults;
}

const json::ErrorFaults& body_faults_by_kind() {
  static const json::ErrorFaults faults = [] {
    json::ErrorFaults f = json::ErrorFaults::by_kind("body", "body-shape");
    f.missing_member = f.wrong_type;
    return f;
  }();
  return faults;
}

namespace {

// The body of a request that says it is JSON; its size is bounded by the server
// (--max-body-bytes), so the parser sets no bound of its own.
const std::string& json_body(const Request& request) {
  require_json(request);
  return request.body;
}

}  // namespace

JsonBody::JsonBody(const Request& request, std::initializer_list<std::string_view> allowed,
                   const json::ErrorFaults& faults)
    : document_(json_body(request), faults, {.max_bytes = std::numeric_limits<std::size_t>::max()}),
      object_(document_.object()) {
  object_.only(allowed);
}

std::string JsonBody::text(const char* name, std::size_t max_bytes) const {
  return object_.text(name, {.max_bytes = max_bytes, .lines = std::nullopt});
}

std::string JsonBody::text_or(const char* name, const std::string& fallback,
                              std::size_t max_bytes) const {
  return object_.has(name) ? text(name, max_bytes) : fallback;
}

std::string JsonBody::text_or_empty(const char* name, std::size_t max_bytes) const {
  return object_
      .optional_text(name, {.min_bytes = 0, .max_bytes = max_bytes, .lines = std::nullopt})
      .value_or("");
}

}  // namespace trustfund::api
