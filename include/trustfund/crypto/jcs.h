// Canonical JSON bytes (RFC 8785, JSON Canonicalization Scheme) for everything trustfund signs or
// hashes: journal entries (Merkle leaves), statement manifests, disbursement orders.
//
// Only the I-JSON subset trustfund produces is accepted, so that canonicalization never needs
// IEEE 754 binary64 arithmetic (docs/tamper-evidence.md says why):
//   - objects, with members sorted by the UTF-16 code units of their keys; duplicate keys throw
//     Error::invalid("jcs-duplicate-key");
//   - arrays, strings, true, false, null;
//   - numbers that are integers with |n| <= 2^53 - 1, written without fraction or exponent.
//     Anything else throws Error::invalid("jcs-number"): money travels as decimal strings;
//   - strings of valid UTF-8 (no lone surrogates), else Error::invalid("jcs-utf8").
// Output has no whitespace; strings escape only '"', '\\' and U+0000..U+001F (as \b \f \n \r \t
// or \u00xx in lower-case hex), every other character is raw UTF-8 (RFC 8785 3.2.2.2).
//
// Thread-safety: all functions are thread-safe; append_json_string writes only to `out`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <Poco/Dynamic/Var.h>

#include "trustfund/core/json.h"

namespace trustfund::crypto {

// Largest integer magnitude accepted: 2^53 - 1, the largest an IEEE 754 binary64 number (what a
// browser or any RFC 8785 implementation parses JSON numbers into) represents exactly.
inline constexpr std::int64_t kJcsMaxInteger = json::kMaxInteger;
// Deepest nesting of arrays and objects accepted (Error::invalid("jcs-depth") beyond).
inline constexpr std::size_t kJcsMaxDepth = 64;
// Longest JSON text canonicalize_json accepts (Error::invalid("json-too-large") beyond).
inline constexpr std::size_t kJcsMaxTextBytes = std::size_t{16} << 20;

// Canonical form of a value built by Poco: Poco::JSON::Object / Array (by value or ::Ptr; a null
// Ptr is null), Poco::Dynamic::Array, Poco::DynamicStruct, std::string, integer types, bool, and
// an empty Var (null). Other types (e.g. a non-integral number) throw as described above.
std::string canonicalize(const Poco::Dynamic::Var& value);

// The canonical form of a json::Value (core/json.h), e.g. one json::parse returned.
std::string canonicalize_value(const json::Value& value);

// Parses `json_text` with json::parse (strict: see core/json.h; at most kJcsMaxTextBytes and
// kJcsMaxDepth) and returns its canonical form. The top level must be an object or array (I-JSON,
// RFC 7493 4.1). Syntax errors throw Error::invalid("json-syntax"), plus the errors above.
std::string canonicalize_json(std::string_view json_text);

// Appends the quoted, escaped canonical form of the string `utf8` to `out`. Validates the UTF-8
// (Error::invalid("jcs-utf8"); `out` is then left as it was). Allocates only by growing `out`.
// For hand-written canonical writers on hot paths.
void append_json_string(std::string& out, std::string_view utf8);

// Appends the canonical form of an integer. Throws Error::invalid("jcs-number") if
// |value| > kJcsMaxInteger.
void append_json_integer(std::string& out, std::int64_t value);

// Orders object keys as RFC 8785 3.2.3 does: by UTF-16 code units (which differs from byte order
// for characters above U+FFFF against U+E000..U+FFFF). Keys must be valid UTF-8
// (Error::invalid("jcs-utf8")). For hand-written writers whose keys are not plain ASCII.
bool jcs_key_less(std::string_view a, std::string_view b);

// Returns the byte offset of the first ill-formed UTF-8 sequence in `text`, or
// std::string_view::npos if `text` is valid UTF-8: utf8::find_invalid (core/utf8.h).
std::size_t find_invalid_utf8(std::string_view text) noexcept;

}  // namespace trustfund::crypto
