// What every command shares besides files: whole-number options (src/cli/args.h) and secrets read
// from standard input (src/cli/terminal.h).
#include <catch2/catch_test_macros.hpp>

#include <sstream>

#include "cli/args.h"
#include "cli/terminal.h"
#include "support/errors.h"

using trustfund::cli::Args;
using trustfund::cli::read_secret_line;
using trustfund::cli::Secret;
using trustfund::cli::SecretKind;
using trustfund::testing::error_of;

TEST_CASE("a whole-number option is its value, or the fallback when it is not given") {
  const Args args({"--days", "30", "--seq=7"}, {});
  CHECK(args.integer_or("days", 90, 1, 730) == 30);
  CHECK(args.integer("seq") == 7);
  CHECK(args.integer_or("limit", 100) == 100);
}

TEST_CASE("a whole-number option out of its bounds or not a number is a usage error naming it") {
  for (const char* value : {"0", "731", "30x", "", " 30", "+30", "3.5", "99999999999999999999"}) {
    const Args args({"--days", value}, {});
    const auto e = error_of([&] { args.integer_or("days", 90, 1, 730); });
    CHECK(e.type() == "usage");
    CHECK(e.field() == "days");
    CHECK(std::string(e.what()) == "--days must be a whole number from 1 to 730");
  }
  const Args unbounded({"--seq", "x"}, {});
  CHECK(std::string(error_of([&] { unbounded.integer("seq"); }).what()) ==
        "--seq must be a whole number");
  const Args missing({}, {});
  CHECK(error_of([&] { missing.integer("seq"); }).field() == "seq");
}

TEST_CASE("a secret is one line of standard input, without its line end") {
  constexpr SecretKind kPassword{"password", "password-too-long", "password-mismatch"};
  std::istringstream in("correct horse battery\r\nnext line\n");
  Secret secret(64);
  read_secret_line(in, secret, kPassword);
  CHECK(secret.view() == "correct horse battery");
  read_secret_line(in, secret, kPassword);
  CHECK(secret.view() == "next line");
}

TEST_CASE("a secret longer than its bound is refused and wiped, with its kind's error type") {
  constexpr SecretKind kPassphrase{"passphrase", "secret-too-long", "passphrase-mismatch"};
  std::istringstream in(std::string(65, 'p') + "\n");
  Secret secret(64);
  const auto e = error_of([&] { read_secret_line(in, secret, kPassphrase); });
  CHECK(e.type() == "secret-too-long");
  CHECK(e.field() == "passphrase");
  CHECK(secret.empty());
}
