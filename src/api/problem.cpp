#include "trustfund/api/problem.h"

#include <Poco/JSON/Object.h>

#include <sstream>

namespace trustfund::api {
namespace {

const char* title_for(int status) {
  switch (status) {
    case 400:
      return "The request is not valid";
    case 401:
      return "Authentication is required";
    case 403:
      return "Not allowed";
    case 404:
      return "Not found";
    case 405:
      return "Method not allowed";
    case 409:
      return "Conflict with what is recorded";
    case 413:
      return "The request body is too large";
    case 415:
      return "Unsupported media type";
    case 422:
      return "The request breaks a rule of the books";
    case 429:
      return "Too many attempts";
    case 431:
      return "The request headers are too large";
    case 503:
      return "The service is busy";
    default:
      return "The service failed";
  }
}

int status_for(const Error& e) {
  // A few slugs carry HTTP meaning beyond their kind.
  if (e.type() == "unauthenticated")
    return 401;
  if (e.type() == "too-many-attempts")
    return 429;
  if (e.type() == "busy" || e.type() == "shutting-down")
    return 503;
  if (e.type() == "payload-too-large")
    return 413;
  switch (e.kind()) {
    case ErrorKind::invalid_input:
      return 400;
    case ErrorKind::not_found:
      return 404;
    case ErrorKind::conflict:
      return 409;
    case ErrorKind::rule_violation:
      return 422;
    case ErrorKind::access_denied:
      return 403;
    case ErrorKind::integrity:
    case ErrorKind::storage:
      return 500;
  }
  return 500;
}

}  // namespace

Problem make_problem(int status, const std::string& slug, const std::string& detail,
                     const std::string& field) {
  return Problem{status, "urn:trustfund:problem:" + slug, title_for(status), detail, field, ""};
}

Problem problem_from(const Error& error) {
  return make_problem(status_for(error), error.type(), error.what(), error.field());
}

std::string to_json(const Problem& problem) {
  Poco::JSON::Object body;
  body.set("type", problem.type);
  body.set("title", problem.title);
  body.set("status", problem.status);
  body.set("detail", problem.detail);
  if (!problem.field.empty())
    body.set("field", problem.field);
  std::ostringstream out;
  body.stringify(out);
  std::string text = out.str();
  if (!problem.errors_json.empty()) {
    text.pop_back();  // the closing brace
    text += ",\"errors\":" + problem.errors_json + "}";
  }
  return text;
}

}  // namespace trustfund::api
