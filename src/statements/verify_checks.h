// The checks of `trustfund verify` (verify.h), by what they compare: one statement directory
// (verify_directory.cpp, with its custodians and signatures in verify_signers.cpp), a directory
// against the previous statement and a view against its months (verify_chain.cpp), and a
// resident proof (verify_proof.cpp). Each appends its checks to a Checks in a fixed order and
// never throws for bad input.
//
// Thread-safety: each function only reads the files it is given.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "trustfund/statements/verify.h"
#include "verify_check.h"
#include "verify_formats.h"

namespace trustfund::statements::verifier {

// What the checks of one directory found, for the checks that compare two statements or a proof.
struct DirectoryState {
  std::optional<std::string> manifest_bytes;
  std::optional<Manifest> manifest;
  std::optional<StatementSummary> statement;
  std::optional<CustodianSet> custodians;  // when the set is sound
};

// The manifest of `dir` if it reads and is well formed, without reporting why not (its checks do).
std::optional<Manifest> peek_manifest(const std::filesystem::path& dir);

// The checks of one statement directory. `with_journal`: also the manifest's own journal
// consistency proof (not for a previous statement, whose proof leads to its own previous).
DirectoryState check_directory(const std::filesystem::path& dir, Checks& checks, bool with_journal);

// Part of check_directory: custodians.json is a sound custodian set for the manifest's estate and
// version, custodians.pem holds its certificates, manifest.p7s verifies over manifest.json and is
// signed by exactly the owners_committee and manager custodians. Sets state.custodians.
void check_signers(const std::filesystem::path& dir, DirectoryState& state, Checks& checks);

// The previous statement's own checks (named "previous: ...") and the chain from it to `cur`.
void check_previous(const DirectoryState& cur, const std::filesystem::path& previous_dir,
                    std::vector<VerifyCheck>& out);

// A resident proof file against the statement `cur`.
void check_proof(const DirectoryState& cur, const std::filesystem::path& proof_file,
                 std::vector<VerifyCheck>& out);

// A view `cur` against the directories of its months (each checked, named "month ...: ...").
void check_months(const DirectoryState& cur, const std::vector<std::filesystem::path>& month_dirs,
                  std::vector<VerifyCheck>& out);

}  // namespace trustfund::statements::verifier
