// verify_statement on statement directories built here from scratch: two custodians' keys, the
// files, a manifest with their real hashes, a resident tree, a journal over two months, and the
// two CMS signatures. A good directory passes every check; each kind of tampering fails the check
// that names it.
#include <catch2/catch_test_macros.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "trustfund/core/date.h"
#include "trustfund/crypto/cms.h"
#include "trustfund/crypto/custodian_key.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/crypto/jcs.h"
#include "trustfund/crypto/merkle.h"
#include "trustfund/crypto/sha256.h"
#include "trustfund/statements/verify.h"

namespace fs = std::filesystem;
using Poco::JSON::Array;
using Poco::JSON::Object;
using trustfund::Date;
using trustfund::crypto::Certificate;
using trustfund::crypto::Digest;
using trustfund::crypto::PrivateKey;
using trustfund::crypto::to_hex;
using trustfund::statements::verify_statement;
using trustfund::statements::VerifyCheck;
using trustfund::statements::VerifyOptions;
namespace merkle = trustfund::crypto::merkle;

namespace {

const std::string kEstate = "sunrise-garden";

struct Custodian {
  PrivateKey key;
  Certificate cert;
  std::string role;
};

Custodian make_custodian(const std::string& name, const std::string& org, const std::string& role) {
  PrivateKey key = PrivateKey::generate_p256();
  Certificate cert =
      Certificate::self_signed(key, {name, org, role, "CN"}, Date::today_utc().plus_days(-1), 365);
  return {std::move(key), std::move(cert), role};
}

const Custodian& committee() {
  static const Custodian c =
      make_custodian("Li Wei", "Sunrise Garden Owners' Committee", "owners_committee");
  return c;
}
const Custodian& manager() {
  static const Custodian c = make_custodian("Wang Fang", "Sunrise PM", "manager");
  return c;
}
const Custodian& supervisor() {
  static const Custodian c = make_custodian("Zhao Min", "Street Office", "supervisor");
  return c;
}
const Custodian& stranger() {
  static const Custodian c = make_custodian("Mallory", "Nobody Ltd", "manager");
  return c;
}
const Custodian& other_committee() {
  static const Custodian c = make_custodian("Chen Jie", "Another Committee", "owners_committee");
  return c;
}
const Custodian& other_manager() {
  static const Custodian c = make_custodian("Sun Li", "Another PM", "manager");
  return c;
}

// A directory removed with everything in it at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    static int counter = 0;
    path = fs::temp_directory_path() /
           ("tf-verify-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

void write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  REQUIRE(out.good());
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string canonical(const Object::Ptr& o) {
  return trustfund::crypto::canonicalize(o);
}

// The journal: 12 entries; September's statement closes at 5, October's at 12.
const merkle::MemoryTree& journal() {
  static const merkle::MemoryTree tree = [] {
    merkle::MemoryTree t;
    for (int i = 0; i < 12; ++i)
      t.append_leaf("{\"entry\":" + std::to_string(i) + "}");
    return t;
  }();
  return tree;
}

// The resident leaves of a month: 7 units.
std::vector<std::string> resident_leaves(const std::string& period) {
  std::vector<std::string> leaves;
  for (int i = 0; i < 7; ++i) {
    Object::Ptr leaf = new Object;
    leaf->set("balance", std::to_string(100 * i) + ".00");
    leaf->set("billed", "352.50");
    leaf->set("estate", kEstate);
    leaf->set("format", "trustfund-resident-leaf/1");
    leaf->set("paid", i % 2 ? "352.50" : "0.00");
    leaf->set("period", period);
    leaf->set("repair_balance", "8120.00");
    std::string salt = "0123456789abcdef0123456789abcde";
    salt += static_cast<char>('0' + i);
    leaf->set("salt", salt);
    leaf->set("unit", "3-2-150" + std::to_string(i));
    leaves.push_back(canonical(leaf));
  }
  return leaves;
}

Array::Ptr hex_array(const std::vector<Digest>& digests) {
  Array::Ptr a = new Array;
  for (const Digest& d : digests)
    a->add(to_hex(d));
  return a;
}

// What one statement directory holds, and how it is signed.
struct Month {
  std::string period = "2026-10";
  std::uint64_t previous_size = 5;
  std::uint64_t size = 12;
  std::string previous_manifest_sha256;                  // filled in by the fixture
  std::optional<std::vector<Digest>> consistency_proof;  // default: the real one
  std::vector<const Custodian*> set = {&committee(), &manager(), &supervisor()};
  std::int64_t set_version = 1;
  std::int64_t manifest_set_version = 1;
  std::vector<const Custodian*> signers = {&committee(), &manager()};
  std::vector<std::string> leaves;  // default: resident_leaves(period)
};

merkle::MemoryTree resident_tree(const std::vector<std::string>& leaves) {
  merkle::MemoryTree t;
  for (const std::string& l : leaves)
    t.append_leaf(l);
  return t;
}

std::string custodians_json(const std::vector<const Custodian*>& set, std::int64_t version) {
  Array::Ptr list = new Array;
  for (const Custodian* c : set) {
    Object::Ptr o = new Object;
    o->set("certificate", c->cert.to_pem());
    o->set("key_id", to_hex(c->cert.key_id()));
    o->set("role", c->role);
    list->add(o);
  }
  Object::Ptr o = new Object;
  o->set("custodians", list);
  o->set("estate", kEstate);
  o->set("format", "trustfund-custodians/1");
  o->set("version", version);
  return canonical(o);
}

std::string custodians_pem(const std::vector<const Custodian*>& set) {
  std::string pem;
  for (const Custodian* c : set)
    pem += c->cert.to_pem();
  return pem;
}

std::string sign(const std::string& content, const std::vector<const Custodian*>& signers) {
  REQUIRE(!signers.empty());
  std::string p7s = trustfund::crypto::cms_sign(content, signers[0]->key, signers[0]->cert);
  for (std::size_t i = 1; i < signers.size(); ++i)
    p7s = trustfund::crypto::cms_cosign(p7s, content, signers[i]->key, signers[i]->cert);
  return p7s;
}

// A SignedData with two SignerInfos by one key (two certificates for it): what cms_cosign never
// makes, built with OpenSSL directly.
std::string sign_twice(const std::string& content, const Custodian& c) {
  const Certificate reissued =
      Certificate::self_signed(c.key, {"Li Wei", "Sunrise Garden Owners' Committee", c.role, "CN"},
                               Date::today_utc().plus_days(-1), 730);
  const unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL;
  CMS_ContentInfo* cms = CMS_sign(nullptr, nullptr, nullptr, nullptr, flags);
  REQUIRE(cms != nullptr);
  REQUIRE(CMS_add1_signer(cms, c.cert.get(), c.key.get(), EVP_sha256(), CMS_BINARY) != nullptr);
  REQUIRE(CMS_add1_signer(cms, reissued.get(), c.key.get(), EVP_sha256(), CMS_BINARY) != nullptr);
  BIO* in = BIO_new_mem_buf(content.data(), static_cast<int>(content.size()));
  REQUIRE(CMS_final(cms, in, nullptr, CMS_DETACHED | CMS_BINARY) == 1);
  unsigned char* der = nullptr;
  const int length = i2d_CMS_ContentInfo(cms, &der);
  REQUIRE(length > 0);
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length));
  OPENSSL_free(der);
  BIO_free(in);
  CMS_ContentInfo_free(cms);
  return out;
}

std::string sha256_hex(const std::string& bytes) {
  return to_hex(trustfund::crypto::sha256(bytes));
}

// Writes a complete statement directory; returns its manifest.json.
std::string write_statement(const fs::path& dir, Month month) {
  fs::create_directories(dir);
  if (month.leaves.empty())
    month.leaves = resident_leaves(month.period);
  const merkle::MemoryTree residents = resident_tree(month.leaves);

  Object::Ptr estate = new Object;
  estate->set("id", kEstate);
  estate->set("name", "阳光花园 Sunrise Garden");
  Object::Ptr journal_summary = new Object;
  journal_summary->set("root", to_hex(journal().root(month.size)));
  journal_summary->set("tree_size", month.size);
  Object::Ptr statement = new Object;
  statement->set("estate", estate);
  statement->set("format", "trustfund-statement/1");
  statement->set("from", month.period + "-01");
  statement->set("journal", journal_summary);
  statement->set("kind", "month");
  statement->set("period", month.period);
  statement->set("to", month.period + "-30");
  statement->set("units_published", static_cast<std::int64_t>(month.leaves.size()));

  const std::string files[][2] = {
      {"custodians.json", custodians_json(month.set, month.set_version)},
      {"entries.csv", "seq,date,kind,account,amount,memo\n1," + month.period +
                          "-05,fee_payment,OP.1002,352.50,fee 3-2-1501\n1," + month.period +
                          "-05,fee_payment,OP.1131@3-2-1501,-352.50,fee 3-2-1501\n"},
      {"statement.html", "<!doctype html><html lang=\"zh-CN\"><title>Sunrise Garden " +
                             month.period +
                             "</title><body><h1>阳光花园 月度报告</h1></body></html>\n"},
      {"statement.json", canonical(statement)},
  };
  Array::Ptr file_list = new Array;
  for (const auto& f : files) {
    write_file(dir / f[0], f[1]);
    Object::Ptr entry = new Object;
    entry->set("name", f[0]);
    entry->set("sha256", sha256_hex(f[1]));
    file_list->add(entry);
  }
  write_file(dir / "custodians.pem", custodians_pem(month.set));

  Object::Ptr journal_member = new Object;
  journal_member->set(
      "consistency_proof",
      hex_array(month.consistency_proof ? *month.consistency_proof
                                        : merkle::consistency_proof(month.previous_size, month.size,
                                                                    journal().subtree_fn())));
  journal_member->set("previous_root", to_hex(journal().root(month.previous_size)));
  journal_member->set("previous_tree_size", month.previous_size);
  journal_member->set("root", to_hex(journal().root(month.size)));
  journal_member->set("tree_size", month.size);
  Object::Ptr resident_member = new Object;
  resident_member->set("leaf_count", residents.size());
  resident_member->set("root", to_hex(residents.root()));
  Object::Ptr manifest = new Object;
  manifest->set("custodian_set_version", month.manifest_set_version);
  manifest->set("estate", kEstate);
  manifest->set("files", file_list);
  manifest->set("format", "trustfund-statement-manifest/1");
  manifest->set("journal", journal_member);
  manifest->set("kind", "month");
  manifest->set("period", month.period);
  manifest->set("previous_manifest_sha256", month.previous_manifest_sha256);
  manifest->set("residents", resident_member);
  const std::string manifest_json = canonical(manifest);
  write_file(dir / "manifest.json", manifest_json);
  write_file(dir / "manifest.p7s", sign(manifest_json, month.signers));
  return manifest_json;
}

// The resident proof of unit `index` of `month` as an object, for tests to change.
Object::Ptr proof_object(const Month& month, std::size_t index) {
  const std::vector<std::string> leaves =
      month.leaves.empty() ? resident_leaves(month.period) : month.leaves;
  const merkle::MemoryTree tree = resident_tree(leaves);
  Object::Ptr o = new Object;
  o->set("estate", kEstate);
  o->set("format", "trustfund-resident-proof/1");
  o->set("leaf", leaves[index]);
  o->set("leaf_count", static_cast<std::int64_t>(leaves.size()));
  o->set("leaf_index", static_cast<std::int64_t>(index));
  o->set("period", month.period);
  o->set("proof", hex_array(merkle::inclusion_proof(index, leaves.size(), tree.subtree_fn())));
  o->set("root", to_hex(tree.root()));
  return o;
}

Month september() {
  Month m;
  m.period = "2026-09";
  m.previous_size = 0;
  m.size = 5;
  return m;
}

// September (the first statement) and October (chained to it) in `root`/2026-09 and 2026-10, and
// the proof of unit 3 of October in `root`/unit-proof.json.
struct Books {
  fs::path september_dir, october_dir, proof_file;
  std::string september_manifest;

  explicit Books(const fs::path& root, const std::function<void(Month&)>& change_october = {})
      : september_dir(root / "2026-09"),
        october_dir(root / "2026-10"),
        proof_file(root / "unit-proof.json") {
    september_manifest = write_statement(september_dir, september());
    Month october = october_month();
    if (change_october)
      change_october(october);
    write_statement(october_dir, october);
    write_file(proof_file, canonical(proof_object(october, 3)));
  }

  Month october_month() const {
    Month m;
    m.previous_manifest_sha256 = sha256_hex(september_manifest);
    return m;
  }

  std::vector<VerifyCheck> verify(bool with_previous = true, bool with_proof = true) const {
    VerifyOptions options;
    options.dir = october_dir;
    if (with_previous)
      options.previous_dir = september_dir;
    if (with_proof)
      options.proof_file = proof_file;
    return verify_statement(options);
  }
};

std::vector<const VerifyCheck*> failures(const std::vector<VerifyCheck>& checks) {
  std::vector<const VerifyCheck*> out;
  for (const VerifyCheck& c : checks) {
    if (!c.ok)
      out.push_back(&c);
  }
  return out;
}

std::string describe(const std::vector<VerifyCheck>& checks) {
  std::string s;
  for (const VerifyCheck& c : checks)
    s += (c.ok ? "ok   " : "FAILED ") + c.what + (c.detail.empty() ? "" : ": " + c.detail) + "\n";
  return s;
}

// The check named `what` (exactly); a copy, so that it may be taken from a temporary list.
VerifyCheck check_named(const std::vector<VerifyCheck>& checks, const std::string& what) {
  const auto it = std::find_if(checks.begin(), checks.end(),
                               [&](const VerifyCheck& c) { return c.what == what; });
  INFO(describe(checks));
  REQUIRE(it != checks.end());
  return *it;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

void flip_byte(const fs::path& path, std::size_t at) {
  std::string bytes = read_file(path);
  REQUIRE(at < bytes.size());
  bytes[at] = static_cast<char>(bytes[at] ^ 0x01);
  write_file(path, bytes);
}

void replace_in(const fs::path& path, const std::string& from, const std::string& to) {
  std::string bytes = read_file(path);
  const auto at = bytes.find(from);
  REQUIRE(at != std::string::npos);
  bytes.replace(at, from.size(), to);
  write_file(path, bytes);
}

const std::vector<std::string> kContentFiles = {"statement.json", "statement.html", "entries.csv",
                                                "custodians.json"};
const std::string kSigned = "manifest.p7s signatures verify over manifest.json";
const std::string kSigners = "signed by exactly the owners_committee and manager custodians";
const std::string kCanonical = "manifest.json is canonical JSON";
const std::string kChain =
    "chain: previous_manifest_sha256 is the SHA-256 of the previous manifest.json";
const std::string kConsistency = "journal consistency proof verifies";
const std::string kContinues = "journal continues the previous statement's tree";
const std::string kIncluded = "resident leaf is included in the resident tree";

std::string hash_check(const std::string& file) {
  return "SHA-256 of " + file + " matches the manifest";
}

}  // namespace

TEST_CASE("a complete, correctly signed statement passes every check") {
  const TempDir tmp;
  const Books books(tmp.path);
  const auto checks = books.verify();
  INFO(describe(checks));
  CHECK(failures(checks).empty());
  CHECK(checks.size() >= 30);
  for (const std::string& what :
       {std::string("files present"), kCanonical, hash_check("statement.json"),
        hash_check("statement.html"), hash_check("entries.csv"), hash_check("custodians.json"),
        kSigned, kSigners, kConsistency, std::string("previous: ") + kSigners, kChain, kContinues,
        kIncluded}) {
    CHECK(check_named(checks, what).ok);
  }
  CHECK(check_named(checks, kSigned).detail == "2 signatures");
  CHECK(check_named(checks, kSigners).detail == "owners_committee: Li Wei; manager: Wang Fang");
}

TEST_CASE("the first statement, with an empty previous tree, passes alone") {
  const TempDir tmp;
  const Books books(tmp.path);
  const auto checks = verify_statement({books.september_dir, std::nullopt, std::nullopt});
  INFO(describe(checks));
  CHECK(failures(checks).empty());
  CHECK(check_named(checks, kConsistency).detail == "from tree size 0 to 5");
}

TEST_CASE("a content file changed by one byte fails the hash check naming that file") {
  for (const std::string& file : kContentFiles) {
    const TempDir tmp;
    const Books books(tmp.path);
    flip_byte(books.october_dir / file, read_file(books.october_dir / file).size() / 2);
    const auto checks = books.verify();
    INFO(file << "\n" << describe(checks));
    const VerifyCheck c = check_named(checks, hash_check(file));
    CHECK_FALSE(c.ok);
    CHECK(contains(c.detail, file + " has SHA-256"));
    // Every other file still matches.
    for (const std::string& other : kContentFiles) {
      if (other != file)
        CHECK(check_named(checks, hash_check(other)).ok);
    }
    // The signatures are over manifest.json, which did not change.
    CHECK(check_named(checks, kSigned).ok);
  }
}

TEST_CASE("a missing file fails 'files present' naming it") {
  const TempDir tmp;
  const Books books(tmp.path);
  fs::remove(books.october_dir / "entries.csv");
  const auto checks = books.verify();
  INFO(describe(checks));
  const VerifyCheck c = check_named(checks, "files present");
  CHECK_FALSE(c.ok);
  CHECK(c.detail == "missing: entries.csv");
  CHECK(check_named(checks, hash_check("entries.csv")).detail == "entries.csv is missing");
}

TEST_CASE("a file the manifest does not name is noted but does not fail verification") {
  const TempDir tmp;
  const Books books(tmp.path);
  write_file(books.october_dir / "notes.txt", "not signed");
  const auto checks = books.verify();
  INFO(describe(checks));
  CHECK(failures(checks).empty());
  const VerifyCheck c = check_named(checks, "no files beyond the signed ones");
  CHECK(c.ok);
  CHECK(contains(c.detail, "notes.txt"));
}

TEST_CASE("a manifest.json changed after signing fails the signature and the canonical form") {
  SECTION("whitespace added: not canonical, and not what was signed") {
    const TempDir tmp;
    const Books books(tmp.path);
    replace_in(books.october_dir / "manifest.json", "\"kind\":\"month\"", "\"kind\": \"month\"");
    const auto checks = books.verify();
    INFO(describe(checks));
    CHECK_FALSE(check_named(checks, kCanonical).ok);
    CHECK(contains(check_named(checks, kCanonical).detail, "not in canonical form"));
    CHECK_FALSE(check_named(checks, kSigned).ok);
    CHECK(contains(check_named(checks, kSigned).detail, "signature-invalid"));
    CHECK(contains(check_named(checks, kSigners).detail, "not checked"));
  }
  SECTION("a file hash changed: still canonical, but the signature does not verify") {
    const TempDir tmp;
    const Books books(tmp.path);
    // Point the manifest at a changed statement.html: the hashes match, the signature does not.
    replace_in(books.october_dir / "statement.html", "月度报告", "月度报表");
    const std::string html_hash = sha256_hex(read_file(books.october_dir / "statement.html"));
    const std::string manifest = read_file(books.october_dir / "manifest.json");
    const std::string member = "\"name\":\"statement.html\",\"sha256\":\"";
    const auto at = manifest.find(member);
    REQUIRE(at != std::string::npos);
    std::string changed = manifest;
    changed.replace(at + member.size(), 64, html_hash);
    write_file(books.october_dir / "manifest.json", changed);
    const auto checks = books.verify();
    INFO(describe(checks));
    CHECK(check_named(checks, kCanonical).ok);
    CHECK(check_named(checks, hash_check("statement.html")).ok);
    CHECK_FALSE(check_named(checks, kSigned).ok);
  }
}

TEST_CASE("a statement signed by one custodian only fails verification") {
  const TempDir tmp;
  const Books books(tmp.path, [](Month& m) { m.signers = {&committee()}; });
  const auto checks = books.verify();
  INFO(describe(checks));
  // The signature itself is sound: stock OpenSSL would accept it.
  CHECK(check_named(checks, kSigned).ok);
  const VerifyCheck c = check_named(checks, kSigners);
  CHECK_FALSE(c.ok);
  CHECK(contains(c.detail, "signed by one custodian only"));
  CHECK(contains(c.detail, "missing the signature of the manager custodian"));
  CHECK(contains(c.detail, "Wang Fang"));
  CHECK(failures(checks).size() == 1);
}

TEST_CASE("a statement signed by the manager alone names the missing owners' committee") {
  const TempDir tmp;
  const Books books(tmp.path, [](Month& m) { m.signers = {&manager()}; });
  const VerifyCheck c = check_named(books.verify(), kSigners);
  CHECK_FALSE(c.ok);
  CHECK(contains(c.detail, "missing the signature of the owners_committee custodian"));
  CHECK(contains(c.detail, "Li Wei"));
}

TEST_CASE("a statement co-signed by a stranger fails verification") {
  const TempDir tmp;
  const Books books(tmp.path, [](Month& m) { m.signers = {&committee(), &stranger()}; });
  const auto checks = books.verify();
  INFO(describe(checks));
  CHECK(check_named(checks, kSigned).ok);
  const VerifyCheck c = check_named(checks, kSigners);
  CHECK_FALSE(c.ok);
  CHECK(contains(c.detail, "Mallory"));
  CHECK(contains(c.detail, "is not a custodian of custodians.json (version 1)"));
  CHECK(contains(c.detail, "missing the signature of the manager custodian"));
}

TEST_CASE("a statement co-signed by the supervisor instead of the manager fails verification") {
  const TempDir tmp;
  const Books books(tmp.path, [](Month& m) { m.signers = {&committee(), &supervisor()}; });
  const VerifyCheck c = check_named(books.verify(), kSigners);
  CHECK_FALSE(c.ok);
  CHECK(contains(c.detail, "is the supervisor custodian"));
  CHECK(contains(c.detail, "Zhao Min"));
}

TEST_CASE("a third signature beside the two custodians' fails verification") {
  const TempDir tmp;
  const Books books(tmp.path, [](Month& m) {
    m.signers = {&committee(), &manager(), &supervisor()};
  });
  const VerifyCheck c = check_named(books.verify(), kSigners);
  CHECK_FALSE(c.ok);
  CHECK(contains(c.detail, "supervisor"));
}

TEST_CASE("a statement signed twice by the same custodian fails verification") {
  const TempDir tmp;
  const Books books(tmp.path);
  write_file(books.october_dir / "manifest.p7s",
             sign_twice(read_file(books.october_dir / "manifest.json"), committee()));
  const auto checks = books.verify();
  INFO(describe(checks));
  CHECK_FALSE(check_named(checks, kSigned).ok);
  const VerifyCheck c = check_named(checks, kSigners);
  CHECK_FALSE(c.ok);
  CHECK(contains(c.detail, "one custodian signed twice"));
}

TEST_CASE("a custodians.json swapped for another set fails verification") {
  SECTION("another set in place of the signed one") {
    const TempDir tmp;
    const Books books(tmp.path);
    const std::vector<const Custodian*> other = {&other_committee(), &other_manager()};
    write_file(books.october_dir / "custodians.json", custodians_json(other, 1));
    write_file(books.october_dir / "custodians.pem", custodians_pem(other));
    const auto checks = books.verify();
    INFO(describe(checks));
    CHECK_FALSE(check_named(checks, hash_check("custodians.json")).ok);
    const VerifyCheck c = check_named(checks, kSigners);
    CHECK_FALSE(c.ok);
    CHECK(contains(c.detail, "Li Wei"));
    CHECK(contains(c.detail, "is not a custodian"));
  }
  SECTION("a set whose version is not the manifest's") {
    const TempDir tmp;
    const Books books(tmp.path, [](Month& m) { m.set_version = 2; });
    const VerifyCheck c = check_named(books.verify(), "custodian set version is the manifest's");
    CHECK_FALSE(c.ok);
    CHECK(c.detail == "custodians.json is version 2, the manifest names version 1");
  }
  SECTION("a key id that is not the certificate's") {
    const TempDir tmp;
    const Books books(tmp.path);
    const fs::path path = books.october_dir / "custodians.json";
    replace_in(path, to_hex(manager().cert.key_id()), to_hex(stranger().cert.key_id()));
    const auto checks = books.verify();
    INFO(describe(checks));
    const VerifyCheck c = check_named(checks, "custodian certificates match their key ids");
    CHECK_FALSE(c.ok);
    CHECK(contains(c.detail, "the manager custodian's certificate has key id"));
    CHECK(contains(check_named(checks, kSigners).detail, "not checked"));
  }
  SECTION("custodians.pem with a stranger's certificate") {
    const TempDir tmp;
    const Books books(tmp.path);
    write_file(books.october_dir / "custodians.pem",
               custodians_pem({&committee(), &manager(), &supervisor(), &stranger()}));
    const VerifyCheck& c =
        check_named(books.verify(), "custodians.pem holds the certificates of custodians.json");
    CHECK_FALSE(c.ok);
    CHECK(contains(c.detail, "Mallory"));
  }
}

TEST_CASE(
    "a statement whose previous_manifest_sha256 is not the previous manifest's breaks the "
    "chain") {
  const TempDir tmp;
  const Books books(tmp.path, [](Month& m) { m.previous_manifest_sha256 = std::string(64, 'a'); });
  const auto checks = books.verify();
  INFO(describe(checks));
  const VerifyCheck c = check_named(checks, kChain);
  CHECK_FALSE(c.ok);
  CHECK(contains(c.detail, "previous_manifest_sha256 is aaaa"));
  CHECK(failures(checks).size() == 1);
  // Without --previous the chain is not checked.
  CHECK(failures(books.verify(false, true)).empty());
}

TEST_CASE("a previous statement that was changed fails its own checks and the chain") {
  const TempDir tmp;
  const Books books(tmp.path);
  flip_byte(books.september_dir / "entries.csv", 3);
  replace_in(books.september_dir / "manifest.json", "\"kind\":\"month\"", "\"kind\":\"year\"");
  const auto checks = books.verify();
  INFO(describe(checks));
  CHECK_FALSE(check_named(checks, "previous: " + hash_check("entries.csv")).ok);
  CHECK_FALSE(check_named(checks, "previous: " + kSigned).ok);
  CHECK_FALSE(check_named(checks, kChain).ok);
}

TEST_CASE("a wrong journal consistency proof fails verification") {
  SECTION("a hash of the proof changed") {
    const TempDir tmp;
    const Books books(tmp.path, [](Month& m) {
      auto proof = merkle::consistency_proof(5, 12, journal().subtree_fn());
      REQUIRE(!proof.empty());
      proof[0][0] ^= 0x01;
      m.consistency_proof = proof;
    });
    const auto checks = books.verify();
    INFO(describe(checks));
    const VerifyCheck c = check_named(checks, kConsistency);
    CHECK_FALSE(c.ok);
    CHECK(contains(c.detail, "prefix of the tree of size 12"));
    CHECK(failures(checks).size() == 1);
  }
  SECTION("a proof from a tree that is not the previous statement's") {
    const TempDir tmp;
    const Books books(tmp.path, [](Month& m) { m.previous_size = 4; });
    const auto checks = books.verify();
    INFO(describe(checks));
    CHECK(check_named(checks, kConsistency).ok);  // a true proof, but from the wrong tree
    const VerifyCheck c = check_named(checks, kContinues);
    CHECK_FALSE(c.ok);
    CHECK(c.detail == "previous_tree_size is 4, the previous statement's tree_size 5");
  }
}

TEST_CASE("a custodian set older than the previous statement's fails verification") {
  const TempDir tmp;
  const fs::path root = tmp.path;
  Month sept = september();
  sept.set_version = 2;
  sept.manifest_set_version = 2;
  const std::string sept_manifest = write_statement(root / "2026-09", sept);
  Month oct;
  oct.previous_manifest_sha256 = sha256_hex(sept_manifest);
  write_statement(root / "2026-10", oct);
  const auto checks = verify_statement({root / "2026-10", root / "2026-09", std::nullopt});
  INFO(describe(checks));
  const VerifyCheck& c =
      check_named(checks, "custodian set version is the previous one's or later");
  CHECK_FALSE(c.ok);
  CHECK(failures(checks).size() == 1);
}

TEST_CASE("a resident proof with a changed leaf fails inclusion") {
  const TempDir tmp;
  const Books books(tmp.path);
  Object::Ptr proof = proof_object(books.october_month(), 3);
  std::string leaf = proof->getValue<std::string>("leaf");
  const auto at = leaf.find("\"balance\":\"300.00\"");
  REQUIRE(at != std::string::npos);
  leaf.replace(at, 18, "\"balance\":\"0.00\"");
  proof->set("leaf", leaf);
  write_file(books.proof_file, canonical(proof));
  const auto checks = books.verify();
  INFO(describe(checks));
  CHECK(check_named(checks, "resident leaf is canonical JSON for this estate and period").ok);
  const VerifyCheck c = check_named(checks, kIncluded);
  CHECK_FALSE(c.ok);
  CHECK(contains(c.detail, "at index 3"));
  CHECK(failures(checks).size() == 1);
}

TEST_CASE("a resident proof with a wrong index fails inclusion") {
  const TempDir tmp;
  const Books books(tmp.path);
  Object::Ptr proof = proof_object(books.october_month(), 3);
  proof->set("leaf_index", 2);
  write_file(books.proof_file, canonical(proof));
  const auto checks = books.verify();
  INFO(describe(checks));
  CHECK_FALSE(check_named(checks, kIncluded).ok);
  CHECK(failures(checks).size() == 1);
}

TEST_CASE("a resident proof whose leaf_count is not the statement's fails verification") {
  const TempDir tmp;
  const Books books(tmp.path);
  Object::Ptr proof = proof_object(books.october_month(), 3);
  proof->set("leaf_count", 8);
  write_file(books.proof_file, canonical(proof));
  const auto checks = books.verify();
  INFO(describe(checks));
  const VerifyCheck c = check_named(
      checks, "resident proof's leaf_count is the manifest's and statement.json's units_published");
  CHECK_FALSE(c.ok);
  CHECK(c.detail == "the proof's leaf_count is 8, the manifest's residents.leaf_count 7");
}

TEST_CASE("a resident proof for another month or with another root fails verification") {
  const TempDir tmp;
  const Books books(tmp.path);
  // September's proof against October's statement.
  write_file(books.proof_file, canonical(proof_object(september(), 3)));
  const auto checks = books.verify();
  INFO(describe(checks));
  CHECK_FALSE(check_named(checks, "resident proof is for this estate and period").ok);
  CHECK_FALSE(check_named(checks, "resident proof's root is the manifest's residents root").ok);
  CHECK_FALSE(check_named(checks, "resident leaf is canonical JSON for this estate and period").ok);
  CHECK_FALSE(check_named(checks, kIncluded).ok);
}

TEST_CASE("a resident leaf that is not canonical JSON fails verification") {
  const TempDir tmp;
  const Books books(tmp.path);
  Object::Ptr proof = proof_object(books.october_month(), 3);
  proof->set("leaf", " " + proof->getValue<std::string>("leaf"));
  write_file(books.proof_file, canonical(proof));
  const VerifyCheck& c =
      check_named(books.verify(), "resident leaf is canonical JSON for this estate and period");
  CHECK_FALSE(c.ok);
  CHECK(contains(c.detail, "not in canonical form"));
}

// The shape of each published JSON file is read by the core reader; a fault names its place as
// the details always have (a member of the top level after a dot; below it, custodians.json and
// statement.json after a space).
TEST_CASE("a published JSON file of the wrong shape fails its check naming the place at fault") {
  const std::string kManifestShape = "manifest names a known format and is well formed";
  const std::string kSet = "custodians.json is a custodian set for the estate";
  const std::string kStatement =
      "statement.json names the manifest's estate, period, kind and units";
  const std::string kProof = "resident proof file is well formed";
  struct Case {
    std::string file, from, to, check, detail;
  };
  const std::vector<Case> cases = {
      {"manifest.json", "\"tree_size\":12", "\"tree_size\":-1", kManifestShape,
       "manifest.journal.tree_size must be at least 0"},
      {"manifest.json", "\"kind\":\"month\"", "\"kind\":true", kManifestShape,
       "manifest.kind must be a string"},
      {"manifest.json", "{\"name\":\"custodians.json\",", "{\"nmae\":\"custodians.json\",",
       kManifestShape, "manifest.files[0] has an unknown member \"nmae\""},
      {"custodians.json", "\"role\":\"manager\"", "\"role\":5", kSet,
       "custodians.json custodians[1].role must be a string"},
      {"custodians.json", "\"version\":1", "\"version\":\"1\"", kSet,
       "custodians.json.version must be a whole number"},
      {"statement.json", "{\"id\":\"sunrise-garden\",", "{", kStatement,
       "statement.json estate has no member \"id\""},
  };
  for (const Case& c : cases) {
    INFO(c.file << ": " << c.to);
    const TempDir tmp;
    const Books books(tmp.path);
    replace_in(books.october_dir / c.file, c.from, c.to);
    const VerifyCheck check = check_named(books.verify(), c.check);
    CHECK_FALSE(check.ok);
    CHECK(check.detail == c.detail);
  }
  const TempDir tmp;
  const Books books(tmp.path);
  Object::Ptr proof = proof_object(books.october_month(), 3);
  proof->set("leaf_index", true);
  write_file(books.proof_file, canonical(proof));
  CHECK(check_named(books.verify(), kProof).detail ==
        "the proof.leaf_index must be a whole number");
}

TEST_CASE("garbage in place of the files fails checks and never throws") {
  const TempDir tmp;
  const Books books(tmp.path);
  for (const char* name :
       {"manifest.json", "manifest.p7s", "custodians.json", "custodians.pem", "statement.json"}) {
    write_file(books.october_dir / name, "\x01\x02{not json");
  }
  write_file(books.proof_file, "[1,2,3]");
  std::vector<VerifyCheck> checks;
  REQUIRE_NOTHROW(checks = books.verify());
  INFO(describe(checks));
  CHECK_FALSE(check_named(checks, kCanonical).ok);
  CHECK_FALSE(check_named(checks, "resident proof file is well formed").ok);
  // A directory that is not there.
  REQUIRE_NOTHROW(checks = verify_statement(
                      {tmp.path / "nowhere", tmp.path / "nor-here", tmp.path / "no-proof.json"}));
  CHECK_FALSE(check_named(checks, "files present").ok);
  CHECK(contains(check_named(checks, "files present").detail, "is not a directory"));
  CHECK_FALSE(check_named(checks, "previous: files present").ok);
  CHECK_FALSE(check_named(checks, "resident proof file is well formed").ok);
}

// With TRUSTFUND_VERIFY_FIXTURE_DIR set, writes a good statement chain there for
// tests/integration/cli_verify.sh: 2026-09/, 2026-10/, unit-proof.json, and 2026-10-one-signer/ (a
// copy of October signed by the owners' committee only, which stock OpenSSL accepts).
TEST_CASE("writes a verifiable statement directory") {
  const TempDir tmp;
  const char* env = std::getenv("TRUSTFUND_VERIFY_FIXTURE_DIR");
  const fs::path root = env != nullptr && *env != '\0' ? fs::path(env) : tmp.path;
  fs::create_directories(root);
  const Books books(root);
  const fs::path one = root / "2026-10-one-signer";
  fs::create_directories(one);
  for (const auto& entry : fs::directory_iterator(books.october_dir))
    fs::copy_file(entry.path(), one / entry.path().filename(),
                  fs::copy_options::overwrite_existing);
  write_file(one / "manifest.p7s", sign(read_file(one / "manifest.json"), {&committee()}));
  const auto checks = books.verify();
  INFO(describe(checks));
  CHECK(failures(checks).empty());
  const auto lone = verify_statement({one, std::nullopt, std::nullopt});
  CHECK(failures(lone).size() == 1);
}
