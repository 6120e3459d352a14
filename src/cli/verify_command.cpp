#include "verify_command.h"

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "trustfund/core/error.h"
#include "trustfund/crypto/jcs.h"
#include "trustfund/statements/verify.h"

namespace trustfund::cli {

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

}  // namespace trustfund::cli
