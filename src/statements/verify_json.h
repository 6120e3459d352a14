// Reading the JSON files of a statement directory (manifest.json, custodians.json,
// statement.json, a resident proof and its leaf) for `trustfund verify`, through the core reader
// (core/json_reader.h), with every fault described as the checks have always described it:
// "manifest.journal has no member \"root\"", "custodians.json custodians[1].role must be a
// string". Every problem throws Bad (verify_check.h).
//
// Thread-safety: a PublishedJson is read by one thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "trustfund/core/json_reader.h"
#include "trustfund/crypto/sha256.h"

namespace trustfund::statements::verifier {

// Faults of one document as Bad, each naming the place at fault as the checks name it.
class VerifyFaults final : public json::Faults {
 public:
  VerifyFaults(std::string label, char nested) : label_(std::move(label)), nested_(nested) {}

  // How the checks name the object or element at `path`: the label alone for the top level, the
  // label and `nested` before the path of anything below it ("manifest.journal",
  // "statement.json estate", "custodians.json custodians[0]").
  std::string at(std::string_view path) const;
  // How they name the member `name` of the object at `container`: "statement.json.estate" (a
  // member of the top level), "statement.json estate.id".
  std::string member(std::string_view container, std::string_view name) const;

 private:
  void report(const json::Fault& fault) const override;

  std::string label_;
  char nested_;
};

// One parsed document and the names of its places.
class PublishedJson {
 public:
  // Parses `text` strictly, as canonical JSON is read (crypto/jcs.h: at most kJcsMaxTextBytes,
  // kJcsMaxDepth deep); a text that is not JSON, or whose top level is not an object, is Bad
  // naming `file`. `label` names the document in details ("manifest", "the proof"); `nested` goes
  // between it and the path of a place below the top level: '.' (or ' ', as the details of
  // custodians.json and statement.json have always read); see VerifyFaults.
  PublishedJson(const std::string& text, std::string_view file, std::string label,
                char nested = '.');
  PublishedJson(const PublishedJson&) = delete;
  PublishedJson& operator=(const PublishedJson&) = delete;

  json::ObjectReader root() const { return json::ObjectReader(value_, faults_, ""); }

  // Where the object or element at `path` is ("manifest.files[2]"), and where the member `key` of
  // `o` is ("manifest.files[2].sha256").
  std::string at(std::string_view path) const { return faults_.at(path); }
  std::string at(const json::ObjectReader& o, std::string_view key) const;

  // The member `key` of `o` as a SHA-256: 64 lower-case hex digits.
  crypto::Digest digest(const json::ObjectReader& o, std::string_view key) const;
  // The member `key` of `o`: an array of at most `max` SHA-256s (a proof's hashes).
  std::vector<crypto::Digest> digests(const json::ObjectReader& o, std::string_view key,
                                      std::size_t max) const;
  // The elements of the array `key` of `o`, each an object.
  std::vector<json::ObjectReader> objects(const json::ObjectReader& o, std::string_view key) const;

 private:
  json::Value value_;
  VerifyFaults faults_;
};

// Checks that `text` is canonical JSON (RFC 8785) as crypto/jcs.h writes it; Bad naming `name`
// and the first byte that differs otherwise.
void require_canonical(const std::string& text, std::string_view name);

// `s`, named `where`, as a SHA-256: 64 lower-case hex digits.
crypto::Digest digest_text(std::string_view s, const std::string& where);

// Whether `s` is exactly `digits` lower-case hex digits, the one spelling of a hash or salt.
// crypto::is_lower_hex (crypto/hex.h) is to do this for every module: when it lands, this
// function is replaced by it (verify_json.cpp holds the only definition).
bool is_lower_hex(std::string_view s, std::size_t digits);

}  // namespace trustfund::statements::verifier
