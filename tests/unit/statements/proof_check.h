// An owner's check of an exported statement (a month or a view): the resident proof written to a
// file beside the directory, then verify_statement on both, as `trustfund verify DIR --proof`.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "trustfund/statements/verify.h"

namespace trustfund::testing {

inline std::vector<statements::VerifyCheck> verify_with_proof(const std::filesystem::path& dir,
                                                              const std::string& proof) {
  const std::filesystem::path proof_file = dir.string() + ".proof.json";
  {
    std::ofstream out(proof_file);
    out << proof;
  }
  statements::VerifyOptions options;
  options.dir = dir;
  options.proof_file = proof_file;
  std::vector<statements::VerifyCheck> checks = statements::verify_statement(options);
  std::filesystem::remove(proof_file);
  return checks;
}

}  // namespace trustfund::testing
