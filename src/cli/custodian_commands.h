// The `custodian` commands: keys, certificates and detached CMS signatures for the custodians
// (crypto/custodian_key.h, crypto/cms.h), run on a custodian's own computer. They need no data
// directory and no server, and they never send a key anywhere.
//
// A key is a passphrase-protected PKCS#8 file (`--key K.key`) or a key on a PKCS#11 token
// (`--key pkcs11:token=...;object=...;type=private`). Secrets are never options (they would show in
// `ps` and shell history): the passphrase comes from --passphrase-file, else
// $TRUSTFUND_KEY_PASSPHRASE, else standard input (without echo on a terminal); a token PIN from
// --pin-file, else $TRUSTFUND_KEY_PIN, else standard input. No command overwrites a file.
#pragma once

#include <vector>

#include "command.h"

namespace trustfund::cli {

std::vector<Command> custodian_commands();

}  // namespace trustfund::cli
