// The custodian set of a statement directory and who signed its manifest; see verify_checks.h
// (check_signers, part of check_directory).
#include <algorithm>
#include <map>
#include <set>

#include "trustfund/core/error.h"
#include "trustfund/crypto/cms.h"
#include "trustfund/crypto/jcs.h"
#include "verify_checks.h"
#include "verify_files.h"

namespace trustfund::statements::verifier {
namespace {

namespace fs = std::filesystem;
using crypto::Certificate;

constexpr const char* kUnsoundSet = "custodians.json is not a sound custodian set";

// "CN=Li Wei,... (key id 1a2b…)"
std::string who(const Certificate& c) {
  return c.subject_text() + " (key id " + hex(c.key_id()) + ")";
}

// The custodian set as far as its checks found it sound.
struct SetState {
  std::optional<CustodianSet> set;
  std::vector<Certificate> certificates;  // of set->custodians, in order
  std::map<crypto::Digest, const Custodian*> by_key;
  bool sound = false;  // the certificates parse and match their key ids
};

// custodians.json is a set for the manifest's estate, of the manifest's version.
void check_set(const fs::path& dir, const Manifest* m, SetState& s, Checks& checks) {
  const std::string set_what = "custodians.json is a custodian set for the estate";
  const std::string version_what = "custodian set version is the manifest's";
  if (!m) {
    const std::string no_manifest = "manifest.json cannot be read or is not well formed";
    checks.not_checked(set_what, no_manifest);
    checks.not_checked(version_what, no_manifest);
    return;
  }
  checks.run(set_what, [&]() -> std::string {
    s.set = parse_custodians(read_file(dir / kCustodiansJson, crypto::kJcsMaxTextBytes));
    if (s.set->estate != m->estate)
      throw Bad{"custodians.json is for estate " + json_quoted(s.set->estate) +
                ", the manifest for " + json_quoted(m->estate)};
    return "version " + std::to_string(s.set->version);
  });
  if (!s.set) {
    checks.not_checked(version_what, kUnsoundSet);
    return;
  }
  checks.run(version_what, [&]() -> std::string {
    if (s.set->version != m->custodian_set_version)
      throw Bad{"custodians.json is version " + std::to_string(s.set->version) +
                ", the manifest names version " + std::to_string(m->custodian_set_version)};
    return "";
  });
}

// Each certificate of the set has the key id given.
void check_key_ids(SetState& s, Checks& checks) {
  const std::string what = "custodian certificates match their key ids";
  if (!s.set) {
    checks.not_checked(what, kUnsoundSet);
    return;
  }
  s.sound = checks.run(what, [&]() -> std::string {
    std::string wrong;
    for (const Custodian& c : s.set->custodians) {
      Certificate cert = [&] {
        try {
          return Certificate::parse(c.certificate_pem);
        } catch (const Error& e) {
          throw Bad{"the " + c.role + " custodian's certificate: " + e.what()};
        }
      }();
      if (cert.key_id() != c.key_id) {
        wrong += (wrong.empty() ? "" : "; ") + std::string("the ") + c.role +
                 " custodian's certificate has key id " + hex(cert.key_id()) + ", not " +
                 hex(c.key_id);
      }
      s.certificates.push_back(std::move(cert));
    }
    if (!wrong.empty())
      throw Bad{wrong};
    return "";
  });
  if (s.sound) {
    for (const Custodian& c : s.set->custodians)
      s.by_key.emplace(c.key_id, &c);
  }
}

// custodians.pem holds exactly the certificates of custodians.json.
void check_pem(const fs::path& dir, const SetState& s, Checks& checks) {
  const std::string what = "custodians.pem holds the certificates of custodians.json";
  if (!s.sound) {
    checks.not_checked(what, kUnsoundSet);
    return;
  }
  checks.run(what, [&]() -> std::string {
    const auto pem = parse_pem_bundle(read_file(dir / kCustodiansPem, kMaxPemBytes));
    std::set<crypto::Digest> want, got;
    for (const Certificate& c : s.certificates)
      want.insert(c.fingerprint());
    for (const Certificate& c : pem)
      got.insert(c.fingerprint());
    for (const Certificate& c : pem) {
      if (!want.contains(c.fingerprint()))
        throw Bad{"custodians.pem holds " + who(c) +
                  ", which is not a certificate of custodians.json"};
    }
    for (std::size_t i = 0; i < s.certificates.size(); ++i) {
      if (!got.contains(s.certificates[i].fingerprint()))
        throw Bad{"custodians.pem lacks the " + s.set->custodians[i].role +
                  " custodian's certificate"};
    }
    return "";
  });
}

// Why the signers are not exactly the owners_committee and manager custodians ("" if they are).
std::string signer_problems(const std::vector<crypto::CmsSigner>& signers, const SetState& s) {
  std::vector<std::string> problems;
  std::set<std::string> roles;
  const std::string set_name = "custodians.json (version " + std::to_string(s.set->version) + ")";
  for (const crypto::CmsSigner& g : signers) {
    const auto it = s.by_key.find(g.certificate.key_id());
    if (it == s.by_key.end()) {
      problems.push_back("signer " + who(g.certificate) + " is not a custodian of " + set_name);
    } else if (it->second->role == "supervisor") {
      problems.push_back("signer " + who(g.certificate) +
                         " is the supervisor custodian: only the owners_committee and the "
                         "manager custodians sign a statement");
    } else {
      roles.insert(it->second->role);
    }
  }
  for (const char* role : {"owners_committee", "manager"}) {
    if (roles.contains(role))
      continue;
    const auto& custodians = s.set->custodians;
    const auto c = std::find_if(custodians.begin(), custodians.end(),
                                [&](const Custodian& x) { return x.role == role; });
    const std::size_t i = static_cast<std::size_t>(c - custodians.begin());
    problems.push_back("missing the signature of the " + std::string(role) + " custodian " +
                       who(s.certificates[i]));
  }
  if (problems.empty() && signers.size() != 2)
    problems.push_back(std::to_string(signers.size()) + " signatures; a statement has exactly two");
  if (signers.size() == 1)
    problems.insert(problems.begin(), "signed by one custodian only");
  std::string why;
  for (const std::string& p : problems)
    why += (why.empty() ? "" : "; ") + p;
  return why;
}

// The signatures, and whose they are.
void check_signatures(const fs::path& dir, const DirectoryState& state, const SetState& s,
                      Checks& checks) {
  const std::string cms_what = "manifest.p7s signatures verify over manifest.json";
  const std::string signers_what = "signed by exactly the owners_committee and manager custodians";
  std::optional<std::vector<crypto::CmsSigner>> signers;
  std::optional<Error> cms_error;
  if (!state.manifest_bytes) {
    checks.not_checked(cms_what, "manifest.json cannot be read");
  } else {
    checks.run(cms_what, [&]() -> std::string {
      const std::string p7s = read_file(dir / kManifestP7s, crypto::kMaxCmsBytes);
      try {
        signers = crypto::cms_verify(p7s, *state.manifest_bytes);
      } catch (const Error& e) {
        cms_error = e;
        throw;
      }
      return std::to_string(signers->size()) + " signature" + (signers->size() == 1 ? "" : "s");
    });
  }
  if (cms_error && cms_error->type() == "signature-duplicate-signer") {
    checks.run(signers_what, [&]() -> std::string {
      throw Bad{"one custodian signed twice (" + std::string(cms_error->what()) +
                "): a statement needs the signatures of two different custodians"};
    });
  } else if (!signers) {
    checks.not_checked(signers_what, "the signatures do not verify");
  } else if (!s.sound) {
    checks.not_checked(signers_what, kUnsoundSet);
  } else {
    checks.run(signers_what, [&]() -> std::string {
      const std::string why = signer_problems(*signers, s);
      if (!why.empty())
        throw Bad{why};
      std::string note;
      for (const char* role : {"owners_committee", "manager"}) {
        for (std::size_t i = 0; i < s.set->custodians.size(); ++i) {
          if (s.set->custodians[i].role == role)
            note += (note.empty() ? "" : "; ") + std::string(role) + ": " +
                    s.certificates[i].subject().common_name;
        }
      }
      return note;
    });
  }
}

}  // namespace

void check_signers(const fs::path& dir, DirectoryState& state, Checks& checks) {
  const Manifest* m = state.manifest ? &*state.manifest : nullptr;
  SetState s;
  check_set(dir, m, s, checks);
  check_key_ids(s, checks);
  check_pem(dir, s, checks);
  if (s.sound)
    state.custodians = s.set;
  check_signatures(dir, state, s, checks);
}

}  // namespace trustfund::statements::verifier
