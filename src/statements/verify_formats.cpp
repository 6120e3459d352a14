// The published formats as `trustfund verify` reads them; see verify_formats.h.
#include "verify_formats.h"

#include <iterator>
#include <map>
#include <set>

#include "trustfund/core/error.h"
#include "trustfund/crypto/merkle.h"
#include "trustfund/statements/statement.h"
#include "trustfund/statements/verify.h"
#include "verify_check.h"
#include "verify_json.h"

namespace trustfund::statements::verifier {
namespace {

// The content files every month has; the manifest names each with its SHA-256.
constexpr std::string_view kContentFiles[] = {"custodians.json", "entries.csv", "statement.html",
                                              "statement.json"};
// A view's: its entries are its months'.
constexpr std::string_view kViewContentFiles[] = {"custodians.json", "statement.html",
                                                  "statement.json"};

void check_kind(const Manifest& m, bool view) {
  if (!view && m.kind != "month")
    throw Bad{"manifest.kind is " + json_quoted(m.kind) + ", not month (" + kManifestFormat + ")"};
  if (view && m.kind != "quarter" && m.kind != "half" && m.kind != "year")
    throw Bad{"manifest.kind is " + json_quoted(m.kind) + ", not quarter, half or year (" +
              kViewManifestFormat + ")"};
}

void read_files(const PublishedJson& doc, const json::ObjectReader& o, Manifest& m) {
  std::set<std::string> seen;
  for (const json::ObjectReader& f : doc.objects(o, "files")) {
    const std::string where = doc.at(f.path());
    f.exactly({"name", "sha256"});
    std::string name = f.string("name");
    if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos ||
        name.find('\\') != std::string::npos || name.find('\0') != std::string::npos)
      throw Bad{where + ".name " + json_quoted(name) + " is not a plain file name"};
    if (is_reserved_name(name))
      throw Bad{where + ".name " + json_quoted(name) + " cannot be named by the manifest"};
    if (!seen.insert(name).second)
      throw Bad{"manifest.files names " + json_quoted(name) + " twice"};
    m.files.emplace_back(std::move(name), doc.digest(f, "sha256"));
  }
}

void read_journal(const PublishedJson& doc, const json::ObjectReader& o, Manifest& m) {
  const json::ObjectReader j = o.object("journal");
  j.exactly({"consistency_proof", "previous_root", "previous_tree_size", "root", "tree_size"});
  m.consistency_proof =
      doc.digests(j, "consistency_proof", crypto::merkle::kMaxConsistencyProofLength);
  m.previous_root = doc.digest(j, "previous_root");
  m.previous_tree_size = j.integer("previous_tree_size", 0);
  m.root = doc.digest(j, "root");
  m.tree_size = j.integer("tree_size", 0);
}

// A view's months: the view's period's months, in order, each with its manifest's SHA-256.
void read_months(const PublishedJson& doc, const json::ObjectReader& o, Manifest& m) {
  std::vector<Period> want;
  try {
    const StatementPeriod p = statement_period(m.period);
    if (p.kind == m.kind)
      want = p.months;
  } catch (const Error&) {
  }
  if (want.empty())
    throw Bad{"manifest.period " + json_quoted(m.period) + " is not a " + m.kind +
              " (2026-Q3, 2026-H2 or 2026)"};
  const std::vector<json::ObjectReader> months = doc.objects(o, "months");
  if (months.size() != want.size())
    throw Bad{"manifest.months names " + std::to_string(months.size()) + " months, the " + m.kind +
              " " + m.period + " has " + std::to_string(want.size())};
  for (std::size_t i = 0; i < months.size(); ++i) {
    const json::ObjectReader& e = months[i];
    const std::string where = doc.at(e.path());
    e.exactly({"manifest_sha256", "period"});
    const std::string period = e.string("period");
    if (period != want[i].to_string())
      throw Bad{where + ".period is " + json_quoted(period) + ", not " + want[i].to_string() +
                " (the months of " + m.period + " in order)"};
    m.months.emplace_back(period, doc.digest(e, "manifest_sha256"));
  }
}

}  // namespace

std::vector<std::string> content_files(bool view) {
  if (view)
    return {std::begin(kViewContentFiles), std::end(kViewContentFiles)};
  return {std::begin(kContentFiles), std::end(kContentFiles)};
}

bool is_reserved_name(std::string_view name) {
  return name == kManifestJson || name == kManifestP7s || name == kCustodiansPem;
}

Manifest parse_manifest(const std::string& text) {
  const PublishedJson doc(text, kManifestJson, "manifest");
  const json::ObjectReader o = doc.root();
  const std::string format = o.string("format");
  const bool view = format == kViewManifestFormat;
  if (format != kManifestFormat && !view)
    throw Bad{"format is " + json_quoted(format) + ", not " + kManifestFormat + " (a month) or " +
              kViewManifestFormat + " (a view)"};
  if (view) {
    o.exactly({"custodian_set_version", "estate", "files", "format", "journal", "kind", "months",
               "period", "previous_manifest_sha256", "residents"});
  } else {
    o.exactly({"custodian_set_version", "estate", "files", "format", "journal", "kind", "period",
               "previous_manifest_sha256", "residents"});
  }
  Manifest m;
  m.custodian_set_version = o.integer("custodian_set_version", 1);
  m.estate = o.string("estate");
  if (m.estate.empty())
    throw Bad{"manifest.estate is empty"};
  m.kind = o.string("kind");
  check_kind(m, view);
  m.period = o.string("period");
  if (m.period.empty())
    throw Bad{"manifest.period is empty"};
  m.previous_manifest_sha256 = o.string("previous_manifest_sha256");
  if (!m.previous_manifest_sha256.empty())
    digest_text(m.previous_manifest_sha256, "manifest.previous_manifest_sha256");
  read_files(doc, o, m);
  read_journal(doc, o, m);
  const json::ObjectReader r = o.object("residents");
  r.exactly({"leaf_count", "root"});
  m.leaf_count = r.integer("leaf_count", 0);
  m.residents_root = doc.digest(r, "root");
  if (view)
    read_months(doc, o, m);
  return m;
}

CustodianSet parse_custodians(const std::string& text) {
  require_canonical(text, kCustodiansJson);
  const PublishedJson doc(text, kCustodiansJson, "custodians.json", ' ');
  const json::ObjectReader o = doc.root();
  const std::string format = o.string("format");
  if (format != kCustodiansFormat)
    throw Bad{"custodians.json format is " + json_quoted(format) + ", not " + kCustodiansFormat};
  o.exactly({"custodians", "estate", "format", "version"});
  CustodianSet set;
  set.estate = o.string("estate");
  set.version = o.integer("version", 1);
  const json::ArrayReader list = o.array("custodians");
  std::map<std::string, int> roles;
  std::set<crypto::Digest> keys;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json::ObjectReader c = list.object(i);
    c.exactly({"certificate", "key_id", "role"});
    Custodian custodian;
    custodian.role = c.string("role");
    if (custodian.role != "owners_committee" && custodian.role != "manager" &&
        custodian.role != "supervisor")
      throw Bad{doc.at(c.path()) + ".role is " + json_quoted(custodian.role) +
                ", not owners_committee, manager or supervisor"};
    custodian.certificate_pem = c.string("certificate");
    custodian.key_id = doc.digest(c, "key_id");
    if (!keys.insert(custodian.key_id).second)
      throw Bad{"custodians.json names the key " + hex(custodian.key_id) + " twice"};
    ++roles[custodian.role];
    set.custodians.push_back(std::move(custodian));
  }
  if (roles["owners_committee"] != 1 || roles["manager"] != 1 || roles["supervisor"] > 1)
    throw Bad{
        "custodians.json must name one owners_committee and one manager custodian (and at "
        "most one supervisor); it names " +
        std::to_string(roles["owners_committee"]) + " owners_committee, " +
        std::to_string(roles["manager"]) + " manager and " + std::to_string(roles["supervisor"]) +
        " supervisor"};
  return set;
}

StatementSummary parse_statement(const std::string& text) {
  require_canonical(text, kStatementJson);
  const PublishedJson doc(text, kStatementJson, "statement.json", ' ');
  const json::ObjectReader o = doc.root();
  const std::string format = o.string("format");
  if (format != kStatementFormat)
    throw Bad{"statement.json format is " + json_quoted(format) + ", not " + kStatementFormat};
  StatementSummary s;
  s.estate = o.object("estate").string("id");
  s.period = o.string("period");
  s.kind = o.string("kind");
  s.units_published = o.integer("units_published", 0);
  return s;
}

ResidentProof parse_proof(const std::string& text, const std::string& name) {
  const PublishedJson doc(text, name, "the proof");
  const json::ObjectReader o = doc.root();
  const std::string format = o.string("format");
  if (format != kResidentProofFormat)
    throw Bad{"the proof's format is " + json_quoted(format) + ", not " + kResidentProofFormat};
  o.exactly({"estate", "format", "leaf", "leaf_count", "leaf_index", "period", "proof", "root"});
  ResidentProof p;
  p.estate = o.string("estate");
  p.leaf = o.string("leaf");
  p.leaf_count = o.integer("leaf_count", 0);
  p.leaf_index = o.integer("leaf_index", 0);
  p.period = o.string("period");
  p.proof = doc.digests(o, "proof", crypto::merkle::kMaxInclusionProofLength);
  p.root = doc.digest(o, "root");
  return p;
}

std::string check_leaf(const std::string& text, const Manifest& m) {
  require_canonical(text, "the leaf");
  const PublishedJson doc(text, "the leaf", "the leaf");
  const json::ObjectReader leaf = doc.root();
  const std::string format = leaf.string("format");
  const char* want = m.view() ? kResidentViewLeafFormat : kResidentLeafFormat;
  if (format != want)
    throw Bad{"the leaf's format is " + json_quoted(format) + ", not " + want};
  if (m.view()) {
    leaf.exactly({"arrears", "balance", "billed", "estate", "format", "paid", "period", "prepaid",
                  "repair_balance", "salt", "unit"});
    for (const char* key : {"arrears", "prepaid"})
      leaf.string(key);
  } else {
    leaf.exactly({"balance", "billed", "estate", "format", "paid", "period", "repair_balance",
                  "salt", "unit"});
  }
  for (const char* key : {"balance", "billed", "paid", "repair_balance", "unit"})
    leaf.string(key);
  if (!is_lower_hex(leaf.string("salt"), 32))
    throw Bad{"the leaf's salt must be 32 lower-case hex digits"};
  if (leaf.string("estate") != m.estate)
    throw Bad{"the leaf is for estate " + json_quoted(leaf.string("estate")) +
              ", the statement for " + json_quoted(m.estate)};
  if (leaf.string("period") != m.period)
    throw Bad{"the leaf is for period " + json_quoted(leaf.string("period")) +
              ", the statement for " + json_quoted(m.period)};
  return leaf.string("unit");
}

std::vector<crypto::Certificate> parse_pem_bundle(const std::string& text) {
  static constexpr std::string_view kBegin = "-----BEGIN ";
  static constexpr std::string_view kBeginCertificate = "-----BEGIN CERTIFICATE-----";
  static constexpr std::string_view kEnd = "-----END CERTIFICATE-----";
  std::vector<crypto::Certificate> certs;
  std::size_t pos = 0;
  while ((pos = text.find(kBegin, pos)) != std::string::npos) {
    const std::size_t end = text.find(kEnd, pos);
    if (text.compare(pos, kBeginCertificate.size(), kBeginCertificate) != 0 ||
        end == std::string::npos)
      throw Bad{"custodians.pem must hold only PEM certificates"};
    try {
      certs.push_back(crypto::Certificate::parse(text.substr(pos, end + kEnd.size() - pos)));
    } catch (const Error& e) {
      throw Bad{"custodians.pem certificate " + std::to_string(certs.size() + 1) + ": " + e.what()};
    }
    pos = end + kEnd.size();
  }
  if (certs.empty())
    throw Bad{"custodians.pem holds no certificate"};
  return certs;
}

}  // namespace trustfund::statements::verifier
