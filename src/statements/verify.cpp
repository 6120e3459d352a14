// `trustfund verify`: the checks of a statement directory, in the order verify.h gives. The parts
// are in verify_checks.h (and the files it names).
#include "trustfund/statements/verify.h"

#include "verify_checks.h"

namespace trustfund::statements {

std::vector<VerifyCheck> verify_statement(const VerifyOptions& options) {
  std::vector<VerifyCheck> out;
  verifier::Checks checks(out, "");
  const verifier::DirectoryState state = verifier::check_directory(options.dir, checks, true);
  if (options.previous_dir)
    verifier::check_previous(state, *options.previous_dir, out);
  if (options.proof_file)
    verifier::check_proof(state, *options.proof_file, out);
  if (!options.month_dirs.empty())
    verifier::check_months(state, options.month_dirs, out);
  return out;
}

}  // namespace trustfund::statements
