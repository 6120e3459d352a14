#include <catch2/catch_test_macros.hpp>

#include <openssl/cms.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "support/errors.h"
#include "trustfund/core/date.h"
#include "trustfund/crypto/cms.h"
#include "trustfund/crypto/custodian_key.h"
#include "trustfund/crypto/hex.h"

using trustfund::Date;
using trustfund::ErrorKind;
using trustfund::crypto::Certificate;
using trustfund::crypto::CertificateSubject;
using trustfund::crypto::cms_cosign;
using trustfund::crypto::cms_sign;
using trustfund::crypto::cms_verify;
using trustfund::crypto::CmsSigner;
using trustfund::crypto::kMaxCmsBytes;
using trustfund::crypto::PrivateKey;
using trustfund::testing::error_of;

namespace {

const std::string kOrder =
    "{\"amount\":\"12800.00\",\"estate\":\"sunrise-garden\",\"kind\":\"disbursement_order\","
    "\"payee\":\"Sunrise Lift Co.\"}";

struct Custodian {
  PrivateKey key;
  Certificate cert;
};

Custodian custodian(const std::string& name, const std::string& role) {
  PrivateKey key = PrivateKey::generate_p256();
  Certificate cert = Certificate::self_signed(key, {name, "Sunrise Garden", role, "CN"},
                                              Date::today_utc().plus_days(-1), 365);
  return {std::move(key), std::move(cert)};
}

const Custodian& committee() {
  static const Custodian c = custodian("Li Wei", "owners_committee");
  return c;
}
const Custodian& manager() {
  static const Custodian c = custodian("Wang Fang", "manager");
  return c;
}

// A directory removed with everything in it at the end of the test.
struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const char* tag) {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           (std::string("tf-cms-") + tag + "-" + std::to_string(::getpid()) + "-" +
            std::to_string(counter++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path / name).string(); }
  std::string write(const std::string& name, const std::string& bytes) const {
    std::ofstream(file(name), std::ios::binary) << bytes;
    return file(name);
  }
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int run(const std::string& command) {
  const int status = std::system((command + " >/dev/null 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// `openssl cms -verify` exactly as docs/custodians.md tells anyone to run it.
int openssl_verify(const TempDir& dir, const std::string& content, const std::string& p7s,
                   const std::string& trusted_pem) {
  return run("openssl cms -verify -binary -inform DER -in " + dir.write("x.p7s", p7s) +
             " -content " + dir.write("x", content) + " -CAfile " +
             dir.write("both.pem", trusted_pem) + " -purpose any -out /dev/null");
}

// An unencrypted copy of a key, for driving `openssl cms -sign` in interoperability tests.
std::string plain_key_pem(const PrivateKey& key) {
  BIO* out = BIO_new(BIO_s_mem());
  REQUIRE(PEM_write_bio_PrivateKey(out, key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1);
  char* data = nullptr;
  const long length = BIO_get_mem_data(out, &data);
  std::string pem(data, static_cast<std::size_t>(length));
  BIO_free(out);
  return pem;
}

// The messageDigest attribute of SignerInfo `index` of `der`.
std::string message_digest(const std::string& der, int index) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  CMS_ContentInfo* cms = d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size()));
  REQUIRE(cms != nullptr);
  CMS_SignerInfo* si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), index);
  REQUIRE(si != nullptr);
  const auto* os = static_cast<ASN1_OCTET_STRING*>(CMS_signed_get0_data_by_OBJ(
      si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING));
  REQUIRE(os != nullptr);
  std::string digest(reinterpret_cast<const char*>(ASN1_STRING_get0_data(os)),
                     static_cast<std::size_t>(ASN1_STRING_length(os)));
  CMS_ContentInfo_free(cms);
  return digest;
}

void check_error(const trustfund::Error& e, ErrorKind kind, const char* type) {
  INFO(e.what());
  CHECK(e.kind() == kind);
  CHECK(e.type() == type);
  CHECK(e.field() == "signature");
}

}  // namespace

TEST_CASE("a signed order verifies and names its signer and signing time") {
  const std::string p7s = cms_sign(kOrder, committee().key, committee().cert);
  const std::vector<CmsSigner> signers = cms_verify(p7s, kOrder);
  REQUIRE(signers.size() == 1);
  CHECK(signers[0].certificate.key_id() == committee().key.key_id());
  CHECK(signers[0].certificate.subject().organizational_unit == "owners_committee");
  // "2026-10-05T08:30:00Z" (no std::regex: GCC 12 warns inside it under the sanitizers).
  const std::string& t = signers[0].signing_time;
  REQUIRE(t.size() == 20);
  for (std::size_t i = 0; i < t.size(); ++i) {
    const char want = std::string_view("dddd-dd-ddTdd:dd:ddZ")[i];
    CHECK((want == 'd' ? std::isdigit(static_cast<unsigned char>(t[i])) != 0 : t[i] == want));
  }
  CHECK(signers[0].signing_time.substr(0, 10) == Date::today_utc().to_string());
}

TEST_CASE("a signature file is detached DER SignedData with SHA-256 and three signed attributes") {
  const std::string p7s = cms_sign(kOrder, committee().key, committee().cert);
  CHECK(p7s.find(kOrder) == std::string::npos);
  const auto* p = reinterpret_cast<const unsigned char*>(p7s.data());
  CMS_ContentInfo* cms = d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(p7s.size()));
  REQUIRE(cms != nullptr);
  CHECK(OBJ_obj2nid(CMS_get0_type(cms)) == NID_pkcs7_signed);
  CHECK(CMS_is_detached(cms) == 1);
  CMS_SignerInfo* si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0);
  CHECK(CMS_signed_get_attr_count(si) == 3);
  CHECK(CMS_signed_get_attr_by_NID(si, NID_pkcs9_contentType, -1) >= 0);
  CHECK(CMS_signed_get_attr_by_NID(si, NID_pkcs9_messageDigest, -1) >= 0);
  CHECK(CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1) >= 0);
  X509_ALGOR* digest = nullptr;
  X509_ALGOR* signature = nullptr;
  CMS_SignerInfo_get0_algs(si, nullptr, nullptr, &digest, &signature);
  CHECK(OBJ_obj2nid(digest->algorithm) == NID_sha256);
  CHECK(OBJ_obj2nid(signature->algorithm) == NID_ecdsa_with_SHA256);
  CMS_ContentInfo_free(cms);
}

TEST_CASE("a co-signed order carries two signer infos over the same digest") {
  const std::string first = cms_sign(kOrder, committee().key, committee().cert);
  const std::string both = cms_cosign(first, kOrder, manager().key, manager().cert);
  const std::vector<CmsSigner> signers = cms_verify(both, kOrder);
  REQUIRE(signers.size() == 2);
  // SignerInfos are a DER SET, kept in the order of their encodings, not of signing.
  const std::set<trustfund::crypto::Digest> ids{signers[0].certificate.key_id(),
                                                signers[1].certificate.key_id()};
  CHECK(ids == std::set{committee().key.key_id(), manager().key.key_id()});
  CHECK(message_digest(both, 0) == message_digest(both, 1));
  const auto expected = trustfund::crypto::sha256(kOrder);
  CHECK(message_digest(both, 0) == std::string(expected.begin(), expected.end()));
}

TEST_CASE("a signature over other bytes is rejected") {
  const std::string p7s = cms_sign(kOrder, committee().key, committee().cert);
  check_error(error_of([&] { cms_verify(p7s, kOrder + " "); }), ErrorKind::rule_violation,
              "signature-invalid");
  check_error(error_of([&] { cms_verify(p7s, ""); }), ErrorKind::rule_violation,
              "signature-invalid");
  const std::string other = cms_sign("another order", manager().key, manager().cert);
  check_error(error_of([&] { cms_verify(other, kOrder); }), ErrorKind::rule_violation,
              "signature-invalid");
}

TEST_CASE("a co-signed order does not verify after one byte of it changes") {
  const std::string both = cms_cosign(cms_sign(kOrder, committee().key, committee().cert), kOrder,
                                      manager().key, manager().cert);
  for (std::size_t at : {std::size_t{0}, kOrder.size() / 2, kOrder.size() - 1}) {
    std::string changed = kOrder;
    changed[at] = static_cast<char>(changed[at] ^ 0x01);
    check_error(error_of([&] { cms_verify(both, changed); }), ErrorKind::rule_violation,
                "signature-invalid");
  }
}

TEST_CASE("a signature file with a changed signature byte does not verify") {
  std::string p7s = cms_sign(kOrder, committee().key, committee().cert);
  // The ECDSA signature is the last element of the file; flip a bit in its last byte.
  p7s.back() = static_cast<char>(p7s.back() ^ 0x01);
  const auto e = error_of([&] { cms_verify(p7s, kOrder); });
  CHECK((e.type() == "signature-invalid" || e.type() == "signature-malformed"));
}

TEST_CASE("cosign refuses when the first signature does not verify") {
  const std::string first = cms_sign(kOrder, committee().key, committee().cert);
  check_error(error_of([&] { cms_cosign(first, kOrder + "x", manager().key, manager().cert); }),
              ErrorKind::rule_violation, "signature-invalid");
  std::string broken = first;
  broken.back() = static_cast<char>(broken.back() ^ 0x01);
  const auto e = error_of([&] { cms_cosign(broken, kOrder, manager().key, manager().cert); });
  CHECK((e.type() == "signature-invalid" || e.type() == "signature-malformed"));
}

TEST_CASE("the same key cannot sign twice") {
  const std::string first = cms_sign(kOrder, committee().key, committee().cert);
  check_error(error_of([&] { cms_cosign(first, kOrder, committee().key, committee().cert); }),
              ErrorKind::rule_violation, "signature-duplicate-signer");
  // Not with a re-issued certificate for the same key either: the key is the custodian.
  const Certificate reissued = Certificate::self_signed(
      committee().key, {"Li Wei", "Sunrise Garden", "owners_committee", "CN"}, Date::today_utc(),
      730);
  check_error(error_of([&] { cms_cosign(first, kOrder, committee().key, reissued); }),
              ErrorKind::rule_violation, "signature-duplicate-signer");
}

TEST_CASE("a file in which one key signed twice is refused") {
  const TempDir dir("dup");
  const std::string key = dir.write("k.pem", plain_key_pem(committee().key));
  const Certificate reissued = Certificate::self_signed(
      committee().key, {"Li Wei", "Sunrise Garden", "owners_committee", "CN"}, Date::today_utc(),
      730);
  REQUIRE(run("openssl cms -sign -binary -md sha256 -outform DER -in " + dir.write("x", kOrder) +
              " -signer " + dir.write("a.pem", committee().cert.to_pem()) + " -inkey " + key +
              " -signer " + dir.write("b.pem", reissued.to_pem()) + " -inkey " + key + " -out " +
              dir.file("x.p7s")) == 0);
  check_error(error_of([&] { cms_verify(read_file(dir.file("x.p7s")), kOrder); }),
              ErrorKind::rule_violation, "signature-duplicate-signer");
}

TEST_CASE("sign and cosign refuse a key that is not the certificate's") {
  const auto e = error_of([&] { cms_sign(kOrder, committee().key, manager().cert); });
  CHECK(e.type() == "key-mismatch");
  CHECK(e.field() == "key");
  const std::string first = cms_sign(kOrder, committee().key, committee().cert);
  CHECK(error_of([&] { cms_cosign(first, kOrder, manager().key, committee().cert); }).type() ==
        "key-mismatch");
}

TEST_CASE("a CMS with embedded content is refused") {
  const TempDir dir("embedded");
  REQUIRE(run("openssl cms -sign -binary -nodetach -md sha256 -outform DER -in " +
              dir.write("x", kOrder) + " -signer " + dir.write("c.pem", committee().cert.to_pem()) +
              " -inkey " + dir.write("k.pem", plain_key_pem(committee().key)) + " -out " +
              dir.file("x.p7s")) == 0);
  const std::string p7s = read_file(dir.file("x.p7s"));
  check_error(error_of([&] { cms_verify(p7s, kOrder); }), ErrorKind::invalid_input,
              "signature-malformed");
  check_error(error_of([&] { cms_cosign(p7s, kOrder, manager().key, manager().cert); }),
              ErrorKind::invalid_input, "signature-malformed");
}

TEST_CASE("a signature without its signer's certificate is refused") {
  const TempDir dir("nocerts");
  REQUIRE(run("openssl cms -sign -binary -nocerts -md sha256 -outform DER -in " +
              dir.write("x", kOrder) + " -signer " + dir.write("c.pem", committee().cert.to_pem()) +
              " -inkey " + dir.write("k.pem", plain_key_pem(committee().key)) + " -out " +
              dir.file("x.p7s")) == 0);
  check_error(error_of([&] { cms_verify(read_file(dir.file("x.p7s")), kOrder); }),
              ErrorKind::invalid_input, "signature-malformed");
}

TEST_CASE("a signature with another digest than SHA-256 is refused") {
  const TempDir dir("sha384");
  REQUIRE(run("openssl cms -sign -binary -md sha384 -outform DER -in " + dir.write("x", kOrder) +
              " -signer " + dir.write("c.pem", committee().cert.to_pem()) + " -inkey " +
              dir.write("k.pem", plain_key_pem(committee().key)) + " -out " + dir.file("x.p7s")) ==
          0);
  check_error(error_of([&] { cms_verify(read_file(dir.file("x.p7s")), kOrder); }),
              ErrorKind::rule_violation, "signature-invalid");
}

TEST_CASE("a signature by a key that is not P-256 is refused") {
  const TempDir dir("p384");
  REQUIRE(run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-384 -nodes -keyout " +
              dir.file("k.pem") + " -out " + dir.file("c.pem") + " -subj /CN=x -days 30") == 0);
  REQUIRE(run("openssl cms -sign -binary -md sha256 -outform DER -in " + dir.write("x", kOrder) +
              " -signer " + dir.file("c.pem") + " -inkey " + dir.file("k.pem") + " -out " +
              dir.file("x.p7s")) == 0);
  check_error(error_of([&] { cms_verify(read_file(dir.file("x.p7s")), kOrder); }),
              ErrorKind::rule_violation, "signature-invalid");
}

TEST_CASE("bytes that are not a signature file are refused") {
  const std::string p7s = cms_sign(kOrder, committee().key, committee().cert);
  for (const std::string& bad :
       {std::string(), std::string("not DER"), p7s.substr(0, p7s.size() / 2), p7s + "x",
        committee().cert.to_der()}) {
    check_error(error_of([&] { cms_verify(bad, kOrder); }), ErrorKind::invalid_input,
                "signature-malformed");
  }
  check_error(error_of([&] { cms_verify(std::string(kMaxCmsBytes + 1, '\x30'), kOrder); }),
              ErrorKind::invalid_input, "signature-too-large");
}

TEST_CASE("the stock openssl command accepts a co-signed file and rejects changed content") {
  const TempDir dir("openssl");
  const std::string both = cms_cosign(cms_sign(kOrder, committee().key, committee().cert), kOrder,
                                      manager().key, manager().cert);
  const std::string trusted = committee().cert.to_pem() + manager().cert.to_pem();
  CHECK(openssl_verify(dir, kOrder, both, trusted) == 0);
  std::string changed = kOrder;
  changed[10] = static_cast<char>(changed[10] + 1);
  CHECK(openssl_verify(dir, changed, both, trusted) != 0);
  // Trusting only one of the two signers is not enough for OpenSSL either.
  CHECK(openssl_verify(dir, kOrder, both, committee().cert.to_pem()) != 0);
}

TEST_CASE("a signature made by openssl cms -sign verifies and can be co-signed") {
  const TempDir dir("interop");
  REQUIRE(run("openssl cms -sign -binary -md sha256 -outform DER -in " + dir.write("x", kOrder) +
              " -signer " + dir.write("c.pem", committee().cert.to_pem()) + " -inkey " +
              dir.write("k.pem", plain_key_pem(committee().key)) + " -out " + dir.file("x.p7s")) ==
          0);
  const std::string theirs = read_file(dir.file("x.p7s"));
  REQUIRE(cms_verify(theirs, kOrder).size() == 1);
  const std::string both = cms_cosign(theirs, kOrder, manager().key, manager().cert);
  CHECK(cms_verify(both, kOrder).size() == 2);
  CHECK(openssl_verify(dir, kOrder, both, committee().cert.to_pem() + manager().cert.to_pem()) ==
        0);
}

TEST_CASE("openssl cms -resign adds a third signer to a co-signed file") {
  const TempDir dir("resign");
  const Custodian supervisor = custodian("Zhao Min", "supervisor");
  const std::string both = cms_cosign(cms_sign(kOrder, committee().key, committee().cert), kOrder,
                                      manager().key, manager().cert);
  REQUIRE(run("openssl cms -resign -binary -md sha256 -inform DER -outform DER -in " +
              dir.write("x.p7s", both) + " -signer " +
              dir.write("c.pem", supervisor.cert.to_pem()) + " -inkey " +
              dir.write("k.pem", plain_key_pem(supervisor.key)) + " -out " + dir.file("y.p7s")) ==
          0);
  CHECK(cms_verify(read_file(dir.file("y.p7s")), kOrder).size() == 3);
}

// --- keys on a PKCS#11 token (SoftHSM through OpenSSL's pkcs11 provider) ------------------------

namespace {

constexpr const char* kSoftHsmModule = "/usr/lib/softhsm/libsofthsm2.so";
constexpr const char* kTokenKey = "pkcs11:token=tf-unit;object=custodian;type=private";

// The pkcs11 provider loads a module with RTLD_DEEPBIND, which AddressSanitizer's runtime cannot
// handle (it aborts the process): under the sanitizers the token tests are skipped.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

constexpr const char* kNoToken =
    "no SoftHSM, or AddressSanitizer (which cannot load PKCS#11 modules: RTLD_DEEPBIND)";

// SoftHSM tokens for the whole test process (the provider reads its configuration once), user
// PIN 1234, each with a P-256 key pair "custodian": "tf-unit" for signing, "tf-pin" for wrong PINs
// (PKCS#11 logins are per process: once a token is logged in, it stays so). Null without SoftHSM or
// under the sanitizers.
struct Token {
  std::filesystem::path dir;
  ~Token() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

const Token* token() {
  static const std::unique_ptr<Token> made = []() -> std::unique_ptr<Token> {
    if (kSanitized || !std::filesystem::exists(kSoftHsmModule) ||
        run("command -v softhsm2-util") != 0 || run("command -v pkcs11-tool") != 0) {
      return nullptr;
    }
    auto t = std::make_unique<Token>();
    t->dir =
        std::filesystem::temp_directory_path() / ("tf-cms-token-" + std::to_string(::getpid()));
    std::filesystem::remove_all(t->dir);
    std::filesystem::create_directories(t->dir / "tokens");
    const std::string conf = (t->dir / "softhsm2.conf").string();
    std::ofstream(conf) << "directories.tokendir = " << (t->dir / "tokens").string()
                        << "\nobjectstore.backend = file\nlog.level = ERROR\n";
    ::setenv("SOFTHSM2_CONF", conf.c_str(), 1);
    ::setenv("PKCS11_PROVIDER_MODULE", kSoftHsmModule, 1);
    for (const std::string label : {"tf-unit", "tf-pin"}) {
      REQUIRE(run("softhsm2-util --init-token --free --label " + label +
                  " --pin 1234 --so-pin 5678") == 0);
      REQUIRE(run(std::string("pkcs11-tool --module ") + kSoftHsmModule + " --token-label " +
                  label +
                  " --login --pin 1234 --keypairgen --key-type EC:prime256v1 --label custodian "
                  "--id 01") == 0);
    }
    return t;
  }();
  return made.get();
}

}  // namespace

TEST_CASE("a token key opens by its URI and signs and co-signs like a key file") {
  if (token() == nullptr)
    SKIP(kNoToken);
  const PrivateKey key = PrivateKey::from_uri(kTokenKey, "1234");
  const Certificate cert = Certificate::self_signed(
      key, {"Wang Fang", "Sunrise Property Management", "manager", "CN"}, Date::today_utc(), 30);
  CHECK(cert.key_id() == key.key_id());
  CHECK(X509_verify(cert.get(), X509_get0_pubkey(cert.get())) == 1);
  // The token key signs first, and co-signs after a key file.
  const std::string first = cms_sign(kOrder, key, cert);
  const std::string both = cms_cosign(first, kOrder, committee().key, committee().cert);
  CHECK(cms_verify(both, kOrder).size() == 2);
  const std::string after =
      cms_cosign(cms_sign(kOrder, committee().key, committee().cert), kOrder, key, cert);
  const auto signers = cms_verify(after, kOrder);
  REQUIRE(signers.size() == 2);
  CHECK((signers[0].certificate.key_id() == key.key_id() ||
         signers[1].certificate.key_id() == key.key_id()));
  const TempDir dir("token");
  CHECK(openssl_verify(dir, kOrder, both, cert.to_pem() + committee().cert.to_pem()) == 0);
  check_error(error_of([&] { cms_cosign(first, kOrder, key, cert); }), ErrorKind::rule_violation,
              "signature-duplicate-signer");
  // A token key never leaves the token.
  CHECK_THROWS_AS(key.to_encrypted_pem("a long enough passphrase"), trustfund::Error);
}

TEST_CASE("a token key does not open with a wrong PIN or a wrong name") {
  if (token() == nullptr)
    SKIP(kNoToken);
  for (const auto& [uri, pin] :
       {std::pair<std::string, std::string>{"pkcs11:token=tf-pin;object=custodian;type=private",
                                            "0000"},
        {"pkcs11:token=tf-pin;object=custodian;type=private", ""},
        {"pkcs11:token=tf-unit;object=nobody;type=private", "1234"},
        {"pkcs11:token=no-such-token;object=custodian;type=private", "1234"}}) {
    const auto e = error_of([&] { PrivateKey::from_uri(uri, pin); });
    INFO(e.what());
    CHECK(e.type() == "key-uri");
    CHECK(e.field() == "key");
  }
  CHECK(error_of([] { PrivateKey::from_uri("/home/li/k.key", "1234"); }).type() == "key-uri");
  CHECK(
      PrivateKey::from_uri("pkcs11:token=tf-pin;object=custodian;type=private", "1234").key_id() !=
      PrivateKey::from_uri(kTokenKey, "1234").key_id());
}
