// A statement against the previous one, and a view against its months; see verify_checks.h.
#include <algorithm>
#include <map>

#include "trustfund/core/date.h"
#include "trustfund/core/error.h"
#include "verify_checks.h"

namespace trustfund::statements::verifier {
namespace {

namespace fs = std::filesystem;

bool earlier_period(const std::string& a, const std::string& b) {
  try {
    return Period::parse(a) < Period::parse(b);
  } catch (const Error&) {
    return a < b;
  }
}

// The months given for a view, each checked as a directory of its own: period -> (manifest bytes,
// manifest); the months the view does not name go into `unnamed`.
std::map<std::string, std::pair<std::string, Manifest>> checked_months(
    const Manifest& view, const std::vector<fs::path>& month_dirs, std::vector<VerifyCheck>& out,
    std::vector<std::string>& unnamed) {
  std::map<std::string, std::pair<std::string, Manifest>> given;
  for (const fs::path& dir : month_dirs) {
    const std::optional<Manifest> peeked = peek_manifest(dir);
    const std::string label = peeked ? peeked->period : dir.filename().string();
    Checks month_checks(out, "month " + label + ": ");
    const DirectoryState state = check_directory(dir, month_checks, false);
    if (!state.manifest || state.manifest->view())
      continue;
    const std::string& period = state.manifest->period;
    if (std::none_of(view.months.begin(), view.months.end(),
                     [&](const auto& e) { return e.first == period; }))
      unnamed.push_back(period + " (" + dir.string() + ")");
    given.insert_or_assign(period, std::make_pair(*state.manifest_bytes, *state.manifest));
  }
  return given;
}

}  // namespace

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
  std::vector<std::string> unnamed;
  const auto given = checked_months(*m, month_dirs, out, unnamed);
  for (const auto& [period, sha] : m->months) {
    checks.run("manifest of month " + period + " is the one the view names", [&]() -> std::string {
      const auto it = given.find(period);
      if (it == given.end())
        throw Bad{"no readable statement directory of " + period + " was given"};
      const crypto::Digest got = crypto::sha256(it->second.first);
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

}  // namespace trustfund::statements::verifier
