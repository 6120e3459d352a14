// RFC 9457 problem details: how every failure leaves the HTTP API.
//
// Every trustfund Error maps to exactly one status and a stable problem type
// "urn:trustfund:problem:<slug>", with a human title, the detail message and the field at fault.
// Bad input is always 4xx; only a failure of the service itself is 5xx.
#pragma once

#include <string>

#include "trustfund/core/error.h"

namespace trustfund::api {

struct Problem {
  int status = 500;
  std::string type;  // urn:trustfund:problem:<slug>
  std::string title;
  std::string detail;
  std::string field;
  std::string errors_json;  // optional "errors" member: a JSON array, one object per bad row
};

Problem problem_from(const Error& error);
// A problem with an explicit status and slug (for HTTP-level failures: 404 route, 405, 413).
Problem make_problem(int status, const std::string& slug, const std::string& detail,
                     const std::string& field = "");
// The problem as an application/problem+json body.
std::string to_json(const Problem& problem);
// The problem as a response (with WWW-Authenticate on 401).
struct Response;
Response problem_response(const Problem& problem);

}  // namespace trustfund::api
