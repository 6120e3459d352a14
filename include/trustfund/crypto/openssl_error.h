// Turns an OpenSSL failure into a trustfund::Error.
//
// OpenSSL reports failures through a thread-local error queue. Every call into OpenSSL in this
// module that can fail is checked, and a failure becomes an Error that names the operation and
// carries OpenSSL's own reason, so an operator sees "SHA-256 init failed: ..." rather than a crash.
//
// Thread-safety: thread-safe (the OpenSSL error queue is per thread).
#pragma once

#include <string_view>

#include "trustfund/core/error.h"

namespace trustfund::crypto {

// Drains the calling thread's OpenSSL error queue and throws Error(kind, "openssl-failure", "",
// "<what> failed: <OpenSSL reason>").
[[noreturn]] void throw_openssl_error(std::string_view what, ErrorKind kind = ErrorKind::storage);

}  // namespace trustfund::crypto
