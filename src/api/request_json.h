// Reading JSON request bodies, and the plain JSON response.
//
// A JsonBody is one JSON object whose members are all named in `allowed` (an unknown member is
// refused, so a typo never drops data silently) and whose text members are read by name; every
// failure is Error::invalid naming the member at fault.
#pragma once

#include <Poco/JSON/Object.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "trustfund/api/service.h"
#include "trustfund/core/csv.h"

namespace trustfund::api {

// A JSON response with `status`.
Response json(std::string body, int status = 200);

// The answer to a CSV import with bad rows: a 400 problem "csv-rows" whose `errors` member lists
// every bad row (line, field, type, detail); nothing was imported.
Response csv_rows_problem(const std::vector<csv::RowError>& errors);

// Throws Error::invalid("content-type", "Content-Type") unless the request says application/json.
void require_json(const Request& request);

class JsonBody {
 public:
  JsonBody(const Request& request, std::initializer_list<const char*> allowed);

  // A required string member, 1-`max_bytes` bytes.
  std::string text(const char* name, std::size_t max_bytes = 1000) const;
  // An optional string member.
  std::string text_or(const char* name, const std::string& fallback,
                      std::size_t max_bytes = 1000) const;
  // An optional string member that may also be empty ("" when absent).
  std::string text_or_empty(const char* name, std::size_t max_bytes = 1000) const;

 private:
  Poco::JSON::Object::Ptr object_;
};

}  // namespace trustfund::api
