// Bearer tokens: "tfs_" (session) or "tft_" (API) followed by 32 random bytes in hex.
//
// Only SHA-256 of the whole token text is stored. The text has 256 bits of entropy, so a plain
// hash (no salt, no stretching) cannot be reversed, and looking the hash up by index leaks nothing
// useful through timing: an attacker cannot choose hash prefixes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "trustfund/auth/principal.h"
#include "trustfund/crypto/sha256.h"

namespace trustfund::auth {

// A fresh token of `kind`.
std::string new_token(Credential kind);
// The kind of a well-formed token, or nullopt for anything else (wrong prefix, length or digits).
std::optional<Credential> token_kind(std::string_view token);
// What the registry stores for `token`.
crypto::Digest token_hash(std::string_view token);

}  // namespace trustfund::auth
