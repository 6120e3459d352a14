#include "custodian_commands.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "files.h"
#include "terminal.h"
#include "trustfund/core/date.h"
#include "trustfund/core/error.h"
#include "trustfund/crypto/cms.h"
#include "trustfund/crypto/custodian_key.h"
#include "trustfund/crypto/hex.h"

namespace trustfund::cli {
namespace {

using crypto::Certificate;
using crypto::CertificateSubject;
using crypto::CmsSigner;
using crypto::PrivateKey;

constexpr int kDefaultDays = 1095;
constexpr int kMaxDays = 7300;
// Longest passphrase or PIN line read.
constexpr std::size_t kMaxSecretBytes = 1024;

constexpr SecretKind kPassphrase{"passphrase", "secret-too-long", "passphrase-mismatch"};
constexpr SecretKind kPin{"pin", "secret-too-long", "pin-mismatch"};

// A secret from --FILE_OPTION, else $ENV_NAME, else standard input (prompted, no echo, on a
// terminal, after `shown`; asked twice when `confirm`).
void read_secret(const Context& ctx, const char* file_option, const char* env_name,
                 const std::string& prompt, bool confirm, const SecretKind& kind, Secret& out,
                 std::string_view shown = {}) {
  if (const auto file = ctx.args.get(file_option)) {
    std::ifstream in(*file, std::ios::binary);
    if (!in)
      throw Error::not_found("file-missing", file_option, "cannot read " + *file);
    read_secret_line(in, out, kind);
  } else if (const char* env = std::getenv(env_name); env != nullptr && *env != '\0') {
    if (std::strlen(env) > out.max_bytes()) {
      throw Error::invalid(
          kind.too_long_type, kind.field,
          std::string(env_name) + " has more than " + std::to_string(out.max_bytes()) + " bytes");
    }
    out.text().assign(env);
  } else if (is_terminal(ctx.in)) {
    // What the command has checked so far reaches its standard output only when it succeeds; the
    // person asked for a secret sees it now, before deciding to type it.
    ctx.err << shown;
    ask_secret(ctx.in, ctx.err, prompt, confirm, out, kind);
  } else {
    read_secret_line(ctx.in, out, kind);
  }
  if (out.empty()) {
    throw Error::invalid("secret-missing", kind.field,
                         std::string("no ") + kind.field + " given (--" + file_option + ", " +
                             env_name + " or standard input)");
  }
}

bool is_token_uri(const std::string& key) {
  return key.rfind("pkcs11:", 0) == 0;
}

// The key named by --key: a key file opened with its passphrase, or a token key with its PIN.
// `shown` is what the person asked for the secret on a terminal sees first.
PrivateKey load_key(const Context& ctx, std::string_view shown = {}) {
  const std::string key = ctx.args.require("key");
  Secret secret(kMaxSecretBytes);
  if (is_token_uri(key)) {
    if (key.find("pin-value=") == std::string::npos)
      read_secret(ctx, "pin-file", "TRUSTFUND_KEY_PIN", "token PIN", false, kPin, secret, shown);
    return PrivateKey::from_uri(key, secret.view());
  }
  const std::string pem = read_input_file(key, ctx.in, "key");
  read_secret(ctx, "passphrase-file", "TRUSTFUND_KEY_PASSPHRASE", "passphrase for " + key, false,
              kPassphrase, secret, shown);
  return PrivateKey::from_encrypted_pem(pem, secret.view());
}

CertificateSubject subject_from_args(const Context& ctx) {
  return {ctx.args.require("name"), ctx.args.require("organization"), ctx.args.require("role"),
          ctx.args.get_or("country", "CN")};
}

void plan_outputs(const Context& ctx, OutputFiles& files,
                  std::initializer_list<const char*> options, mode_t mode) {
  for (const char* option : options) {
    if (const auto path = ctx.args.get(option); path && !path->empty())
      files.plan(*path, option, mode);
  }
}

std::string hex(const crypto::Digest& d) {
  return crypto::to_hex(d);
}

void print_certificate(std::ostream& out, const Certificate& cert) {
  out << "  subject      " << cert.subject_text() << "\n"
      << "  key id       " << hex(cert.key_id()) << "\n"
      << "  fingerprint  " << hex(cert.fingerprint()) << " (SHA-256 of the certificate)\n"
      << "  valid        " << cert.not_before().to_string() << " to "
      << cert.not_after().to_string() << "\n";
}

// Writes `cert` (of `key`) to --out-cert and, if asked, a request for `subject` to --out-csr.
void write_certificate(const Context& ctx, OutputFiles& files, const PrivateKey& key,
                       const Certificate& cert, const CertificateSubject& subject) {
  const std::string cert_path = ctx.args.require("out-cert");
  files.write(cert_path, cert.to_pem());
  if (const auto csr = ctx.args.get("out-csr"); csr && !csr->empty()) {
    files.write(*csr, crypto::certificate_request_pem(key, subject));
  }
  files.commit();
  ctx.out << "certificate " << cert_path << " (self-signed";
  if (const auto csr = ctx.args.get("out-csr"); csr && !csr->empty())
    ctx.out << "; request for a CA in " << *csr;
  ctx.out << ")\n";
  print_certificate(ctx.out, cert);
  ctx.out << "Give the certificate (never the key) to the estate; tell them the key id so they can "
             "check it.\n";
}

// The signing certificate of --cert, which must be valid today.
Certificate signing_certificate(const Context& ctx) {
  const std::string path = ctx.args.require("cert");
  Certificate cert = Certificate::parse(read_input_file(path, ctx.in, "cert"));
  const Date today = Date::today_utc();
  if (today < cert.not_before() || today > cert.not_after()) {
    throw Error::rule("certificate-expired", "cert",
                      path + " is valid from " + cert.not_before().to_string() + " to " +
                          cert.not_after().to_string() + ", not today");
  }
  return cert;
}

void print_signer(std::ostream& out, std::size_t index, const CmsSigner& signer) {
  const Certificate& c = signer.certificate;
  out << "signer " << index << ": " << c.subject_text() << "\n"
      << "  role         " << c.subject().organizational_unit << "\n"
      << "  key id       " << hex(c.key_id()) << "\n"
      << "  signed at    " << signer.signing_time << " (the signer's clock)\n";
}

// The certificates of a PEM file of custodians (one or more "CERTIFICATE" blocks).
std::vector<Certificate> read_custodians(const Context& ctx, const std::string& path) {
  const std::string text = read_input_file(path, ctx.in, "custodians");
  std::vector<Certificate> certs;
  static constexpr std::string_view kBegin = "-----BEGIN ";
  static constexpr std::string_view kBeginCertificate = "-----BEGIN CERTIFICATE-----";
  static constexpr std::string_view kEnd = "-----END CERTIFICATE-----";
  std::size_t at = 0;
  while ((at = text.find(kBegin, at)) != std::string::npos) {
    const std::size_t end = text.find(kEnd, at);
    if (text.compare(at, kBeginCertificate.size(), kBeginCertificate) != 0 ||
        end == std::string::npos) {
      throw Error::invalid("custodians-file", "custodians",
                           path + " must hold only PEM certificates (\"BEGIN CERTIFICATE\")");
    }
    try {
      certs.push_back(Certificate::parse(text.substr(at, end + kEnd.size() - at)));
    } catch (const Error& e) {
      throw Error::invalid(
          "custodians-file", "custodians",
          path + ": certificate " + std::to_string(certs.size() + 1) + ": " + e.what());
    }
    at = end + kEnd.size();
  }
  if (certs.empty()) {
    throw Error::invalid("custodians-file", "custodians", path + " holds no certificate");
  }
  return certs;
}

// The custodian set: trusted certificates by key id (one role per key).
std::map<crypto::Digest, Certificate> custodian_set(const Context& ctx, const std::string& path) {
  std::map<crypto::Digest, Certificate> set;
  for (Certificate& cert : read_custodians(ctx, path)) {
    const crypto::Digest id = cert.key_id();
    const auto [it, fresh] = set.emplace(id, cert);
    if (!fresh && it->second.subject().organizational_unit != cert.subject().organizational_unit) {
      throw Error::invalid("custodians-file", "custodians",
                           path + " gives the key " + hex(id) + " two different roles");
    }
  }
  return set;
}

// That every signer is a custodian of `set` (read from `path`): the failures, each signer's role
// in `roles`, and a warning for a signature outside its certificate's validity.
std::vector<std::string> check_custodians(std::ostream& out, const std::vector<CmsSigner>& signers,
                                          const std::map<crypto::Digest, Certificate>& set,
                                          const std::string& path,
                                          std::vector<std::string>& roles) {
  std::vector<std::string> failures;
  for (const CmsSigner& s : signers) {
    const auto it = set.find(s.certificate.key_id());
    if (it == set.end()) {
      failures.push_back(s.certificate.subject_text() + " (key id " + hex(s.certificate.key_id()) +
                         ") is not a custodian in " + path);
      continue;
    }
    roles.push_back(it->second.subject().organizational_unit);
    const std::string day = s.signing_time.substr(0, 10);
    if (day < it->second.not_before().to_string() || day > it->second.not_after().to_string()) {
      out << "WARNING: " << it->second.subject_text() << " signed on " << day
          << ", outside its certificate's validity (" << it->second.not_before().to_string()
          << " to " << it->second.not_after().to_string() << ")\n";
    }
  }
  if (failures.empty())
    out << "every signer is a custodian in " << path << "\n";
  return failures;
}

// --require-two: exactly two signers, one owners_committee and one manager custodian; the
// failure, if any.
std::optional<std::string> check_two(std::size_t signers, const std::vector<std::string>& roles) {
  const std::multiset<std::string> got(roles.begin(), roles.end());
  const std::multiset<std::string> want{"manager", "owners_committee"};
  if (signers != 2) {
    return "two custodians must sign; the file has " + std::to_string(signers) + " signer" +
           (signers == 1 ? "" : "s");
  }
  if (got != want) {
    return "the two signers must be one owners_committee and one manager custodian; they are " +
           roles[0] + " and " + roles[1];
  }
  return std::nullopt;
}

int cmd_custodian_keygen(const Context& ctx) {
  if (ctx.args.has("key")) {
    throw Error::invalid("usage", "key",
                         "keygen makes a new key; for an existing key or a token key use "
                         "trustfund custodian cert --key ...");
  }
  const CertificateSubject subject = subject_from_args(ctx);
  const int days = static_cast<int>(ctx.args.integer_or("days", kDefaultDays, 1, kMaxDays));
  OutputFiles files;
  files.plan(ctx.args.require("out-key"), "out-key", 0600);
  files.plan(ctx.args.require("out-cert"), "out-cert", 0644);
  plan_outputs(ctx, files, {"out-csr"}, 0644);
  const PrivateKey key = PrivateKey::generate_p256();
  // The certificate first: it checks the name, organization and role before a passphrase is asked.
  const Certificate cert = Certificate::self_signed(key, subject, Date::today_utc(), days);
  Secret passphrase(kMaxSecretBytes);
  read_secret(ctx, "passphrase-file", "TRUSTFUND_KEY_PASSPHRASE",
              "passphrase for the new key file (at least 12 characters)", true, kPassphrase,
              passphrase);
  const std::string pem = key.to_encrypted_pem(passphrase.view());
  passphrase.wipe();
  const std::string key_path = ctx.args.require("out-key");
  files.write(key_path, pem);
  ctx.out << "new P-256 key " << key_path
          << " (encrypted with the passphrase; mode 0600): keep it and a backup safe\n";
  write_certificate(ctx, files, key, cert, subject);
  return 0;
}

int cmd_custodian_cert(const Context& ctx) {
  const CertificateSubject subject = subject_from_args(ctx);
  const int days = static_cast<int>(ctx.args.integer_or("days", kDefaultDays, 1, kMaxDays));
  // The name, organization and role are checked (on a throw-away key) before a secret is asked.
  Certificate::self_signed(PrivateKey::generate_p256(), subject, Date::today_utc(), days);
  OutputFiles files;
  files.plan(ctx.args.require("out-cert"), "out-cert", 0644);
  plan_outputs(ctx, files, {"out-csr"}, 0644);
  const PrivateKey key = load_key(ctx);
  const Certificate cert = Certificate::self_signed(key, subject, Date::today_utc(), days);
  write_certificate(ctx, files, key, cert, subject);
  return 0;
}

int cmd_custodian_sign(const Context& ctx) {
  const std::string in = ctx.args.require("in");
  const std::string out = ctx.args.require("out");
  OutputFiles files;
  files.plan(out, "out", 0644);
  const std::string content = read_input_file(in, ctx.in, "in");
  const Certificate cert = signing_certificate(ctx);
  const PrivateKey key = load_key(ctx);
  const std::string p7s = crypto::cms_sign(content, key, cert);
  files.write(out, p7s);
  files.commit();
  ctx.out << "signed " << in << " (SHA-256 " << hex(crypto::sha256(content)) << ") as "
          << cert.subject_text() << "\n"
          << "signature file " << out << ": give it with the document to the second custodian "
          << "(trustfund custodian cosign)\n";
  return 0;
}

int cmd_custodian_cosign(const Context& ctx) {
  const std::string in = ctx.args.require("in");
  const std::string signature = ctx.args.require("signature");
  const std::string out = ctx.args.require("out");
  OutputFiles files;
  files.plan(out, "out", 0644);
  const std::string content = read_input_file(in, ctx.in, "in");
  const std::string p7s = read_input_file(signature, ctx.in, "signature");
  const Certificate cert = signing_certificate(ctx);
  // What is there already is checked and shown before anything is asked of the custodian.
  const std::vector<CmsSigner> signers = crypto::cms_verify(p7s, content);
  std::ostringstream shown;
  shown << signature << " verifies over " << in << " (SHA-256 " << hex(crypto::sha256(content))
        << "); signed so far by:\n";
  for (std::size_t i = 0; i < signers.size(); ++i)
    print_signer(shown, i + 1, signers[i]);
  ctx.out << shown.str();
  if (const auto path = ctx.args.get("custodians")) {
    const auto set = custodian_set(ctx, *path);
    for (const CmsSigner& s : signers) {
      if (!set.contains(s.certificate.key_id())) {
        throw Error::rule("signer-unknown", "signature",
                          s.certificate.subject_text() + " (key id " + hex(s.certificate.key_id()) +
                              ") is not one of the custodians in " + *path + "; not co-signing");
      }
    }
  }
  const PrivateKey key = load_key(ctx, shown.str());
  const std::string both = crypto::cms_cosign(p7s, content, key, cert);
  files.write(out, both);
  files.commit();
  ctx.out << "co-signed as " << cert.subject_text() << "\n"
          << "signature file " << out << " (" << signers.size() + 1 << " signers)\n";
  return 0;
}

int cmd_custodian_verify(const Context& ctx) {
  const std::string in = ctx.args.require("in");
  const std::string signature = ctx.args.require("signature");
  const bool require_two = ctx.args.has("require-two");
  const auto custodians_path = ctx.args.get("custodians");
  if (require_two && !custodians_path) {
    throw Error::invalid("usage", "require-two",
                         "--require-two needs --custodians: a role counts only from a certificate "
                         "the estate trusts");
  }
  const std::string content = read_input_file(in, ctx.in, "in");
  const std::string p7s = read_input_file(signature, ctx.in, "signature");
  std::optional<std::map<crypto::Digest, Certificate>> set;
  if (custodians_path)
    set = custodian_set(ctx, *custodians_path);

  std::vector<CmsSigner> signers;
  try {
    signers = crypto::cms_verify(p7s, content);
  } catch (const Error& e) {
    ctx.out << "FAILED: " << signature << " over " << in << ": " << e.what() << " [" << e.type()
            << "]\n";
    return 1;
  }
  // In the file, signatures are kept in DER order; shown in the order of their signing times.
  std::stable_sort(signers.begin(), signers.end(), [](const CmsSigner& a, const CmsSigner& b) {
    return a.signing_time < b.signing_time;
  });
  ctx.out << "document " << in << " (SHA-256 " << hex(crypto::sha256(content)) << ")\n";
  for (std::size_t i = 0; i < signers.size(); ++i)
    print_signer(ctx.out, i + 1, signers[i]);
  ctx.out << "every signature verifies over the document (" << signers.size() << " signer"
          << (signers.size() == 1 ? "" : "s") << ")\n";

  std::vector<std::string> roles;  // of the signers, by the trusted certificates
  std::vector<std::string> failures;
  if (set)
    failures = check_custodians(ctx.out, signers, *set, *custodians_path, roles);
  if (require_two && failures.empty()) {
    if (auto failure = check_two(signers.size(), roles))
      failures.push_back(*failure);
    else
      ctx.out << "signed by two custodians: owners_committee and manager\n";
  }
  for (const std::string& f : failures)
    ctx.out << "FAILED: " << f << "\n";
  if (!failures.empty())
    return 1;
  ctx.out << "OK: " << signature << " is a valid signature over " << in << "\n";
  return 0;
}

}  // namespace

// One entry a command with its help text: a table, as long as its texts, not logic.
std::vector<Command> custodian_commands() {
  return {
      {"custodian keygen",
       "make a custodian's key file and certificate (on the custodian's own computer)",
       "usage: trustfund custodian keygen --out-key K.key --out-cert K.pem [--out-csr K.csr]\n"
       "         --name NAME --organization ORG --role owners_committee|manager|supervisor\n"
       "         [--country CN] [--days 1095] [--passphrase-file F]\n\n"
       "Makes a new ECDSA P-256 key and writes it to K.key, encrypted with a passphrase (PKCS#8,\n"
       "scrypt, AES-256-CBC; mode 0600), and a self-signed certificate naming you, your\n"
       "organisation and your role to K.pem (--out-csr: also a certificate request, for estates\n"
       "whose certificates come from a CA). Prints the key id (SHA-256 of the public key) and the\n"
       "certificate's fingerprint. Needs no data directory and no network; never overwrites a "
       "file.\n"
       "The passphrase (at least 12 characters) is read from the first line of --passphrase-file,\n"
       "else from TRUSTFUND_KEY_PASSPHRASE, else asked twice on the terminal (or read as one line\n"
       "of standard input); never as an option. For a key on a USB token: custodian cert.\n",
       {"out-key", "out-cert", "out-csr", "name", "organization", "role", "country", "days",
        "passphrase-file", "key"},
       {},
       cmd_custodian_keygen},
      {"custodian cert",
       "make a certificate for an existing key: a token key (pkcs11:) or a key file",
       "usage: trustfund custodian cert --key pkcs11:URI|K.key --out-cert K.pem [--out-csr K.csr]\n"
       "         --name NAME --organization ORG --role owners_committee|manager|supervisor\n"
       "         [--country CN] [--days 1095] [--pin-file F | --passphrase-file F]\n\n"
       "For a key made on a PKCS#11 token (USB key), e.g.\n"
       "  --key 'pkcs11:token=tf;object=custodian;type=private'\n"
       "or to renew the certificate of a key file (same key, so the same key id and custodian).\n"
       "The token PIN comes from --pin-file, else TRUSTFUND_KEY_PIN, else the terminal; the\n"
       "pkcs11 provider finds the token's module through PKCS11_PROVIDER_MODULE (e.g.\n"
       "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so). The key never leaves the token.\n",
       {"key", "out-cert", "out-csr", "name", "organization", "role", "country", "days", "pin-file",
        "passphrase-file"},
       {},
       cmd_custodian_cert},
      {"custodian sign",
       "sign a document: a detached CMS signature file",
       "usage: trustfund custodian sign --key K.key|pkcs11:URI --cert K.pem --in DOC --out "
       "DOC.p7s\n"
       "         [--passphrase-file F | --pin-file F]\n\n"
       "Writes DOC.p7s: a detached CMS SignedData (DER) by your key over the exact bytes of DOC,\n"
       "ECDSA P-256 with SHA-256, with your certificate and the signing time. The second "
       "custodian\n"
       "adds their signature with custodian cosign. The certificate must be valid today.\n",
       {"key", "cert", "in", "out", "passphrase-file", "pin-file"},
       {},
       cmd_custodian_sign},
      {"custodian cosign",
       "check a signed document, then add your signature",
       "usage: trustfund custodian cosign --key K.key|pkcs11:URI --cert K.pem --in DOC\n"
       "         --signature DOC.p7s --out DOC.2.p7s [--custodians CERTS.pem]\n"
       "         [--passphrase-file F | --pin-file F]\n\n"
       "Verifies every signature already in DOC.p7s over DOC and shows who signed; with\n"
       "--custodians, also that each of them is one of those certificates. Only then asks for "
       "your\n"
       "passphrase or PIN and writes DOC.2.p7s with your signature added over the same digest.\n"
       "A key that has signed already cannot sign again.\n",
       {"key", "cert", "in", "signature", "out", "custodians", "passphrase-file", "pin-file"},
       {},
       cmd_custodian_cosign},
      {"custodian verify",
       "check a signature file over a document and show who signed",
       "usage: trustfund custodian verify --in DOC --signature DOC.p7s [--custodians CERTS.pem]\n"
       "         [--require-two]\n\n"
       "Checks every signature in DOC.p7s over DOC and prints each signer: subject, role, key id\n"
       "and signing time. --custodians CERTS.pem (PEM certificates, e.g. from custodian list\n"
       "--pem): every signer must be one of them (by key id). --require-two: exactly two\n"
       "signers, one owners_committee and one manager custodian (roles as in CERTS.pem).\n"
       "Exit status 0 when every check passes, 1 if one fails (a FAILED: line says which).\n"
       "The same check with stock OpenSSL (signatures only; it accepts one signer):\n"
       "  openssl cms -verify -binary -inform DER -in DOC.p7s -content DOC -CAfile CERTS.pem \\\n"
       "    -purpose any -out /dev/null\n",
       {"in", "signature", "custodians"},
       {"require-two"},
       cmd_custodian_verify,
       Output::check_report},
  };
}

}  // namespace trustfund::cli
