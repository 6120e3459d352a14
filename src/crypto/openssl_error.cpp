#include "trustfund/crypto/openssl_error.h"

#include <openssl/err.h>

#include <string>

namespace trustfund::crypto {

void throw_openssl_error(std::string_view what, ErrorKind kind) {
  std::string message(what);
  message += " failed";
  // The earliest error is the root cause; the rest of the queue is drained so a later, unrelated
  // failure on this thread is not blamed on it.
  const unsigned long first = ERR_get_error();
  if (first != 0) {
    char reason[256];
    ERR_error_string_n(first, reason, sizeof reason);
    message += ": ";
    message += reason;
  }
  ERR_clear_error();
  throw Error(kind, "openssl-failure", "", message);
}

}  // namespace trustfund::crypto
