// The one error type for expected failures: bad input, broken rules, conflicts, bad keys.
//
// Every expected failure in trustfund is an `Error`. It carries a `kind` (which decides the HTTP
// status and the problem-type family in api/), a stable `type` slug (the `type` of the
// problem+json body, e.g. "amount-too-many-decimals"), the `field` at fault (may be empty), and a
// human-readable message. Programmer errors are asserts, never `Error`s.
//
// Thread-safety: immutable after construction.
#pragma once

#include <stdexcept>
#include <string>

namespace trustfund {

enum class ErrorKind {
  invalid_input,   // malformed or out-of-range input (HTTP 400)
  not_found,       // a named thing does not exist (HTTP 404)
  conflict,        // clashes with what is recorded, e.g. idempotency key reuse (HTTP 409)
  rule_violation,  // well-formed but forbidden by a domain rule, e.g. closed period (HTTP 422)
  access_denied,   // wrong key, missing permission (HTTP 403)
  integrity,       // stored data fails a check: tampering or corruption
  storage,         // the database or file system failed
};

// Returns a stable lower-case name for `kind`, e.g. "invalid_input".
const char* to_string(ErrorKind kind) noexcept;

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string type, std::string field, const std::string& message);

  ErrorKind kind() const noexcept { return kind_; }
  const std::string& type() const noexcept { return type_; }
  const std::string& field() const noexcept { return field_; }

  // Shorthands for the common kinds.
  static Error invalid(std::string type, std::string field, const std::string& message) {
    return Error(ErrorKind::invalid_input, std::move(type), std::move(field), message);
  }
  static Error rule(std::string type, std::string field, const std::string& message) {
    return Error(ErrorKind::rule_violation, std::move(type), std::move(field), message);
  }
  static Error conflict(std::string type, std::string field, const std::string& message) {
    return Error(ErrorKind::conflict, std::move(type), std::move(field), message);
  }
  static Error not_found(std::string type, std::string field, const std::string& message) {
    return Error(ErrorKind::not_found, std::move(type), std::move(field), message);
  }

 private:
  ErrorKind kind_;
  std::string type_;
  std::string field_;
};

}  // namespace trustfund
