// Reading the published JSON for `trustfund verify`; see verify_json.h.
#include "verify_json.h"

#include <algorithm>

#include "trustfund/core/error.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/crypto/jcs.h"
#include "verify_check.h"

namespace trustfund::statements::verifier {
namespace {

const char* wanted(json::Value::Type type) noexcept {
  switch (type) {
    case json::Value::Type::string:
      return "a string";
    case json::Value::Type::integer:
      return "a whole number";
    case json::Value::Type::object:
      return "an object";
    case json::Value::Type::array:
      return "an array";
    case json::Value::Type::boolean:
    case json::Value::Type::null:
      break;
  }
  return "another type";
}

// Checks `text` is strict I-JSON as crypto/jcs.h accepts it, as canonicalize_json parses it.
json::Value parse_strict(const std::string& text, std::string_view name) {
  try {
    return json::parse(text, {crypto::kJcsMaxTextBytes, crypto::kJcsMaxDepth});
  } catch (const Error& e) {
    throw Bad{std::string(name) + " is not valid JSON: " + e.what()};
  }
}

}  // namespace

std::string VerifyFaults::at(std::string_view path) const {
  return path.empty() ? label_ : label_ + nested_ + std::string(path);
}

std::string VerifyFaults::member(std::string_view container, std::string_view name) const {
  return (container.empty() ? label_ : at(container)) + "." + std::string(name);
}

void VerifyFaults::report(const json::Fault& f) const {
  const std::string where = f.name.empty() ? at(f.path) : member(f.container, f.name);
  switch (f.kind) {
    case json::Fault::Kind::unknown_member:
      throw Bad{at(f.container) + " has an unknown member " + json_quoted(f.name)};
    case json::Fault::Kind::missing_member:
      throw Bad{at(f.container) + " has no member " + json_quoted(f.name)};
    case json::Fault::Kind::wrong_type:
      throw Bad{where + " must be " + wanted(f.wanted)};
    case json::Fault::Kind::range:
      throw Bad{where + " must be at least " + std::to_string(f.min)};
    default:  // not raised by the reads of the published formats
      throw Bad{where + ": " + f.message};
  }
}

PublishedJson::PublishedJson(const std::string& text, std::string_view file, std::string label,
                             char nested)
    : value_(parse_strict(text, file)), faults_(std::move(label), nested) {
  if (!value_.is_object())
    throw Bad{std::string(file) + " is not a JSON object"};
}

std::string PublishedJson::at(const json::ObjectReader& o, std::string_view key) const {
  return faults_.member(o.path(), key);
}

crypto::Digest PublishedJson::digest(const json::ObjectReader& o, std::string_view key) const {
  return digest_text(o.string(key), at(o, key));
}

std::vector<crypto::Digest> PublishedJson::digests(const json::ObjectReader& o,
                                                   std::string_view key, std::size_t max) const {
  const json::ArrayReader a = o.array(key);
  if (a.size() > max)
    throw Bad{at(o, key) + " has " + std::to_string(a.size()) + " hashes, more than the " +
              std::to_string(max) + " a valid proof can have"};
  std::vector<crypto::Digest> out;
  for (std::size_t i = 0; i < a.size(); ++i)
    out.push_back(digest_text(a.string(i), at(o, key) + "[" + std::to_string(i) + "]"));
  return out;
}

std::vector<json::ObjectReader> PublishedJson::objects(const json::ObjectReader& o,
                                                       std::string_view key) const {
  const json::ArrayReader a = o.array(key);
  std::vector<json::ObjectReader> out;
  for (std::size_t i = 0; i < a.size(); ++i)
    out.push_back(a.object(i));
  return out;
}

void require_canonical(const std::string& text, std::string_view name) {
  const std::string canonical = crypto::canonicalize_value(parse_strict(text, name));
  if (canonical == text)
    return;
  const auto diff = std::mismatch(text.begin(), text.end(), canonical.begin(), canonical.end());
  throw Bad{std::string(name) + " is not in canonical form (RFC 8785): it differs at byte " +
            std::to_string(diff.first - text.begin())};
}

crypto::Digest digest_text(std::string_view s, const std::string& where) {
  if (!is_lower_hex(s, 64))
    throw Bad{where + " must be a SHA-256: 64 lower-case hex digits"};
  return crypto::digest_from_hex(s, where);
}

bool is_lower_hex(std::string_view s, std::size_t digits) {
  return s.size() == digits && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

}  // namespace trustfund::statements::verifier
