#include <catch2/catch_test_macros.hpp>

#include <string>
#include <vector>

#include "trustfund/core/error.h"
#include "trustfund/crypto/aead.h"
#include "trustfund/crypto/random.h"
#include "trustfund/crypto/secure_bytes.h"

using trustfund::Error;
using trustfund::ErrorKind;
using trustfund::crypto::kAeadNonceBytes;
using trustfund::crypto::kAeadTagBytes;
using trustfund::crypto::Key256;
using trustfund::crypto::open;
using trustfund::crypto::random_bytes;
using trustfund::crypto::seal;

namespace {

Key256 random_key() {
  Key256 key{};
  random_bytes(key);
  return key;
}

// Checks that opening fails as a wrong master key must: access denied, one fixed message.
template <typename Fn>
void check_unwrap_refused(Fn open_call) {
  try {
    open_call();
    FAIL("opened what should not open");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::access_denied);
    CHECK(e.type() == "key-unwrap-failed");
    CHECK(std::string(e.what()) == "wrong key or not a trustfund file");
  }
}

}  // namespace

TEST_CASE("a sealed key opens with the same key and context") {
  const Key256 master = random_key();
  const Key256 file_key = random_key();
  const auto sealed = seal(master, file_key, "estate-0042.db");
  CHECK(sealed.size() == kAeadNonceBytes + file_key.size() + kAeadTagBytes);
  const auto opened = open(master, sealed, "estate-0042.db");
  CHECK(std::vector<std::uint8_t>(file_key.begin(), file_key.end()) == opened);
}

TEST_CASE("sealing uses a fresh nonce every time") {
  const Key256 master = random_key();
  const Key256 file_key = random_key();
  CHECK(seal(master, file_key, "a.db") != seal(master, file_key, "a.db"));
}

TEST_CASE("empty plaintext and empty context seal and open") {
  const Key256 master = random_key();
  const auto sealed = seal(master, {}, "");
  CHECK(sealed.size() == kAeadNonceBytes + kAeadTagBytes);
  CHECK(open(master, sealed, "").empty());
  check_unwrap_refused([&] { open(master, sealed, "x"); });
}

TEST_CASE("a wrapped key does not open under another master key") {
  const Key256 master = random_key();
  const auto sealed = seal(master, random_key(), "estate.db");
  check_unwrap_refused([&] { open(random_key(), sealed, "estate.db"); });
}

TEST_CASE("a wrapped key moved to another file does not open") {
  const Key256 master = random_key();
  const auto sealed = seal(master, random_key(), "estate-1.db");
  check_unwrap_refused([&] { open(master, sealed, "estate-2.db"); });
}

TEST_CASE("flipping any bit of nonce, ciphertext or tag makes opening fail") {
  const Key256 master = random_key();
  const auto sealed = seal(master, random_key(), "estate.db");
  for (std::size_t byte = 0; byte < sealed.size(); ++byte) {
    for (int bit = 0; bit < 8; bit += 3) {  // bits 0, 3 and 6 of every byte
      auto altered = sealed;
      altered[byte] ^= static_cast<std::uint8_t>(1u << bit);
      check_unwrap_refused([&] { open(master, altered, "estate.db"); });
    }
  }
}

TEST_CASE("truncated, extended or too-short input is not a trustfund file") {
  const Key256 master = random_key();
  const auto sealed = seal(master, random_key(), "estate.db");
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, kAeadNonceBytes + kAeadTagBytes - 1,
                           kAeadNonceBytes + kAeadTagBytes, sealed.size() - 1}) {
    const std::vector<std::uint8_t> cut(sealed.begin(),
                                        sealed.begin() + static_cast<std::ptrdiff_t>(size));
    check_unwrap_refused([&] { open(master, cut, "estate.db"); });
  }
  auto longer = sealed;
  longer.push_back(0);
  check_unwrap_refused([&] { open(master, longer, "estate.db"); });
}

TEST_CASE("SecureBytes wipes and moves its bytes") {
  trustfund::crypto::SecureBytes secret(4);
  CHECK(secret.size() == 4);
  secret.span()[0] = 7;
  trustfund::crypto::SecureBytes moved = std::move(secret);
  CHECK(moved.size() == 4);
  CHECK(moved.data()[0] == 7);
  std::vector<std::uint8_t> buffer{1, 2, 3};
  trustfund::crypto::cleanse(buffer);
  CHECK(buffer == std::vector<std::uint8_t>{0, 0, 0});
}
