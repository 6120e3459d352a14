#include "request_json.h"

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cstring>

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

JsonBody::JsonBody(const Request& request, std::initializer_list<const char*> allowed) {
  require_json(request);
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser;
    parsed = parser.parse(request.body);
  } catch (const Poco::Exception& e) {
    throw Error::invalid("json-syntax", "body", "the body is not valid JSON: " + e.message());
  }
  if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
    throw Error::invalid("body-shape", "body", "the body must be a JSON object");
  }
  object_ = parsed.extract<Poco::JSON::Object::Ptr>();
  for (const auto& [name, value] : *object_) {
    const bool known =
        std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return name == a; });
    if (!known)
      throw Error::invalid("body-shape", name, "unknown member \"" + name + "\"");
  }
}

std::string JsonBody::text(const char* name, std::size_t max_bytes) const {
  if (!object_->has(name)) {
    throw Error::invalid("body-shape", name, std::string(name) + " is required");
  }
  const Poco::Dynamic::Var value = object_->get(name);
  if (!value.isString()) {
    throw Error::invalid("body-shape", name, std::string(name) + " must be a string");
  }
  std::string text = value.extract<std::string>();
  if (text.empty() || text.size() > max_bytes) {
    throw Error::invalid("body-shape", name,
                         std::string(name) + " must be 1-" + std::to_string(max_bytes) + " bytes");
  }
  return text;
}

std::string JsonBody::text_or(const char* name, const std::string& fallback,
                              std::size_t max_bytes) const {
  return object_->has(name) ? text(name, max_bytes) : fallback;
}

std::string JsonBody::text_or_empty(const char* name, std::size_t max_bytes) const {
  if (object_->has(name) && object_->get(name).isString() &&
      object_->get(name).extract<std::string>().empty())
    return "";
  return text_or(name, "", max_bytes);
}

}  // namespace trustfund::api
