#include "verify_command.h"

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "trustfund/core/error.h"
#include "trustfund/crypto/jcs.h"
#include "trustfund/statements/verify.h"

namespace trustfund::cli {
namespace {

int cmd_verify(const Context& ctx) {
  const auto& positionals = ctx.args.positionals();
  if (positionals.size() != 1) {
    throw Error::invalid("usage", "dir",
                         positionals.empty()
                             ? "give the statement directory: trustfund verify DIR"
                             : "give one statement directory (see trustfund verify --help)");
  }
  statements::VerifyOptions options;
  options.dir = positionals[0];
  if (const auto previous = ctx.args.get("previous"))
    options.previous_dir = *previous;
  if (const auto proof = ctx.args.get("proof"))
    options.proof_file = *proof;
  for (const std::string& month : ctx.args.get_all("month"))
    options.month_dirs.emplace_back(month);

  const std::vector<statements::VerifyCheck> checks = statements::verify_statement(options);
  std::size_t failed = 0;
  for (const auto& c : checks)
    failed += c.ok ? 0 : 1;

  if (ctx.json()) {
    std::string out = "{\"checks\":[";
    for (std::size_t i = 0; i < checks.size(); ++i) {
      out += i ? ",{\"detail\":" : "{\"detail\":";
      crypto::append_json_string(out, checks[i].detail);
      out += checks[i].ok ? ",\"ok\":true,\"what\":" : ",\"ok\":false,\"what\":";
      crypto::append_json_string(out, checks[i].what);
      out += "}";
    }
    out += "],\"dir\":";
    crypto::append_json_string(out, options.dir.string());
    out += ",\"failed\":";
    crypto::append_json_integer(out, static_cast<std::int64_t>(failed));
    out += failed == 0 ? ",\"ok\":true}" : ",\"ok\":false}";
    ctx.out << out << "\n";
    return failed == 0 ? 0 : 1;
  }

  for (const auto& c : checks) {
    if (c.ok) {
      ctx.out << "ok   " << c.what;
      if (!c.detail.empty())
        ctx.out << " (" << c.detail << ")";
      ctx.out << "\n";
    } else {
      ctx.out << "FAILED " << c.what << ": " << c.detail << "\n";
    }
  }
  if (failed == 0) {
    ctx.out << "OK: all " << checks.size() << " checks passed for " << options.dir.string() << "\n";
  } else {
    ctx.out << "FAILED: " << failed << " of " << checks.size() << " checks failed for "
            << options.dir.string() << "\n";
  }
  return failed == 0 ? 0 : 1;
}

}  // namespace

// One entry a command with its help text: a table, as long as its texts, not logic.
std::vector<Command> verify_commands() {
  return {
      {"verify",
       "check a published statement directory: files, signatures, chain, your unit",
       "usage: trustfund verify DIR [--previous PREVIOUS_DIR] [--proof PROOF.json] [--json]\n\n"
       "Checks a published statement (docs/statements.md) with no server and no database:\n"
       "  - every file is there and each content file has the SHA-256 manifest.json gives it\n"
       "    (a file the manifest does not name is noted and ignored: nothing vouches for it);\n"
       "  - manifest.json is canonical JSON (RFC 8785) of a known format and names the estate,\n"
       "    period and kind of statement.json and the version of custodians.json;\n"
       "  - each certificate in custodians.json has the key id given, and custodians.pem holds\n"
       "    exactly those certificates;\n"
       "  - the CMS signatures in manifest.p7s verify over manifest.json and the signers are\n"
       "    exactly the owners_committee and the manager custodians of custodians.json (not one\n"
       "    of them alone, not the supervisor, not anyone else);\n"
       "  - the journal consistency proof in the manifest verifies.\n"
       "--previous DIR: also the previous statement's own files and signatures, the chain\n"
       "(previous_manifest_sha256 is the SHA-256 of its manifest.json), the journal continuing\n"
       "its tree, and the same custodian set or a later one.\n"
       "--proof FILE: a unit's resident proof (from GET .../statements/PERIOD/units/UNIT/proof):\n"
       "its leaf is canonical, for this estate and period, and included in the resident tree.\n"
       "--month DIR (a view; once per month): each month's own files and signatures, and that\n"
       "the view names the SHA-256 of each month's manifest.json and spans their journal.\n\n"
       "Prints one line per check, \"ok   WHAT\" or \"FAILED WHAT: WHY\", then a summary (--json:\n"
       "one JSON object instead). Exit status 0 only if every check passed, 1 otherwise.\n"
       "The signatures alone, with stock OpenSSL (which accepts one signer, or anyone whose\n"
       "certificate is in the CA file, so it is not enough on its own):\n"
       "  openssl cms -verify -binary -inform DER -in DIR/manifest.p7s \\\n"
       "    -content DIR/manifest.json -CAfile DIR/custodians.pem -purpose any -out /dev/null\n"
       "  sha256sum DIR/statement.json DIR/statement.html DIR/entries.csv DIR/custodians.json\n",
       {"previous", "proof", "month"},
       {"json"},
       cmd_verify,
       Output::check_report,
       true},
  };
}

}  // namespace trustfund::cli
