// The parts of `trustfund verify` (verify.h): how one check runs and says why it failed.
//
// The checks are split by what they read: verify_files.h (files within limits), verify_json.h
// (the published JSON, read through the core reader), verify_formats.h (the published formats),
// verify_checks.h (the checks of a directory, of the chain and views, and of a resident proof).
// Everything here is internal to the statements module.
//
// Thread-safety: a Checks appends to the vector it is given, from one thread.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "trustfund/crypto/sha256.h"
#include "trustfund/statements/verify.h"

namespace trustfund::statements::verifier {

// A problem with the input: becomes the detail of a failed check.
struct Bad {
  std::string why;
};

// `s` as a quoted JSON string, cut to its first 200 bytes, for a check's detail.
std::string json_quoted(std::string_view s);

// A SHA-256 as lower-case hex.
std::string hex(const crypto::Digest& d);

// Appends the checks run to `out`, each name after `prefix` ("previous: ", "month 2026-08: ").
class Checks {
 public:
  Checks(std::vector<VerifyCheck>& out, std::string prefix)
      : out_(out), prefix_(std::move(prefix)) {}

  // Runs `body`: it returns a note (empty for none) when the check passes, and throws Bad (or any
  // exception) when it fails. Returns whether it passed.
  bool run(const std::string& what, const std::function<std::string()>& body);

  // A check that cannot be made: failed, and says why.
  void not_checked(const std::string& what, const std::string& reason);

 private:
  void add(const std::string& what, bool ok, std::string detail);

  std::vector<VerifyCheck>& out_;
  std::string prefix_;
};

}  // namespace trustfund::statements::verifier
