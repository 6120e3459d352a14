#include <catch2/catch_test_macros.hpp>

#include <random>
#include <stdexcept>
#include <string>
#include <utility>

#include "trustfund/crypto/hex.h"
#include "trustfund/crypto/sha256.h"

using trustfund::crypto::digest_from_hex;
using trustfund::crypto::Sha256;
using trustfund::crypto::sha256;
using trustfund::crypto::sha256_concat;
using trustfund::crypto::to_hex;

// FIPS 180-4 example messages (NIST CSRC "Examples with Intermediate Values", SHA-256).
TEST_CASE("sha256 matches the FIPS 180-4 known answers") {
  CHECK(to_hex(sha256(std::string_view("abc"))) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(to_hex(sha256(std::string_view(""))) ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(to_hex(
            sha256(std::string_view("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))) ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(to_hex(sha256(std::string(1000000, 'a'))) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256 of bytes equals sha256 of the same text") {
  const std::string text("trustfund\0ledger", 16);
  const std::vector<std::uint8_t> bytes(text.begin(), text.end());
  CHECK(sha256(std::span<const std::uint8_t>(bytes)) == sha256(std::string_view(text)));
}

TEST_CASE("sha256_concat hashes the concatenation of its parts") {
  CHECK(sha256_concat({"ab", "", "c"}) == sha256(std::string_view("abc")));
  CHECK(sha256_concat({}) == sha256(std::string_view("")));
  const char zero = 0;
  CHECK(sha256_concat({std::string_view(&zero, 1), "x"}) == sha256(std::string_view("\0x", 2)));
}

TEST_CASE("incremental Sha256 gives the one-shot digest however the message is split") {
  std::mt19937_64 rng(20240601);
  std::string message(5000, '\0');
  for (char& c : message)
    c = static_cast<char>(rng());
  const auto expected = sha256(std::string_view(message));
  for (int round = 0; round < 50; ++round) {
    Sha256 hasher;
    std::size_t at = 0;
    while (at < message.size()) {
      const std::size_t n = std::min<std::size_t>(rng() % 700, message.size() - at);
      if (round % 2 == 0) {
        hasher.update(std::string_view(message).substr(at, n));
      } else {
        hasher.update(std::span<const std::uint8_t>(
            reinterpret_cast<const std::uint8_t*>(message.data()) + at, n));
      }
      at += n;
    }
    CHECK(hasher.finish() == expected);
  }
}

TEST_CASE("Sha256 starts a new message after finish") {
  Sha256 hasher;
  hasher.update(std::string_view("first message"));
  (void)hasher.finish();
  hasher.update(std::string_view("abc"));
  CHECK(hasher.finish() == sha256(std::string_view("abc")));
  CHECK(hasher.finish() == sha256(std::string_view("")));
}

TEST_CASE("a moved Sha256 carries its state and the moved-from one refuses use") {
  Sha256 a;
  a.update(std::string_view("ab"));
  Sha256 b = std::move(a);
  b.update(std::string_view("c"));
  CHECK(b.finish() ==
        digest_from_hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  // Using `a` after the move is the point of this test.
  // NOLINTBEGIN(bugprone-use-after-move,clang-analyzer-cplusplus.Move)
  CHECK_THROWS_AS(a.update(std::string_view("x")), std::logic_error);
  CHECK_THROWS_AS(a.finish(), std::logic_error);
  // NOLINTEND(bugprone-use-after-move,clang-analyzer-cplusplus.Move)
  a = std::move(b);
  CHECK(a.finish() == sha256(std::string_view("")));
}
