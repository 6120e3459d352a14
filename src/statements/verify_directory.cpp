// The checks of one statement directory; see verify_checks.h. The custodian set and the
// signatures are checked in verify_signers.cpp.
#include <algorithm>
#include <system_error>

#include "trustfund/crypto/jcs.h"
#include "trustfund/crypto/merkle.h"
#include "verify_checks.h"
#include "verify_files.h"
#include "verify_json.h"

namespace trustfund::statements::verifier {
namespace {

namespace fs = std::filesystem;

constexpr const char* kNoManifest = "manifest.json cannot be read or is not well formed";

void check_files_present(const fs::path& dir, bool view, Checks& checks) {
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
}

// manifest.json: canonical, then well formed.
void check_manifest(const fs::path& dir, DirectoryState& state, Checks& checks) {
  checks.run("manifest.json is canonical JSON", [&]() -> std::string {
    state.manifest_bytes = read_file(dir / kManifestJson, crypto::kJcsMaxTextBytes);
    require_canonical(*state.manifest_bytes, kManifestJson);
    return "";
  });
  const std::string manifest_what = "manifest names a known format and is well formed";
  if (!state.manifest_bytes) {
    checks.not_checked(manifest_what, "manifest.json cannot be read");
    return;
  }
  checks.run(manifest_what, [&]() -> std::string {
    state.manifest = parse_manifest(*state.manifest_bytes);
    return state.manifest->view() ? kViewManifestFormat : kManifestFormat;
  });
}

// Every file's SHA-256: the content files first (each must be named), then any other. Returns
// the names of the files the signatures cover.
std::vector<std::string> check_hashes(const fs::path& dir, const Manifest* m, bool view,
                                      Checks& checks) {
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
      checks.not_checked(what, kNoManifest);
      continue;
    }
    checks.run(what, [&]() -> std::string {
      const auto it = std::find_if(m->files.begin(), m->files.end(),
                                   [&](const auto& f) { return f.first == name; });
      if (it == m->files.end())
        throw Bad{"the manifest does not name " + name};
      const crypto::Digest got = file_sha256(dir / name);
      if (got != it->second)
        throw Bad{name + " has SHA-256 " + hex(got) + ", the manifest says " + hex(it->second)};
      return "";
    });
  }
  return names;
}

// Files the signatures do not cover: noted, not fatal.
void check_extra_files(const fs::path& dir, const std::vector<std::string>& names, Checks& checks) {
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
}

// statement.json against the manifest.
void check_statement(const fs::path& dir, DirectoryState& state, Checks& checks) {
  const std::string what = "statement.json names the manifest's estate, period, kind and units";
  const Manifest* m = state.manifest ? &*state.manifest : nullptr;
  if (!m) {
    checks.not_checked(what, kNoManifest);
    return;
  }
  checks.run(what, [&]() -> std::string {
    const StatementSummary s =
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

// The journal: this tree extends the previous statement's.
void check_journal(const Manifest* m, Checks& checks) {
  const std::string what = "journal consistency proof verifies";
  if (!m) {
    checks.not_checked(what, kNoManifest);
    return;
  }
  checks.run(what, [&]() -> std::string {
    const std::string sizes = "from tree size " + std::to_string(m->previous_tree_size) + " to " +
                              std::to_string(m->tree_size);
    if (!crypto::merkle::verify_consistency(static_cast<std::uint64_t>(m->previous_tree_size),
                                            static_cast<std::uint64_t>(m->tree_size),
                                            m->previous_root, m->root, m->consistency_proof))
      throw Bad{"the proof does not show the journal tree of size " +
                std::to_string(m->previous_tree_size) + " (root " + hex(m->previous_root) +
                ") to be a prefix of the tree of size " + std::to_string(m->tree_size) + " (root " +
                hex(m->root) + ")"};
    return sizes;
  });
}

}  // namespace

std::optional<Manifest> peek_manifest(const fs::path& dir) {
  try {
    return parse_manifest(read_file(dir / kManifestJson, crypto::kJcsMaxTextBytes));
  } catch (const Bad&) {
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

DirectoryState check_directory(const fs::path& dir, Checks& checks, bool with_journal) {
  DirectoryState state;
  const std::optional<Manifest> peeked = peek_manifest(dir);
  const bool view = peeked && peeked->view();
  check_files_present(dir, view, checks);
  check_manifest(dir, state, checks);
  const Manifest* m = state.manifest ? &*state.manifest : nullptr;
  const std::vector<std::string> names = check_hashes(dir, m, view, checks);
  check_extra_files(dir, names, checks);
  check_statement(dir, state, checks);
  check_signers(dir, state, checks);
  if (with_journal)
    check_journal(m, checks);
  return state;
}

}  // namespace trustfund::statements::verifier
