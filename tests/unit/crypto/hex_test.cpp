#include <catch2/catch_test_macros.hpp>

#include <vector>

#include "trustfund/core/error.h"
#include "trustfund/crypto/hex.h"

using trustfund::Error;
using trustfund::ErrorKind;
using trustfund::crypto::digest_from_hex;
using trustfund::crypto::from_hex;
using trustfund::crypto::to_hex;

namespace {

// Runs `parse` and returns the Error it throws; fails the test if it throws none.
template <typename Fn>
Error error_of(Fn parse) {
  try {
    parse();
  } catch (const Error& e) {
    return e;
  }
  FAIL("no trustfund::Error thrown");
  return Error(ErrorKind::storage, "", "", "");  // not reached: FAIL ends the test
}

}  // namespace

TEST_CASE("hex is lower case and round-trips every byte value") {
  std::vector<std::uint8_t> bytes(256);
  for (int i = 0; i < 256; ++i)
    bytes[i] = static_cast<std::uint8_t>(i);
  const std::string hex = to_hex(bytes);
  CHECK(hex.size() == 512);
  CHECK(hex.substr(0, 8) == "00010203");
  CHECK(hex.substr(504) == "fcfdfeff");
  CHECK(from_hex(hex) == bytes);
  CHECK(to_hex({}).empty());
  CHECK(from_hex("").empty());
}

TEST_CASE("hex input may be upper case") {
  CHECK(from_hex("ABcdEF") == std::vector<std::uint8_t>{0xab, 0xcd, 0xef});
}

TEST_CASE("hex with an odd length or a non-hex character is rejected with the field named") {
  for (const char* bad : {"abc", "0g", "g0", " 00", "00 ", "0x00", "zz", "-1", "\xc3\xa9"}) {
    const Error e = error_of([&] { from_hex(bad, "master_key"); });
    CHECK(e.kind() == ErrorKind::invalid_input);
    CHECK(e.type() == "hex-syntax");
    CHECK(e.field() == "master_key");
  }
}

TEST_CASE("a digest is exactly 64 hex digits") {
  const std::string good = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  CHECK(to_hex(digest_from_hex(good)) == good);
  for (const std::string& bad :
       {good.substr(2), good + "00", std::string(), good.substr(0, 63) + "x"}) {
    const Error e = error_of([&] { digest_from_hex(bad); });
    CHECK(e.type() == "hex-syntax");
    CHECK(e.field() == "hash");
  }
}

TEST_CASE("hex digit values cover both cases and nothing else") {
  CHECK(trustfund::crypto::hex_digit_value('0') == 0);
  CHECK(trustfund::crypto::hex_digit_value('9') == 9);
  CHECK(trustfund::crypto::hex_digit_value('a') == 10);
  CHECK(trustfund::crypto::hex_digit_value('F') == 15);
  for (char c : {'g', 'G', '/', ':', '@', '`', ' ', '\0'}) {
    CHECK(trustfund::crypto::hex_digit_value(c) == -1);
  }
}
