// Custodian sets; see custodians.h.
#include "trustfund/escrow/custodians.h"

#include <algorithm>
#include <array>
#include <set>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "trustfund/core/error.h"
#include "trustfund/core/json_reader.h"
#include "trustfund/core/utf8.h"
#include "trustfund/crypto/cms.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/crypto/jcs.h"
#include "trustfund/ledger/audited_write.h"

namespace trustfund::escrow {
namespace {

constexpr std::array<const char*, 3> kRoles = {"owners_committee", "manager", "supervisor"};
constexpr std::size_t kMaxReasonBytes = 500;

std::vector<Custodian> checked_custodians(const std::vector<CustodianInput>& inputs) {
  if (inputs.size() < 2 || inputs.size() > 3) {
    throw Error::invalid("custodians-count", "custodians",
                         "a custodian set has an owners_committee and a manager custodian, and may "
                         "have a supervisor");
  }
  std::vector<Custodian> out;
  std::set<CustodianRole> roles;
  std::set<std::string> keys;
  const Date today = Date::today_utc();
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::string field = "custodians[" + std::to_string(i) + "].certificate";
    const CustodianInput& in = inputs[i];
    if (!roles.insert(in.role).second) {
      throw Error::invalid("custodians-role-twice", "custodians[" + std::to_string(i) + "].role",
                           std::string("two custodians for the role ") + to_string(in.role));
    }
    crypto::Certificate cert = [&] {
      try {
        return crypto::Certificate::parse(in.certificate);
      } catch (const Error& e) {
        throw Error(e.kind(), e.type(), field, e.what());
      }
    }();
    if (cert.not_before() > today || cert.not_after() < today) {
      throw Error::invalid("certificate-expired", field,
                           "the certificate is valid from " + cert.not_before().to_string() +
                               " to " + cert.not_after().to_string() + ", not today");
    }
    const std::string ou = cert.subject().organizational_unit;
    for (const char* r : kRoles) {
      if (ou == r && ou != to_string(in.role)) {
        throw Error::invalid(
            "certificate-role", field,
            "the certificate is a " + ou + " custodian's, not a " + to_string(in.role) + "'s");
      }
    }
    Custodian c{in.role, cert, crypto::to_hex(cert.key_id()), cert.subject_text()};
    if (!keys.insert(c.key_id_hex).second) {
      throw Error::invalid("custodians-same-key", field,
                           "each custodian must hold a key of their own");
    }
    out.push_back(std::move(c));
  }
  if (!roles.contains(CustodianRole::owners_committee) || !roles.contains(CustodianRole::manager)) {
    throw Error::invalid("custodians-count", "custodians",
                         "a custodian set needs an owners_committee and a manager custodian");
  }
  std::sort(out.begin(), out.end(),
            [](const Custodian& a, const Custodian& b) { return a.role < b.role; });
  return out;
}

std::optional<std::int64_t> current_version(store::Database& db) {
  store::Statement& st = db.cached("SELECT max(version) FROM custodian_set");
  st.step();
  std::optional<std::int64_t> v;
  if (!st.is_null(0))
    v = st.int64(0);
  st.reset();
  return v;
}

CustodianSet load_set(store::Database& db, std::int64_t version) {
  CustodianSet set;
  {
    store::Statement& st = db.cached(
        "SELECT effective_at, coalesce(change_document, ''), registered_by FROM custodian_set"
        " WHERE version = ?1");
    st.bind(1, version);
    if (!st.step()) {
      st.reset();
      throw Error::not_found("custodian-set-unknown", "version",
                             "no custodian set version " + std::to_string(version));
    }
    set.version = version;
    set.effective_at = st.text(0);
    set.change_document = st.text(1);
    set.registered_by = st.text(2);
    st.reset();
  }
  store::Statement& st =
      db.cached("SELECT role, certificate FROM custodian WHERE version = ?1 ORDER BY role");
  st.bind(1, version);
  while (st.step()) {
    const auto der = st.blob(1);
    crypto::Certificate cert = crypto::Certificate::parse(
        std::string_view(reinterpret_cast<const char*>(der.data()), der.size()));
    std::string key = crypto::to_hex(cert.key_id());
    std::string subject = cert.subject_text();
    set.custodians.push_back({parse_custodian_role(st.text_view(0)), std::move(cert),
                              std::move(key), std::move(subject)});
  }
  st.reset();
  std::sort(set.custodians.begin(), set.custodians.end(),
            [](const Custodian& a, const Custodian& b) { return a.role < b.role; });
  return set;
}

void insert_set(store::Database& db, std::int64_t version, const std::vector<Custodian>& custodians,
                const std::string& document, std::string_view signature, const std::string& actor) {
  store::Statement& st = db.cached(
      "INSERT INTO custodian_set (version, effective_at, change_document, change_signature,"
      " registered_by) VALUES (?1, ?2, ?3, ?4, ?5)");
  st.bind(1, version).bind(2, utc_timestamp_now());
  if (document.empty())
    st.bind_null(3).bind_null(4);
  else
    st.bind(3, document)
        .bind_blob(4, std::span(reinterpret_cast<const std::uint8_t*>(signature.data()),
                                signature.size()));
  st.bind(5, actor).run();
  store::Statement& c = db.cached(
      "INSERT INTO custodian (version, role, key_id, certificate, subject)"
      " VALUES (?1, ?2, ?3, ?4, ?5)");
  for (const Custodian& cu : custodians) {
    const std::string der = cu.certificate.to_der();
    const crypto::Digest key = cu.certificate.key_id();
    c.bind(1, version)
        .bind(2, to_string(cu.role))
        .bind_blob(3, key)
        .bind_blob(4, std::span(reinterpret_cast<const std::uint8_t*>(der.data()), der.size()))
        .bind(5, cu.subject)
        .run();
  }
}

std::string change_document(const ledger::Books& books, std::int64_t from_version,
                            const std::vector<Custodian>& custodians, const std::string& reason) {
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const Custodian& c : custodians) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("role", std::string(to_string(c.role)));
    o->set("key_id", c.key_id_hex);
    o->set("certificate_sha256", crypto::to_hex(c.certificate.fingerprint()));
    list->add(o);
  }
  Poco::JSON::Object::Ptr doc = new Poco::JSON::Object;
  doc->set("format", std::string("trustfund-custodian-change/1"));
  doc->set("estate", books.estate_id());
  doc->set("from_version", from_version);
  doc->set("to_version", from_version + 1);
  doc->set("reason", reason);
  doc->set("custodians", list);
  return crypto::canonicalize(doc);
}

void check_reason(const std::string& reason) {
  if (reason.empty() || reason.size() > kMaxReasonBytes || !utf8::is_clean(reason)) {
    throw Error::invalid("reason", "reason", "give a reason of 1-500 bytes of text");
  }
}

}  // namespace

const char* to_string(CustodianRole role) noexcept {
  return kRoles[static_cast<std::size_t>(role)];
}

CustodianRole parse_custodian_role(std::string_view text, std::string_view field) {
  for (std::size_t i = 0; i < kRoles.size(); ++i) {
    if (text == kRoles[i])
      return static_cast<CustodianRole>(i);
  }
  throw Error::invalid("custodian-role", std::string(field),
                       "a custodian's role is owners_committee, manager or supervisor");
}

const Custodian* CustodianSet::find(CustodianRole role) const {
  for (const Custodian& c : custodians) {
    if (c.role == role)
      return &c;
  }
  return nullptr;
}

const Custodian* CustodianSet::find_key(std::string_view key_id_hex) const {
  for (const Custodian& c : custodians) {
    if (c.key_id_hex == key_id_hex)
      return &c;
  }
  return nullptr;
}

CustodianSet register_custodians(ledger::Books& books, const std::vector<CustodianInput>& inputs,
                                 const ledger::Actor& actor) {
  const std::vector<Custodian> custodians = checked_custodians(inputs);
  store::Database& db = books.database();
  ledger::AuditedWrite write(books, actor);
  if (current_version(db)) {
    throw Error::conflict("custodians-registered", "custodians",
                          "the estate has custodians; a change must be signed by them");
  }
  insert_set(db, 1, custodians, "", {}, actor.name());
  write.commit("register_custodians", "custodians:1");
  return load_set(db, 1);
}

CustodianSet current_custodians(ledger::Books& books) {
  const std::optional<std::int64_t> v = current_version(books.database());
  if (!v) {
    throw Error::not_found("custodians-unregistered", "custodians",
                           "the estate has no custodians registered yet");
  }
  return load_set(books.database(), *v);
}

CustodianSet custodian_set(ledger::Books& books, std::int64_t version) {
  return load_set(books.database(), version);
}

std::vector<CustodianSet> custodian_history(ledger::Books& books) {
  std::vector<CustodianSet> out;
  const std::optional<std::int64_t> v = current_version(books.database());
  for (std::int64_t i = 1; v && i <= *v; ++i)
    out.push_back(load_set(books.database(), i));
  return out;
}

std::string custodian_change_document(ledger::Books& books,
                                      const std::vector<CustodianInput>& inputs,
                                      const std::string& reason) {
  check_reason(reason);
  const std::vector<Custodian> custodians = checked_custodians(inputs);
  const CustodianSet current = current_custodians(books);
  return change_document(books, current.version, custodians, reason);
}

CustodianSet change_custodians(ledger::Books& books, const std::vector<CustodianInput>& inputs,
                               const std::string& reason, std::string_view signature,
                               const ledger::Actor& actor) {
  check_reason(reason);
  const std::vector<Custodian> custodians = checked_custodians(inputs);
  store::Database& db = books.database();
  ledger::AuditedWrite write(books, actor);
  const CustodianSet current = current_custodians(books);
  const std::string document = change_document(books, current.version, custodians, reason);
  const SignatureReview review = review_signature(books, current, signature, document);
  if (!review.approved()) {
    throw Error::rule("signature-incomplete", "signature",
                      "a custodian change needs the signatures of both outgoing custodians (the "
                      "owners' committee's and the manager's)");
  }
  insert_set(db, current.version + 1, custodians, document, signature, actor.name());
  write.commit("change_custodians", "custodians");
  return load_set(db, current.version + 1);
}

SignatureReview review_signature(ledger::Books& books, const CustodianSet& set,
                                 std::string_view cms_der, std::string_view content) {
  const std::vector<crypto::CmsSigner> signers = crypto::cms_verify(cms_der, content);
  SignatureReview review;
  std::set<std::string> seen;
  for (const crypto::CmsSigner& s : signers) {
    const std::string key = crypto::to_hex(s.certificate.key_id());
    const Custodian* c = set.find_key(key);
    if (c == nullptr) {
      store::Statement& st =
          books.database().cached("SELECT max(version) FROM custodian WHERE key_id = ?1");
      st.bind_blob(1, s.certificate.key_id());
      st.step();
      const bool earlier = !st.is_null(0);
      const std::int64_t version = earlier ? st.int64(0) : 0;
      st.reset();
      if (earlier) {
        throw Error::rule("signature-revoked-custodian", "signature",
                          "signed by " + s.certificate.subject_text() + ", a custodian of set " +
                              std::to_string(version) + " who is no longer one (set " +
                              std::to_string(set.version) + " is in force)");
      }
      throw Error::rule(
          "signature-unknown-signer", "signature",
          "signed by " + s.certificate.subject_text() + ", who is not a custodian of this estate");
    }
    if (c->role == CustodianRole::supervisor) {
      throw Error::rule("signature-supervisor", "signature",
                        "the supervisor attests or objects but does not approve payments");
    }
    if (!seen.insert(key).second) {
      throw Error::rule("signature-same-custodian", "signature",
                        "the " + std::string(to_string(c->role)) +
                            " custodian signed twice; the other custodian must sign");
    }
    if (c->role == CustodianRole::owners_committee)
      review.committee = true;
    else
      review.manager = true;
    review.signers.push_back({c->role, key, c->subject, s.signing_time});
  }
  return review;
}

std::string signers_to_json(const SignatureReview& r) {
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const SignatureReview::Signer& g : r.signers) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("role", std::string(to_string(g.role)));
    o->set("key_id", g.key_id_hex);
    o->set("subject", g.subject);
    o->set("signing_time", g.signing_time);
    list->add(o);
  }
  return crypto::canonicalize(list);
}

SignatureReview signers_from_json(std::string_view text) {
  const json::ErrorFaults faults = json::ErrorFaults::stored("signers");
  const json::Document doc(text, faults);
  const json::ArrayReader list = doc.array();
  SignatureReview r;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json::ObjectReader o = list.object(i);
    SignatureReview::Signer g;
    g.role = parse_custodian_role(o.string("role"));
    g.key_id_hex = o.string("key_id");
    g.subject = o.string("subject");
    g.signing_time = o.string("signing_time");
    r.committee = r.committee || g.role == CustodianRole::owners_committee;
    r.manager = r.manager || g.role == CustodianRole::manager;
    r.signers.push_back(std::move(g));
  }
  return r;
}

void require_keeps_signers(const SignatureReview& earlier, const SignatureReview& now) {
  for (const SignatureReview::Signer& e : earlier.signers) {
    const bool kept = std::any_of(now.signers.begin(), now.signers.end(),
                                  [&](const auto& g) { return g.key_id_hex == e.key_id_hex; });
    if (!kept) {
      throw Error::rule("signature-drops-signer", "signature",
                        "this signature file leaves out the " + std::string(to_string(e.role)) +
                            " custodian's signature; co-sign the file that holds it");
    }
  }
}

}  // namespace trustfund::escrow
