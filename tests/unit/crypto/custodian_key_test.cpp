#include <catch2/catch_test_macros.hpp>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "support/errors.h"
#include "trustfund/core/date.h"
#include "trustfund/crypto/custodian_key.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/crypto/sha256.h"

using trustfund::Date;
using trustfund::ErrorKind;
using trustfund::crypto::Certificate;
using trustfund::crypto::certificate_request_pem;
using trustfund::crypto::CertificateSubject;
using trustfund::crypto::kKeyFileScryptN;
using trustfund::crypto::PrivateKey;
using trustfund::crypto::sha256;
using trustfund::crypto::to_hex;
using trustfund::testing::error_of;

namespace {

const std::string kPassphrase = "correct horse battery";

CertificateSubject li_wei() {
  return {"Li Wei", "Sunrise Garden Owners' Committee", "owners_committee", "CN"};
}

// A directory removed with everything in it at the end of the test.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           ("tf-custodian-key-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string write(const std::string& name, const std::string& bytes) const {
    const std::string file = (path / name).string();
    std::ofstream(file, std::ios::binary) << bytes;
    return file;
  }
};

int run(const std::string& command) {
  const int status = std::system((command + " >/dev/null 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string spki_hex(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  const int length = i2d_PUBKEY(key, &der);
  REQUIRE(length > 0);
  const std::string hex = to_hex(sha256(
      std::string_view(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length))));
  OPENSSL_free(der);
  return hex;
}

}  // namespace

TEST_CASE("a new key is a P-256 key whose id is the SHA-256 of its public key") {
  const PrivateKey key = PrivateKey::generate_p256();
  CHECK(EVP_PKEY_is_a(key.get(), "EC") == 1);
  CHECK(EVP_PKEY_get_bits(key.get()) == 256);
  CHECK(to_hex(key.key_id()) == spki_hex(key.get()));
  CHECK(PrivateKey::generate_p256().key_id() != key.key_id());
}

TEST_CASE("a key file opens with its passphrase and holds the same key") {
  const PrivateKey key = PrivateKey::generate_p256();
  const std::string pem = key.to_encrypted_pem(kPassphrase);
  CHECK(pem.rfind("-----BEGIN ENCRYPTED PRIVATE KEY-----\n", 0) == 0);
  const PrivateKey opened = PrivateKey::from_encrypted_pem(pem, kPassphrase);
  CHECK(opened.key_id() == key.key_id());
  CHECK(EVP_PKEY_eq(opened.get(), key.get()) == 1);
}

TEST_CASE("a key file does not open with the wrong passphrase") {
  const std::string pem = PrivateKey::generate_p256().to_encrypted_pem(kPassphrase);
  for (const std::string& wrong : {std::string("correct horse battery "),
                                   std::string("Correct horse battery"), std::string("")}) {
    const auto e = error_of([&] { PrivateKey::from_encrypted_pem(pem, wrong); });
    CHECK(e.kind() == ErrorKind::invalid_input);
    CHECK(e.type() == "key-passphrase");
    CHECK(e.field() == "passphrase");
  }
}

TEST_CASE("a key file is PBES2 with scrypt at the documented cost and AES-256-CBC") {
  const std::string pem = PrivateKey::generate_p256().to_encrypted_pem(kPassphrase);
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  REQUIRE(bio != nullptr);
  X509_SIG* sig = PEM_read_bio_PKCS8(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  REQUIRE(sig != nullptr);
  const X509_ALGOR* algor = nullptr;
  X509_SIG_get0(sig, &algor, nullptr);
  CHECK(OBJ_obj2nid(algor->algorithm) == NID_pbes2);
  auto* pbe2 = static_cast<PBE2PARAM*>(
      ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM), algor->parameter));
  REQUIRE(pbe2 != nullptr);
  CHECK(OBJ_obj2nid(pbe2->keyfunc->algorithm) == NID_id_scrypt);
  CHECK(OBJ_obj2nid(pbe2->encryption->algorithm) == NID_aes_256_cbc);
  auto* scrypt = static_cast<SCRYPT_PARAMS*>(
      ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(SCRYPT_PARAMS), pbe2->keyfunc->parameter));
  REQUIRE(scrypt != nullptr);
  uint64_t n = 0, r = 0, p = 0;
  CHECK(ASN1_INTEGER_get_uint64(&n, scrypt->costParameter) == 1);
  CHECK(ASN1_INTEGER_get_uint64(&r, scrypt->blockSize) == 1);
  CHECK(ASN1_INTEGER_get_uint64(&p, scrypt->parallelizationParameter) == 1);
  CHECK(n == kKeyFileScryptN);
  CHECK(r == 8);
  CHECK(p == 1);
  SCRYPT_PARAMS_free(scrypt);
  PBE2PARAM_free(pbe2);
  X509_SIG_free(sig);
}

TEST_CASE("the stock openssl command opens a key file with its passphrase") {
  const TempDir dir;
  const PrivateKey key = PrivateKey::generate_p256();
  const std::string file = dir.write("k.key", key.to_encrypted_pem(kPassphrase));
  const std::string pass = dir.write("pass", kPassphrase + "\n");
  const std::string pub = (dir.path / "k.pub").string();
  REQUIRE(run("openssl pkey -in " + file + " -passin file:" + pass + " -pubout -outform DER -out " +
              pub) == 0);
  CHECK(to_hex(sha256(read_file(pub))) == to_hex(key.key_id()));
  CHECK(run("openssl pkey -in " + file + " -passin pass:wrong-passphrase -noout") != 0);
}

TEST_CASE("a key file needs a passphrase of at least 12 bytes") {
  const PrivateKey key = PrivateKey::generate_p256();
  const auto e = error_of([&] { key.to_encrypted_pem("eleven char"); });
  CHECK(e.type() == "passphrase-too-short");
  CHECK(e.field() == "passphrase");
  CHECK_NOTHROW(key.to_encrypted_pem("twelve chars"));
}

TEST_CASE("an unencrypted key file is refused") {
  const TempDir dir;
  const std::string encrypted =
      dir.write("k.key", PrivateKey::generate_p256().to_encrypted_pem(kPassphrase));
  const std::string plain = (dir.path / "plain.pem").string();
  const std::string legacy = (dir.path / "legacy.pem").string();
  REQUIRE(run("openssl pkey -in " + encrypted + " -passin pass:'" + kPassphrase + "' -out " +
              plain) == 0);
  REQUIRE(run("openssl ec -in " + plain + " -out " + legacy) == 0);
  for (const std::string& file : {plain, legacy}) {
    const std::string text = read_file(file);
    REQUIRE(text.find("-----BEGIN") != std::string::npos);
    const auto e = error_of([&] { PrivateKey::from_encrypted_pem(text, kPassphrase); });
    CHECK(e.type() == "key-unencrypted");
    CHECK(e.field() == "key");
  }
}

TEST_CASE("text that is not an encrypted PKCS#8 key is refused as a key file") {
  const PrivateKey key = PrivateKey::generate_p256();
  const Certificate cert = Certificate::self_signed(key, li_wei(), Date::today_utc(), 30);
  std::string damaged = key.to_encrypted_pem(kPassphrase);
  damaged.replace(damaged.find('\n') + 5, 4, "AAAA");
  for (const std::string& text : {std::string("hello"), std::string(), cert.to_pem(), damaged}) {
    const auto e = error_of([&] { PrivateKey::from_encrypted_pem(text, kPassphrase); });
    CHECK(e.kind() == ErrorKind::invalid_input);
    CHECK((e.type() == "key-file" || (text == damaged && e.type() == "key-passphrase")));
  }
}

TEST_CASE("a key file with a key on another curve is refused") {
  EVP_PKEY* p384 = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384");
  REQUIRE(p384 != nullptr);
  BIO* out = BIO_new(BIO_s_mem());
  REQUIRE(PEM_write_bio_PKCS8PrivateKey(out, p384, EVP_aes_256_cbc(), kPassphrase.data(),
                                        static_cast<int>(kPassphrase.size()), nullptr,
                                        nullptr) == 1);
  char* data = nullptr;
  const long length = BIO_get_mem_data(out, &data);
  const std::string pem(data, static_cast<std::size_t>(length));
  BIO_free(out);
  EVP_PKEY_free(p384);
  const auto e = error_of([&] { PrivateKey::from_encrypted_pem(pem, kPassphrase); });
  CHECK(e.type() == "key-type");
  CHECK(e.field() == "key");
}

TEST_CASE("a self-signed certificate names the custodian and carries the key's id") {
  const PrivateKey key = PrivateKey::generate_p256();
  const Date start = Date::from_ymd(2026, 10, 5);
  const Certificate cert = Certificate::self_signed(key, li_wei(), start, 1095);
  CHECK(cert.key_id() == key.key_id());
  CHECK(cert.fingerprint() == sha256(cert.to_der()));
  CHECK(cert.subject_text() ==
        "CN=Li Wei,OU=owners_committee,O=Sunrise Garden Owners' Committee,C=CN");
  const CertificateSubject s = cert.subject();
  CHECK(s.common_name == "Li Wei");
  CHECK(s.organization == "Sunrise Garden Owners' Committee");
  CHECK(s.organizational_unit == "owners_committee");
  CHECK(s.country == "CN");
  CHECK(cert.not_before() == start);
  CHECK(cert.not_after() == start.plus_days(1095));
  // Self-signed, version 3, the extensions the header promises, a 16-byte serial.
  X509* x = cert.get();
  CHECK(X509_get_version(x) == X509_VERSION_3);
  CHECK(X509_verify(x, X509_get0_pubkey(x)) == 1);
  CHECK(X509_NAME_cmp(X509_get_subject_name(x), X509_get_issuer_name(x)) == 0);
  CHECK(X509_get_signature_nid(x) == NID_ecdsa_with_SHA256);
  CHECK(X509_check_ca(x) == 0);
  CHECK(X509_get_key_usage(x) == (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION));
  CHECK(X509_get0_subject_key_id(x) != nullptr);
  CHECK(ASN1_STRING_length(X509_get0_serialNumber(x)) == 16);
  CHECK(Certificate::self_signed(key, li_wei(), start, 1095).to_der() != cert.to_der());
}

TEST_CASE("a certificate keeps a Chinese name as UTF-8") {
  const PrivateKey key = PrivateKey::generate_p256();
  const CertificateSubject subject{"李伟", "阳光花园业主委员会", "owners_committee", "CN"};
  const Certificate cert = Certificate::self_signed(key, subject, Date::today_utc(), 30);
  CHECK(cert.subject().common_name == "李伟");
  CHECK(cert.subject().organization == "阳光花园业主委员会");
  CHECK(cert.subject_text() == "CN=李伟,OU=owners_committee,O=阳光花园业主委员会,C=CN");
}

TEST_CASE("a certificate parses from PEM and from DER alike") {
  const PrivateKey key = PrivateKey::generate_p256();
  const Certificate cert = Certificate::self_signed(key, li_wei(), Date::today_utc(), 30);
  CHECK(Certificate::parse(cert.to_pem()).to_der() == cert.to_der());
  CHECK(Certificate::parse(cert.to_der()).to_der() == cert.to_der());
  CHECK(Certificate::parse("some words\n" + cert.to_pem()).key_id() == key.key_id());
  const Certificate copy = cert;  // NOLINT(performance-unnecessary-copy-initialization)
  CHECK(copy.fingerprint() == cert.fingerprint());
}

TEST_CASE("a certificate needs a custodian role, a name and an organization") {
  const PrivateKey key = PrivateKey::generate_p256();
  const Date today = Date::today_utc();
  CertificateSubject s = li_wei();
  s.organizational_unit = "treasurer";
  CHECK(error_of([&] { Certificate::self_signed(key, s, today, 30); }).field() == "role");
  s = li_wei();
  s.common_name = "";
  CHECK(error_of([&] { Certificate::self_signed(key, s, today, 30); }).field() == "name");
  s.common_name = std::string(65, 'x');
  CHECK(error_of([&] { Certificate::self_signed(key, s, today, 30); }).field() == "name");
  s = li_wei();
  s.organization = "bad\xff";
  CHECK(error_of([&] { Certificate::self_signed(key, s, today, 30); }).field() == "organization");
  s = li_wei();
  s.country = "cn";
  CHECK(error_of([&] { Certificate::self_signed(key, s, today, 30); }).field() == "country");
  CHECK(error_of([&] { Certificate::self_signed(key, li_wei(), today, 0); }).field() == "days");
  CHECK(error_of([&] { certificate_request_pem(key, s); }).type() == "certificate-subject");
}

TEST_CASE("text that is not one certificate is refused") {
  const PrivateKey key = PrivateKey::generate_p256();
  const Certificate cert = Certificate::self_signed(key, li_wei(), Date::today_utc(), 30);
  const std::string two = cert.to_pem() + cert.to_pem();
  for (const std::string& text : {std::string("not a certificate"), std::string(),
                                  cert.to_der() + "x", two, key.to_encrypted_pem(kPassphrase)}) {
    const auto e = error_of([&] { Certificate::parse(text); });
    CHECK(e.type() == "certificate");
    CHECK(e.field() == "certificate");
  }
}

TEST_CASE("a certificate whose key is not P-256 is refused") {
  const TempDir dir;
  const std::string cert = (dir.path / "p384.pem").string();
  REQUIRE(run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-384 -nodes -keyout " +
              (dir.path / "p384.key").string() + " -out " + cert + " -subj /CN=x -days 30") == 0);
  const auto e = error_of([&] { Certificate::parse(read_file(cert)); });
  CHECK(e.type() == "key-type");
  CHECK(e.field() == "certificate");
}

TEST_CASE("the stock openssl command reads the certificate and its fingerprint") {
  const TempDir dir;
  const PrivateKey key = PrivateKey::generate_p256();
  const Certificate cert = Certificate::self_signed(key, li_wei(), Date::today_utc(), 30);
  const std::string file = dir.write("c.pem", cert.to_pem());
  const std::string out = (dir.path / "fp").string();
  REQUIRE(run("openssl x509 -in " + file + " -noout -fingerprint -sha256 -out " + out) == 0);
  std::string hex;
  for (const char c : read_file(out).substr(read_file(out).find('=') + 1)) {
    if (c != ':' && c != '\n')
      hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  CHECK(hex == to_hex(cert.fingerprint()));
}

TEST_CASE("a certificate request carries the subject and is signed by the key") {
  const PrivateKey key = PrivateKey::generate_p256();
  const std::string pem = certificate_request_pem(key, li_wei());
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509_REQ* req = PEM_read_bio_X509_REQ(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  REQUIRE(req != nullptr);
  CHECK(X509_REQ_verify(req, X509_REQ_get0_pubkey(req)) == 1);
  CHECK(spki_hex(X509_REQ_get0_pubkey(req)) == to_hex(key.key_id()));
  char cn[80] = {};
  X509_NAME_get_text_by_NID(X509_REQ_get_subject_name(req), NID_commonName, cn, sizeof cn);
  CHECK(std::string(cn) == "Li Wei");
  X509_REQ_free(req);
}
