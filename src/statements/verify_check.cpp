// Running one check of `trustfund verify`; see verify_check.h.
#include "verify_check.h"

#include <exception>
#include <utility>

#include "trustfund/core/error.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/crypto/jcs.h"

namespace trustfund::statements::verifier {

std::string json_quoted(std::string_view s) {
  std::string out;
  crypto::append_json_string(out, s.size() > 200 ? s.substr(0, 200) : s);
  return out;
}

std::string hex(const crypto::Digest& d) {
  return crypto::to_hex(d);
}

bool Checks::run(const std::string& what, const std::function<std::string()>& body) {
  try {
    add(what, true, body());
    return true;
  } catch (const Bad& b) {
    add(what, false, b.why);
  } catch (const Error& e) {
    add(what, false, std::string(e.what()) + " [" + e.type() + "]");
  } catch (const std::exception& e) {
    add(what, false, e.what());
  }
  return false;
}

void Checks::not_checked(const std::string& what, const std::string& reason) {
  add(what, false, "not checked: " + reason);
}

void Checks::add(const std::string& what, bool ok, std::string detail) {
  out_.push_back({prefix_ + what, ok, std::move(detail)});
}

}  // namespace trustfund::statements::verifier
