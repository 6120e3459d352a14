#include "trustfund/statements/verify.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "trustfund/core/date.h"
#include "trustfund/core/error.h"
#include "trustfund/crypto/cms.h"
#include "trustfund/crypto/custodian_key.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/crypto/jcs.h"
#include "trustfund/crypto/merkle.h"
#include "trustfund/crypto/sha256.h"
#include "trustfund/statements/statement.h"

namespace trustfund::statements {
namespace {

namespace fs = std::filesystem;
using crypto::Certificate;
using crypto::Digest;
using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

// A problem with the input: becomes the detail of a failed check.
struct Bad {
  std::string why;
};

constexpr std::string_view kManifestJson = "manifest.json";
constexpr std::string_view kManifestP7s = "manifest.p7s";
constexpr std::string_view kCustodiansPem = "custodians.pem";
constexpr std::string_view kCustodiansJson = "custodians.json";
constexpr std::string_view kStatementJson = "statement.json";
// The content files every month has; the manifest names each with its SHA-256.
constexpr std::string_view kContentFiles[] = {"custodians.json", "entries.csv", "statement.html",
                                              "statement.json"};
// A view's: its entries are its months'.
constexpr std::string_view kViewContentFiles[] = {"custodians.json", "statement.html",
                                                  "statement.json"};
// Largest resident proof file read.
constexpr std::uintmax_t kMaxProofFileBytes = std::uintmax_t{1} << 20;
// Largest custodians.pem read.
constexpr std::uintmax_t kMaxPemBytes = std::uintmax_t{1} << 20;

std::string hex(const Digest& d) {
  return crypto::to_hex(d);
}

std::string json_quoted(std::string_view s) {
  std::string out;
  crypto::append_json_string(out, s.size() > 200 ? s.substr(0, 200) : s);
  return out;
}

// --- files ---

// Opens `path` after checking that it is a regular file of at most `max_bytes`; its size goes
// into `size`.
std::ifstream open_checked(const fs::path& path, std::uintmax_t max_bytes, std::uintmax_t& size) {
  std::error_code ec;
  const std::string name = path.filename().string();
  if (!fs::exists(path, ec))
    throw Bad{name + " is missing"};
  if (!fs::is_regular_file(path, ec))
    throw Bad{name + " is not a regular file"};
  size = fs::file_size(path, ec);
  if (ec)
    throw Bad{"cannot read " + name + ": " + ec.message()};
  if (size > max_bytes)
    throw Bad{name + " has " + std::to_string(size) + " bytes, more than the " +
              std::to_string(max_bytes) + " accepted"};
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Bad{"cannot read " + name};
  return in;
}

std::string read_file(const fs::path& path, std::uintmax_t max_bytes) {
  std::uintmax_t size = 0;
  std::ifstream in = open_checked(path, max_bytes, size);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (in.gcount() != static_cast<std::streamsize>(size) || in.peek() != EOF)
    throw Bad{"cannot read " + path.filename().string() + " (it changed while being read)"};
  return bytes;
}

Digest file_sha256(const fs::path& path) {
  std::uintmax_t size = 0;
  std::ifstream in = open_checked(path, kMaxStatementFileBytes, size);
  crypto::Sha256 h;
  std::vector<char> block(std::size_t{1} << 16);
  while (in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    const auto got = in.gcount();
    if (got > 0)
      h.update(std::string_view(block.data(), static_cast<std::size_t>(got)));
  }
  if (in.bad())
    throw Bad{"cannot read " + path.filename().string()};
  return h.finish();
}

// --- JSON ---

// Checks that `text` is strict I-JSON as jcs.h accepts it; returns its canonical form.
std::string canonical_of(const std::string& text, std::string_view name) {
  try {
    return crypto::canonicalize_json(text);
  } catch (const Error& e) {
    throw Bad{std::string(name) + " is not valid JSON: " + e.what()};
  }
}

void require_canonical(const std::string& text, std::string_view name) {
  const std::string canonical = canonical_of(text, name);
  if (canonical == text)
    return;
  const auto diff = std::mismatch(text.begin(), text.end(), canonical.begin(), canonical.end());
  throw Bad{std::string(name) + " is not in canonical form (RFC 8785): it differs at byte " +
            std::to_string(diff.first - text.begin())};
}

Object::Ptr parse_object(const std::string& text, std::string_view name) {
  canonical_of(text, name);  // strictness: duplicate keys, numbers, UTF-8
  try {
    Poco::JSON::Parser parser;
    const Var v = parser.parse(text);
    if (v.type() != typeid(Object::Ptr))
      throw Bad{std::string(name) + " is not a JSON object"};
    return v.extract<Object::Ptr>();
  } catch (const Poco::Exception& e) {
    throw Bad{std::string(name) + " is not valid JSON: " + e.displayText()};
  }
}

std::string at(const std::string& where, std::string_view key) {
  return where.empty() ? std::string(key) : where + "." + std::string(key);
}

// Every member of `o` is one of `keys`, and every one of `keys` is there.
void exact_members(const Object& o, std::initializer_list<std::string_view> keys,
                   const std::string& where) {
  for (const auto& member : o) {
    if (std::find(keys.begin(), keys.end(), member.first) == keys.end())
      throw Bad{where + " has an unknown member " + json_quoted(member.first)};
  }
  for (const std::string_view key : keys) {
    if (!o.has(std::string(key)))
      throw Bad{where + " has no member " + json_quoted(key)};
  }
}

Var member(const Object& o, std::string_view key, const std::string& where) {
  const std::string k(key);
  if (!o.has(k))
    throw Bad{where + " has no member " + json_quoted(key)};
  return o.get(k);
}

std::string str(const Object& o, std::string_view key, const std::string& where) {
  const Var v = member(o, key, where);
  if (v.type() != typeid(std::string))
    throw Bad{at(where, key) + " must be a string"};
  return v.extract<std::string>();
}

std::int64_t integer(const Object& o, std::string_view key, const std::string& where,
                     std::int64_t min) {
  const Var v = member(o, key, where);
  if (v.isBoolean() || !v.isInteger())
    throw Bad{at(where, key) + " must be a whole number"};
  std::int64_t n = 0;
  try {
    n = v.convert<std::int64_t>();
  } catch (const Poco::Exception&) {
    throw Bad{at(where, key) + " is out of range"};
  }
  if (n < min)
    throw Bad{at(where, key) + " must be at least " + std::to_string(min)};
  return n;
}

Object::Ptr object(const Object& o, std::string_view key, const std::string& where) {
  const Var v = member(o, key, where);
  if (v.type() != typeid(Object::Ptr))
    throw Bad{at(where, key) + " must be an object"};
  return v.extract<Object::Ptr>();
}

Array::Ptr array(const Object& o, std::string_view key, const std::string& where) {
  const Var v = member(o, key, where);
  if (v.type() != typeid(Array::Ptr))
    throw Bad{at(where, key) + " must be an array"};
  return v.extract<Array::Ptr>();
}

// The items of the array `key` of `o`, each an object, with where each is ("manifest.files[2]").
std::vector<std::pair<std::string, Object::Ptr>> object_items(const Object& o, std::string_view key,
                                                              const std::string& where) {
  const Array::Ptr a = array(o, key, where);
  std::vector<std::pair<std::string, Object::Ptr>> out;
  for (std::size_t i = 0; i < a->size(); ++i) {
    std::string here = at(where, key) + "[" + std::to_string(i) + "]";
    const Var v = a->get(static_cast<unsigned>(i));
    if (v.type() != typeid(Object::Ptr))
      throw Bad{here + " must be an object"};
    out.emplace_back(std::move(here), v.extract<Object::Ptr>());
  }
  return out;
}

bool is_lower_hex(std::string_view s, std::size_t digits) {
  return s.size() == digits && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

Digest digest_text(std::string_view s, const std::string& where) {
  if (!is_lower_hex(s, 64))
    throw Bad{where + " must be a SHA-256: 64 lower-case hex digits"};
  return crypto::digest_from_hex(s, where);
}

Digest digest(const Object& o, std::string_view key, const std::string& where) {
  return digest_text(str(o, key, where), at(where, key));
}

std::vector<Digest> digests(const Object& o, std::string_view key, const std::string& where,
                            std::size_t max) {
  const Array::Ptr a = array(o, key, where);
  if (a->size() > max)
    throw Bad{at(where, key) + " has " + std::to_string(a->size()) + " hashes, more than the " +
              std::to_string(max) + " a valid proof can have"};
  std::vector<Digest> out;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const Var v = a->get(static_cast<unsigned>(i));
    const std::string here = at(where, key) + "[" + std::to_string(i) + "]";
    if (v.type() != typeid(std::string))
      throw Bad{here + " must be a string"};
    out.push_back(digest_text(v.extract<std::string>(), here));
  }
  return out;
}

// --- what the files say ---

struct Manifest {
  std::int64_t custodian_set_version = 0;
  std::string estate;
  std::vector<std::pair<std::string, Digest>> files;
  std::vector<Digest> consistency_proof;
  Digest previous_root{};
  std::int64_t previous_tree_size = 0;
  Digest root{};
  std::int64_t tree_size = 0;
  std::string kind;
  std::string period;
  std::string previous_manifest_sha256;  // "" for the first statement
  std::int64_t leaf_count = 0;
  Digest residents_root{};
  std::vector<std::pair<std::string, Digest>> months;  // a view's: (month, manifest SHA-256)

  bool view() const { return kind != "month"; }
};

std::vector<std::string> content_files(bool view) {
  if (view)
    return {std::begin(kViewContentFiles), std::end(kViewContentFiles)};
  return {std::begin(kContentFiles), std::end(kContentFiles)};
}

bool is_reserved_name(std::string_view name) {
  return name == kManifestJson || name == kManifestP7s || name == kCustodiansPem;
}

Manifest parse_manifest(const std::string& text) {
  const Object::Ptr o = parse_object(text, kManifestJson);
  const std::string format = str(*o, "format", "manifest");
  const bool view = format == kViewManifestFormat;
  if (format != kManifestFormat && !view)
    throw Bad{"format is " + json_quoted(format) + ", not " + kManifestFormat + " (a month) or " +
              kViewManifestFormat + " (a view)"};
  if (view) {
    exact_members(*o,
                  {"custodian_set_version", "estate", "files", "format", "journal", "kind",
                   "months", "period", "previous_manifest_sha256", "residents"},
                  "manifest");
  } else {
    exact_members(*o,
                  {"custodian_set_version", "estate", "files", "format", "journal", "kind",
                   "period", "previous_manifest_sha256", "residents"},
                  "manifest");
  }
  Manifest m;
  m.custodian_set_version = integer(*o, "custodian_set_version", "manifest", 1);
  m.estate = str(*o, "estate", "manifest");
  if (m.estate.empty())
    throw Bad{"manifest.estate is empty"};
  m.kind = str(*o, "kind", "manifest");
  if (!view && m.kind != "month")
    throw Bad{"manifest.kind is " + json_quoted(m.kind) + ", not month (" + kManifestFormat + ")"};
  if (view && m.kind != "quarter" && m.kind != "half" && m.kind != "year")
    throw Bad{"manifest.kind is " + json_quoted(m.kind) + ", not quarter, half or year (" +
              kViewManifestFormat + ")"};
  m.period = str(*o, "period", "manifest");
  if (m.period.empty())
    throw Bad{"manifest.period is empty"};
  m.previous_manifest_sha256 = str(*o, "previous_manifest_sha256", "manifest");
  if (!m.previous_manifest_sha256.empty())
    digest_text(m.previous_manifest_sha256, "manifest.previous_manifest_sha256");

  std::set<std::string> seen;
  for (const auto& [where, f] : object_items(*o, "files", "manifest")) {
    exact_members(*f, {"name", "sha256"}, where);
    std::string name = str(*f, "name", where);
    if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos ||
        name.find('\\') != std::string::npos || name.find('\0') != std::string::npos)
      throw Bad{where + ".name " + json_quoted(name) + " is not a plain file name"};
    if (is_reserved_name(name))
      throw Bad{where + ".name " + json_quoted(name) + " cannot be named by the manifest"};
    if (!seen.insert(name).second)
      throw Bad{"manifest.files names " + json_quoted(name) + " twice"};
    m.files.emplace_back(std::move(name), digest(*f, "sha256", where));
  }

  const Object::Ptr j = object(*o, "journal", "manifest");
  exact_members(*j,
                {"consistency_proof", "previous_root", "previous_tree_size", "root", "tree_size"},
                "manifest.journal");
  m.consistency_proof = digests(*j, "consistency_proof", "manifest.journal",
                                crypto::merkle::kMaxConsistencyProofLength);
  m.previous_root = digest(*j, "previous_root", "manifest.journal");
  m.previous_tree_size = integer(*j, "previous_tree_size", "manifest.journal", 0);
  m.root = digest(*j, "root", "manifest.journal");
  m.tree_size = integer(*j, "tree_size", "manifest.journal", 0);

  const Object::Ptr r = object(*o, "residents", "manifest");
  exact_members(*r, {"leaf_count", "root"}, "manifest.residents");
  m.leaf_count = integer(*r, "leaf_count", "manifest.residents", 0);
  m.residents_root = digest(*r, "root", "manifest.residents");

  if (view) {
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
    const auto months = object_items(*o, "months", "manifest");
    if (months.size() != want.size())
      throw Bad{"manifest.months names " + std::to_string(months.size()) + " months, the " +
                m.kind + " " + m.period + " has " + std::to_string(want.size())};
    for (std::size_t i = 0; i < months.size(); ++i) {
      const auto& [where, e] = months[i];
      exact_members(*e, {"manifest_sha256", "period"}, where);
      const std::string period = str(*e, "period", where);
      if (period != want[i].to_string())
        throw Bad{where + ".period is " + json_quoted(period) + ", not " + want[i].to_string() +
                  " (the months of " + m.period + " in order)"};
      m.months.emplace_back(period, digest(*e, "manifest_sha256", where));
    }
  }
  return m;
}

struct Custodian {
  std::string role;
  std::string certificate_pem;
  Digest key_id{};
};

struct CustodianSet {
  std::string estate;
  std::int64_t version = 0;
  std::vector<Custodian> custodians;
};

CustodianSet parse_custodians(const std::string& text) {
  require_canonical(text, kCustodiansJson);
  const Object::Ptr o = parse_object(text, kCustodiansJson);
  const std::string format = str(*o, "format", "custodians.json");
  if (format != kCustodiansFormat)
    throw Bad{"custodians.json format is " + json_quoted(format) + ", not " + kCustodiansFormat};
  exact_members(*o, {"custodians", "estate", "format", "version"}, "custodians.json");
  CustodianSet set;
  set.estate = str(*o, "estate", "custodians.json");
  set.version = integer(*o, "version", "custodians.json", 1);
  const Array::Ptr list = array(*o, "custodians", "custodians.json");
  std::map<std::string, int> roles;
  std::set<Digest> keys;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string where = "custodians.json custodians[" + std::to_string(i) + "]";
    const Var v = list->get(static_cast<unsigned>(i));
    if (v.type() != typeid(Object::Ptr))
      throw Bad{where + " must be an object"};
    const Object::Ptr c = v.extract<Object::Ptr>();
    exact_members(*c, {"certificate", "key_id", "role"}, where);
    Custodian custodian;
    custodian.role = str(*c, "role", where);
    if (custodian.role != "owners_committee" && custodian.role != "manager" &&
        custodian.role != "supervisor")
      throw Bad{where + ".role is " + json_quoted(custodian.role) +
                ", not owners_committee, manager or supervisor"};
    custodian.certificate_pem = str(*c, "certificate", where);
    custodian.key_id = digest(*c, "key_id", where);
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

struct Statement {
  std::string estate;
  std::string period;
  std::string kind;
  std::int64_t units_published = 0;
};

Statement parse_statement(const std::string& text) {
  require_canonical(text, kStatementJson);
  const Object::Ptr o = parse_object(text, kStatementJson);
  const std::string format = str(*o, "format", "statement.json");
  if (format != kStatementFormat)
    throw Bad{"statement.json format is " + json_quoted(format) + ", not " + kStatementFormat};
  Statement s;
  s.estate = str(*object(*o, "estate", "statement.json"), "id", "statement.json estate");
  s.period = str(*o, "period", "statement.json");
  s.kind = str(*o, "kind", "statement.json");
  s.units_published = integer(*o, "units_published", "statement.json", 0);
  return s;
}

std::vector<Certificate> parse_pem_bundle(const std::string& text) {
  static constexpr std::string_view kBegin = "-----BEGIN ";
  static constexpr std::string_view kBeginCertificate = "-----BEGIN CERTIFICATE-----";
  static constexpr std::string_view kEnd = "-----END CERTIFICATE-----";
  std::vector<Certificate> certs;
  std::size_t pos = 0;
  while ((pos = text.find(kBegin, pos)) != std::string::npos) {
    const std::size_t end = text.find(kEnd, pos);
    if (text.compare(pos, kBeginCertificate.size(), kBeginCertificate) != 0 ||
        end == std::string::npos)
      throw Bad{"custodians.pem must hold only PEM certificates"};
    try {
      certs.push_back(Certificate::parse(text.substr(pos, end + kEnd.size() - pos)));
    } catch (const Error& e) {
      throw Bad{"custodians.pem certificate " + std::to_string(certs.size() + 1) + ": " + e.what()};
    }
    pos = end + kEnd.size();
  }
  if (certs.empty())
    throw Bad{"custodians.pem holds no certificate"};
  return certs;
}

// "CN=Li Wei,... (key id 1a2b…)"
std::string who(const Certificate& c) {
  return c.subject_text() + " (key id " + hex(c.key_id()) + ")";
}

// --- running the checks ---

class Checks {
 public:
  Checks(std::vector<VerifyCheck>& out, std::string prefix)
      : out_(out), prefix_(std::move(prefix)) {}

  // Runs `body`: it returns a note (empty for none) when the check passes, and throws Bad (or any
  // exception) when it fails. Returns whether it passed.
  bool run(const std::string& what, const std::function<std::string()>& body) {
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

  // A check that cannot be made: failed, and says why.
  void not_checked(const std::string& what, const std::string& reason) {
    add(what, false, "not checked: " + reason);
  }

 private:
  void add(const std::string& what, bool ok, std::string detail) {
    out_.push_back({prefix_ + what, ok, std::move(detail)});
  }
  std::vector<VerifyCheck>& out_;
  std::string prefix_;
};

// The manifest of `dir` if it reads and is well formed, without reporting why not (its checks do).
std::optional<Manifest> peek_manifest(const fs::path& dir) {
  try {
    return parse_manifest(read_file(dir / kManifestJson, crypto::kJcsMaxTextBytes));
  } catch (const Bad&) {
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

// What the checks of one directory found, for the checks that compare two statements or a proof.
struct DirectoryState {
  std::optional<std::string> manifest_bytes;
  std::optional<Manifest> manifest;
  std::optional<Statement> statement;
  std::optional<CustodianSet> custodians;
};

// The checks of one statement directory. `with_journal`: also the manifest's own journal
// consistency proof (not for a previous statement, whose proof leads to its own previous).
DirectoryState check_directory(const fs::path& dir, Checks& checks, bool with_journal) {
  DirectoryState state;
  const std::optional<Manifest> peeked = peek_manifest(dir);
  const bool view = peeked && peeked->view();

  // Files present.
  checks.run("files present", [&]() -> std::string {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
      throw Bad{dir.string() + " is not a directory"};
    std::vector<std::string> required = content_files(view);
    required.emplace_back(kManifestJson);
    required.emplace_back(kManifestP7s);
    required.emplace_back(kCustodiansPem);
    std::string missing;
    for (const std::string& name : required) {
      if (!fs::is_regular_file(dir / name, ec))
        missing += (missing.empty() ? "" : ", ") + name;
    }
    if (!missing.empty())
      throw Bad{"missing: " + missing};
    return "";
  });

  // manifest.json: canonical, then well formed.
  checks.run("manifest.json is canonical JSON", [&]() -> std::string {
    state.manifest_bytes = read_file(dir / kManifestJson, crypto::kJcsMaxTextBytes);
    require_canonical(*state.manifest_bytes, kManifestJson);
    return "";
  });
  const std::string manifest_what = "manifest names a known format and is well formed";
  if (state.manifest_bytes) {
    checks.run(manifest_what, [&]() -> std::string {
      state.manifest = parse_manifest(*state.manifest_bytes);
      return state.manifest->view() ? kViewManifestFormat : kManifestFormat;
    });
  } else {
    checks.not_checked(manifest_what, "manifest.json cannot be read");
  }
  const Manifest* m = state.manifest ? &*state.manifest : nullptr;
  const std::string no_manifest = "manifest.json cannot be read or is not well formed";

  // Every file's SHA-256: the content files first (each must be named), then any other.
  std::vector<std::string> names = content_files(m ? m->view() : view);
  if (m) {
    for (const auto& f : m->files) {
      if (std::find(names.begin(), names.end(), f.first) == names.end())
        names.push_back(f.first);
    }
  }
  for (const std::string& name : names) {
    const std::string what = "SHA-256 of " + name + " matches the manifest";
    if (!m) {
      checks.not_checked(what, no_manifest);
      continue;
    }
    checks.run(what, [&]() -> std::string {
      const auto it = std::find_if(m->files.begin(), m->files.end(),
                                   [&](const auto& f) { return f.first == name; });
      if (it == m->files.end())
        throw Bad{"the manifest does not name " + name};
      const Digest got = file_sha256(dir / name);
      if (got != it->second)
        throw Bad{name + " has SHA-256 " + hex(got) + ", the manifest says " + hex(it->second)};
      return "";
    });
  }

  // Files the signatures do not cover: noted, not fatal.
  checks.run("no files beyond the signed ones", [&]() -> std::string {
    std::error_code ec;
    std::vector<std::string> extra;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (is_reserved_name(name) || std::find(names.begin(), names.end(), name) != names.end())
        continue;
      extra.push_back(name);
    }
    if (extra.empty())
      return "";
    std::sort(extra.begin(), extra.end());
    std::string note = "not covered by the signatures, ignored:";
    for (const std::string& e : extra)
      note += " " + e;
    return note;
  });

  // statement.json against the manifest.
  const std::string statement_what =
      "statement.json names the manifest's estate, period, kind and units";
  if (!m) {
    checks.not_checked(statement_what, no_manifest);
  } else {
    checks.run(statement_what, [&]() -> std::string {
      const Statement s =
          parse_statement(read_file(dir / kStatementJson, crypto::kJcsMaxTextBytes));
      state.statement = s;
      if (s.estate != m->estate)
        throw Bad{"statement.json is for estate " + json_quoted(s.estate) + ", the manifest for " +
                  json_quoted(m->estate)};
      if (s.period != m->period)
        throw Bad{"statement.json is for period " + json_quoted(s.period) + ", the manifest for " +
                  json_quoted(m->period)};
      if (s.kind != m->kind)
        throw Bad{"statement.json is a " + json_quoted(s.kind) + " statement, the manifest a " +
                  json_quoted(m->kind) + " one"};
      if (s.units_published != m->leaf_count)
        throw Bad{"statement.json publishes " + std::to_string(s.units_published) +
                  " units, the manifest's resident tree has " + std::to_string(m->leaf_count) +
                  " leaves"};
      return "";
    });
  }

  // The custodian set.
  const std::string set_what = "custodians.json is a custodian set for the estate";
  const std::string version_what = "custodian set version is the manifest's";
  const std::string ids_what = "custodian certificates match their key ids";
  const std::string pem_what = "custodians.pem holds the certificates of custodians.json";
  std::optional<CustodianSet> set;
  std::map<Digest, const Custodian*> by_key;
  bool set_sound = false;
  if (!m) {
    checks.not_checked(set_what, no_manifest);
    checks.not_checked(version_what, no_manifest);
  } else {
    checks.run(set_what, [&]() -> std::string {
      set = parse_custodians(read_file(dir / kCustodiansJson, crypto::kJcsMaxTextBytes));
      if (set->estate != m->estate)
        throw Bad{"custodians.json is for estate " + json_quoted(set->estate) +
                  ", the manifest for " + json_quoted(m->estate)};
      return "version " + std::to_string(set->version);
    });
    if (set) {
      checks.run(version_what, [&]() -> std::string {
        if (set->version != m->custodian_set_version)
          throw Bad{"custodians.json is version " + std::to_string(set->version) +
                    ", the manifest names version " + std::to_string(m->custodian_set_version)};
        return "";
      });
    } else {
      checks.not_checked(version_what, "custodians.json is not a sound custodian set");
    }
  }
  std::vector<Certificate> set_certs;
  if (set) {
    set_sound = checks.run(ids_what, [&]() -> std::string {
      std::string wrong;
      for (std::size_t i = 0; i < set->custodians.size(); ++i) {
        const Custodian& c = set->custodians[i];
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
        set_certs.push_back(std::move(cert));
      }
      if (!wrong.empty())
        throw Bad{wrong};
      return "";
    });
    if (set_sound) {
      for (const Custodian& c : set->custodians)
        by_key.emplace(c.key_id, &c);
      state.custodians = set;
    }
  } else {
    checks.not_checked(ids_what, "custodians.json is not a sound custodian set");
  }
  if (set_sound) {
    checks.run(pem_what, [&]() -> std::string {
      const auto pem = parse_pem_bundle(read_file(dir / kCustodiansPem, kMaxPemBytes));
      std::set<Digest> want, got;
      for (const Certificate& c : set_certs)
        want.insert(c.fingerprint());
      for (const Certificate& c : pem)
        got.insert(c.fingerprint());
      for (const Certificate& c : pem) {
        if (!want.contains(c.fingerprint()))
          throw Bad{"custodians.pem holds " + who(c) +
                    ", which is not a certificate of custodians.json"};
      }
      for (std::size_t i = 0; i < set_certs.size(); ++i) {
        if (!got.contains(set_certs[i].fingerprint()))
          throw Bad{"custodians.pem lacks the " + set->custodians[i].role +
                    " custodian's certificate"};
      }
      return "";
    });
  } else {
    checks.not_checked(pem_what, "custodians.json is not a sound custodian set");
  }

  // The signatures, and whose they are.
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
  } else if (!set_sound) {
    checks.not_checked(signers_what, "custodians.json is not a sound custodian set");
  } else {
    checks.run(signers_what, [&]() -> std::string {
      std::vector<std::string> problems;
      std::set<std::string> roles;
      const std::string set_name = "custodians.json (version " + std::to_string(set->version) + ")";
      for (const crypto::CmsSigner& s : *signers) {
        const auto it = by_key.find(s.certificate.key_id());
        if (it == by_key.end()) {
          problems.push_back("signer " + who(s.certificate) + " is not a custodian of " + set_name);
        } else if (it->second->role == "supervisor") {
          problems.push_back("signer " + who(s.certificate) +
                             " is the supervisor custodian: only the owners_committee and the "
                             "manager custodians sign a statement");
        } else {
          roles.insert(it->second->role);
        }
      }
      for (const char* role : {"owners_committee", "manager"}) {
        if (roles.contains(role))
          continue;
        const auto c = std::find_if(set->custodians.begin(), set->custodians.end(),
                                    [&](const Custodian& x) { return x.role == role; });
        const std::size_t i = static_cast<std::size_t>(c - set->custodians.begin());
        problems.push_back("missing the signature of the " + std::string(role) + " custodian " +
                           who(set_certs[i]));
      }
      if (problems.empty() && signers->size() != 2)
        problems.push_back(std::to_string(signers->size()) +
                           " signatures; a statement has exactly two");
      if (signers->size() == 1)
        problems.insert(problems.begin(), "signed by one custodian only");
      if (!problems.empty()) {
        std::string why;
        for (const std::string& p : problems)
          why += (why.empty() ? "" : "; ") + p;
        throw Bad{why};
      }
      std::string note;
      for (const char* role : {"owners_committee", "manager"}) {
        for (std::size_t i = 0; i < set->custodians.size(); ++i) {
          if (set->custodians[i].role == role)
            note += (note.empty() ? "" : "; ") + std::string(role) + ": " +
                    set_certs[i].subject().common_name;
        }
      }
      return note;
    });
  }

  // The journal: this tree extends the previous statement's.
  if (with_journal) {
    const std::string journal_what = "journal consistency proof verifies";
    if (!m) {
      checks.not_checked(journal_what, no_manifest);
    } else {
      checks.run(journal_what, [&]() -> std::string {
        const std::string sizes = "from tree size " + std::to_string(m->previous_tree_size) +
                                  " to " + std::to_string(m->tree_size);
        if (!crypto::merkle::verify_consistency(static_cast<std::uint64_t>(m->previous_tree_size),
                                                static_cast<std::uint64_t>(m->tree_size),
                                                m->previous_root, m->root, m->consistency_proof))
          throw Bad{"the proof does not show the journal tree of size " +
                    std::to_string(m->previous_tree_size) + " (root " + hex(m->previous_root) +
                    ") to be a prefix of the tree of size " + std::to_string(m->tree_size) +
                    " (root " + hex(m->root) + ")"};
        return sizes;
      });
    }
  }
  return state;
}

bool earlier_period(const std::string& a, const std::string& b) {
  try {
    return Period::parse(a) < Period::parse(b);
  } catch (const Error&) {
    return a < b;
  }
}

void check_previous(const DirectoryState& cur, const fs::path& previous_dir,
                    std::vector<VerifyCheck>& out) {
  Checks prev_checks(out, "previous: ");
  const DirectoryState prev = check_directory(previous_dir, prev_checks, false);
  Checks checks(out, "");
  const Manifest* m = cur.manifest ? &*cur.manifest : nullptr;
  const Manifest* p = prev.manifest ? &*prev.manifest : nullptr;
  const std::string missing = !m ? "manifest.json cannot be read or is not well formed"
                                 : "the previous manifest.json cannot be read or is not well "
                                   "formed";

  const std::string order_what = "previous statement is an earlier one of the same estate";
  const std::string chain_what =
      "chain: previous_manifest_sha256 is the SHA-256 of the previous manifest.json";
  const std::string tree_what = "journal continues the previous statement's tree";
  const std::string set_what = "custodian set version is the previous one's or later";
  if (!m || !p) {
    for (const std::string& what : {order_what, chain_what, tree_what, set_what})
      checks.not_checked(what, missing);
    return;
  }
  checks.run(order_what, [&]() -> std::string {
    if (p->estate != m->estate)
      throw Bad{"the previous statement is for estate " + json_quoted(p->estate) +
                ", this one for " + json_quoted(m->estate)};
    if (!earlier_period(p->period, m->period))
      throw Bad{"the previous statement is for period " + json_quoted(p->period) +
                ", not earlier than " + json_quoted(m->period)};
    return p->period;
  });
  checks.run(chain_what, [&]() -> std::string {
    const std::string want = hex(crypto::sha256(*prev.manifest_bytes));
    if (m->previous_manifest_sha256.empty())
      throw Bad{
          "previous_manifest_sha256 is empty (a first statement), the previous "
          "manifest.json has SHA-256 " +
          want};
    if (m->previous_manifest_sha256 != want)
      throw Bad{"previous_manifest_sha256 is " + m->previous_manifest_sha256 +
                ", the previous manifest.json has SHA-256 " + want};
    return "";
  });
  checks.run(tree_what, [&]() -> std::string {
    if (m->previous_tree_size != p->tree_size)
      throw Bad{"previous_tree_size is " + std::to_string(m->previous_tree_size) +
                ", the previous statement's tree_size " + std::to_string(p->tree_size)};
    if (m->previous_root != p->root)
      throw Bad{"previous_root is " + hex(m->previous_root) + ", the previous statement's root " +
                hex(p->root)};
    return "";
  });
  checks.run(set_what, [&]() -> std::string {
    if (m->custodian_set_version < p->custodian_set_version)
      throw Bad{"custodian set version " + std::to_string(m->custodian_set_version) +
                " is older than the previous statement's " +
                std::to_string(p->custodian_set_version)};
    return "version " + std::to_string(p->custodian_set_version) + " then " +
           std::to_string(m->custodian_set_version);
  });
}

struct ResidentProof {
  std::string estate;
  std::string leaf;
  std::int64_t leaf_count = 0;
  std::int64_t leaf_index = 0;
  std::string period;
  std::vector<Digest> proof;
  Digest root{};
};

ResidentProof parse_proof(const std::string& text, const std::string& name) {
  const Object::Ptr o = parse_object(text, name);
  const std::string format = str(*o, "format", "the proof");
  if (format != kResidentProofFormat)
    throw Bad{"the proof's format is " + json_quoted(format) + ", not " + kResidentProofFormat};
  exact_members(*o,
                {"estate", "format", "leaf", "leaf_count", "leaf_index", "period", "proof", "root"},
                "the proof");
  ResidentProof p;
  p.estate = str(*o, "estate", "the proof");
  p.leaf = str(*o, "leaf", "the proof");
  p.leaf_count = integer(*o, "leaf_count", "the proof", 0);
  p.leaf_index = integer(*o, "leaf_index", "the proof", 0);
  p.period = str(*o, "period", "the proof");
  p.proof = digests(*o, "proof", "the proof", crypto::merkle::kMaxInclusionProofLength);
  p.root = digest(*o, "root", "the proof");
  return p;
}

void check_proof(const DirectoryState& cur, const fs::path& proof_file,
                 std::vector<VerifyCheck>& out) {
  Checks checks(out, "");
  std::optional<ResidentProof> p;
  const std::string name = proof_file.filename().string();
  checks.run("resident proof file is well formed", [&]() -> std::string {
    p = parse_proof(read_file(proof_file, kMaxProofFileBytes), name);
    return "unit leaf " + std::to_string(p->leaf_index) + " of " + std::to_string(p->leaf_count);
  });
  const std::string for_what = "resident proof is for this estate and period";
  const std::string count_what =
      "resident proof's leaf_count is the manifest's and statement.json's units_published";
  const std::string root_what = "resident proof's root is the manifest's residents root";
  const std::string leaf_what = "resident leaf is canonical JSON for this estate and period";
  const std::string incl_what = "resident leaf is included in the resident tree";
  const Manifest* m = cur.manifest ? &*cur.manifest : nullptr;
  if (!p || !m) {
    const std::string why = !p ? "the resident proof file is not well formed"
                               : "manifest.json cannot be read or is not well formed";
    for (const std::string& what : {for_what, count_what, root_what, leaf_what, incl_what})
      checks.not_checked(what, why);
    return;
  }
  checks.run(for_what, [&]() -> std::string {
    if (p->estate != m->estate)
      throw Bad{"the proof is for estate " + json_quoted(p->estate) + ", the statement for " +
                json_quoted(m->estate)};
    if (p->period != m->period)
      throw Bad{"the proof is for period " + json_quoted(p->period) + ", the statement for " +
                json_quoted(m->period)};
    return "";
  });
  checks.run(count_what, [&]() -> std::string {
    if (p->leaf_count != m->leaf_count)
      throw Bad{"the proof's leaf_count is " + std::to_string(p->leaf_count) +
                ", the manifest's residents.leaf_count " + std::to_string(m->leaf_count)};
    if (!cur.statement)
      throw Bad{"statement.json cannot be read or does not match the manifest"};
    if (p->leaf_count != cur.statement->units_published)
      throw Bad{"the proof's leaf_count is " + std::to_string(p->leaf_count) +
                ", statement.json's units_published " +
                std::to_string(cur.statement->units_published)};
    return "";
  });
  checks.run(root_what, [&]() -> std::string {
    if (p->root != m->residents_root)
      throw Bad{"the proof's root is " + hex(p->root) + ", the manifest's residents.root " +
                hex(m->residents_root)};
    return "";
  });
  checks.run(leaf_what, [&]() -> std::string {
    require_canonical(p->leaf, "the leaf");
    const Object::Ptr leaf = parse_object(p->leaf, "the leaf");
    const std::string format = str(*leaf, "format", "the leaf");
    const char* want = m->view() ? kResidentViewLeafFormat : kResidentLeafFormat;
    if (format != want)
      throw Bad{"the leaf's format is " + json_quoted(format) + ", not " + want};
    if (m->view()) {
      exact_members(*leaf,
                    {"arrears", "balance", "billed", "estate", "format", "paid", "period",
                     "prepaid", "repair_balance", "salt", "unit"},
                    "the leaf");
      for (const char* key : {"arrears", "prepaid"})
        str(*leaf, key, "the leaf");
    } else {
      exact_members(*leaf,
                    {"balance", "billed", "estate", "format", "paid", "period", "repair_balance",
                     "salt", "unit"},
                    "the leaf");
    }
    for (const char* key : {"balance", "billed", "paid", "repair_balance", "unit"})
      str(*leaf, key, "the leaf");
    if (!is_lower_hex(str(*leaf, "salt", "the leaf"), 32))
      throw Bad{"the leaf's salt must be 32 lower-case hex digits"};
    if (str(*leaf, "estate", "the leaf") != m->estate)
      throw Bad{"the leaf is for estate " + json_quoted(str(*leaf, "estate", "the leaf")) +
                ", the statement for " + json_quoted(m->estate)};
    if (str(*leaf, "period", "the leaf") != m->period)
      throw Bad{"the leaf is for period " + json_quoted(str(*leaf, "period", "the leaf")) +
                ", the statement for " + json_quoted(m->period)};
    return "unit " + str(*leaf, "unit", "the leaf");
  });
  checks.run(incl_what, [&]() -> std::string {
    const Digest leaf_hash = crypto::merkle::leaf_hash(p->leaf);
    if (!crypto::merkle::verify_inclusion(leaf_hash, static_cast<std::uint64_t>(p->leaf_index),
                                          static_cast<std::uint64_t>(m->leaf_count), p->proof,
                                          m->residents_root))
      throw Bad{"the proof does not show the leaf (hash " + hex(leaf_hash) + ") at index " +
                std::to_string(p->leaf_index) + " of the manifest's resident tree of " +
                std::to_string(m->leaf_count) + " leaves (root " + hex(m->residents_root) + ")"};
    return "index " + std::to_string(p->leaf_index) + " of " + std::to_string(m->leaf_count);
  });
}

// A view against the directories of its months.
void check_months(const DirectoryState& cur, const std::vector<fs::path>& month_dirs,
                  std::vector<VerifyCheck>& out) {
  Checks checks(out, "");
  const Manifest* m = cur.manifest ? &*cur.manifest : nullptr;
  if (!m || !m->view()) {
    checks.not_checked("months given are the view's",
                       !m ? "manifest.json cannot be read or is not well formed"
                          : "this statement is a month, not a view");
    return;
  }
  // Each month's own checks, then what each says of itself.
  std::map<std::string, std::pair<std::string, Manifest>> given;  // period -> (bytes, manifest)
  std::vector<std::string> unnamed;
  for (const fs::path& dir : month_dirs) {
    const std::optional<Manifest> peeked = peek_manifest(dir);
    const std::string label = peeked ? peeked->period : dir.filename().string();
    Checks month_checks(out, "month " + label + ": ");
    const DirectoryState state = check_directory(dir, month_checks, false);
    if (!state.manifest || state.manifest->view())
      continue;
    const std::string& period = state.manifest->period;
    if (std::none_of(m->months.begin(), m->months.end(),
                     [&](const auto& e) { return e.first == period; }))
      unnamed.push_back(period + " (" + dir.string() + ")");
    given.insert_or_assign(period, std::make_pair(*state.manifest_bytes, *state.manifest));
  }
  for (const auto& named : m->months) {
    const std::string& period = named.first;
    const Digest& sha = named.second;
    checks.run("manifest of month " + period + " is the one the view names", [&]() -> std::string {
      const auto it = given.find(period);
      if (it == given.end())
        throw Bad{"no readable statement directory of " + period + " was given"};
      const Digest got = crypto::sha256(it->second.first);
      if (got != sha)
        throw Bad{"the manifest.json given for " + period + " has SHA-256 " + hex(got) +
                  ", the view names " + hex(sha)};
      if (it->second.second.estate != m->estate)
        throw Bad{"the statement of " + period + " is for estate " +
                  json_quoted(it->second.second.estate)};
      return "";
    });
  }
  checks.run("every month given is one the view names", [&]() -> std::string {
    if (unnamed.empty())
      return "";
    std::string why = "the view does not name";
    for (const std::string& u : unnamed)
      why.append(" ").append(u);
    throw Bad{why};
  });
  checks.run(
      "journal runs from the first month's previous tree to the last month's tree",
      [&]() -> std::string {
        const auto first = given.find(m->months.front().first);
        const auto last = given.find(m->months.back().first);
        if (first == given.end() || last == given.end())
          throw Bad{"not checked: the first and the last month must be given"};
        const Manifest& f = first->second.second;
        const Manifest& l = last->second.second;
        if (f.previous_tree_size != m->previous_tree_size || f.previous_root != m->previous_root)
          throw Bad{"the view's previous tree is size " + std::to_string(m->previous_tree_size) +
                    ", " + f.period + "'s previous tree size " +
                    std::to_string(f.previous_tree_size)};
        if (l.tree_size != m->tree_size || l.root != m->root)
          throw Bad{"the view's tree is size " + std::to_string(m->tree_size) + ", " + l.period +
                    "'s " + std::to_string(l.tree_size)};
        return "";
      });
}

}  // namespace

std::vector<VerifyCheck> verify_statement(const VerifyOptions& options) {
  std::vector<VerifyCheck> out;
  Checks checks(out, "");
  const DirectoryState state = check_directory(options.dir, checks, true);
  if (options.previous_dir)
    check_previous(state, *options.previous_dir, out);
  if (options.proof_file)
    check_proof(state, *options.proof_file, out);
  if (!options.month_dirs.empty())
    check_months(state, options.month_dirs, out);
  return out;
}

}  // namespace trustfund::statements
