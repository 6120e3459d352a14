#include "trustfund/core/error.h"

#include <utility>

namespace trustfund {

const char* to_string(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::invalid_input:
      return "invalid_input";
    case ErrorKind::not_found:
      return "not_found";
    case ErrorKind::conflict:
      return "conflict";
    case ErrorKind::rule_violation:
      return "rule_violation";
    case ErrorKind::access_denied:
      return "access_denied";
    case ErrorKind::integrity:
      return "integrity";
    case ErrorKind::storage:
      return "storage";
  }
  return "unknown";
}

Error::Error(ErrorKind kind, std::string type, std::string field, const std::string& message)
    : std::runtime_error(message), kind_(kind), type_(std::move(type)), field_(std::move(field)) {}

}  // namespace trustfund
