// Reading JSON request bodies, and the plain JSON response.
//
// A JsonBody is one JSON object (json::Document, core/json_reader.h: a member given twice, a
// wrong type, a number where a string is read are refused) whose members are all named in
// `allowed` (an unknown member is refused, so a typo never drops data silently). Every failure is
// Error::invalid naming the member at fault: "json-syntax" (field "body") for a body that is not
// JSON, and for the rest the types of the body's Faults: "body-shape" for every fault (the first
// routes), or by kind ("unknown-member", "member-type"; the escrow and repair routes).
//
// The strings text() returns are bounded in length only: each goes on to a parser (a date, an
// amount, a code) or to the domain's check of its text, which applies the one rule for control
// characters (core/utf8.h) with the domain's own error.
//
// Thread-safety: a JsonBody is used by the one thread handling its request.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "trustfund/api/service.h"
#include "trustfund/core/csv.h"
#include "trustfund/core/json_reader.h"

namespace trustfund::api {

// A JSON response with `status`.
Response json(std::string body, int status = 200);

// The answer to a CSV import with bad rows: a 400 problem "csv-rows" whose `errors` member lists
// every bad row (line, field, type, detail); nothing was imported.
Response csv_rows_problem(const std::vector<csv::RowError>& errors);

// Throws Error::invalid("content-type", "Content-Type") unless the request says application/json.
void require_json(const Request& request);

// Every fault of a body is "body-shape".
const json::ErrorFaults& body_faults();
// Faults of a body by kind: "unknown-member", "duplicate-member", "member-type" (for a member of
// the wrong type and a missing one alike).
const json::ErrorFaults& body_faults_by_kind();

class JsonBody {
 public:
  // Reads the body of `request` (which must say application/json), refusing members not in
  // `allowed`.
  JsonBody(const Request& request, std::initializer_list<std::string_view> allowed,
           const json::ErrorFaults& faults = body_faults());

  // A required string member, 1-`max_bytes` bytes.
  std::string text(const char* name, std::size_t max_bytes = 1000) const;
  // An optional string member.
  std::string text_or(const char* name, const std::string& fallback,
                      std::size_t max_bytes = 1000) const;
  // An optional string member that may also be empty ("" when absent).
  std::string text_or_empty(const char* name, std::size_t max_bytes = 1000) const;

  // The body, for members that are not strings.
  const json::ObjectReader& object() const noexcept { return object_; }

 private:
  json::Document document_;
  json::ObjectReader object_;
};

}  // namespace trustfund::api
