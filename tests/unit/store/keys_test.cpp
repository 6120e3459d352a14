// Master keys (where they come from, what a malformed one gives) and the wrapped per-file keys.
#include <catch2/catch_test_macros.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "store_fixture.h"
#include "support/errors.h"
#include "support/temp_estate.h"
#include "trustfund/core/error.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/store/keys.h"

using namespace trustfund;
using store::MasterKey;
using testing::error_of;
using testing::MasterKeyEnvironment;
using testing::read_file_bytes;
using testing::repeated_hex_key;
using testing::write_file_bytes;

namespace {

constexpr char kWrongKeyMessage[] = "wrong key or not a trustfund file";

// A scratch folder, removed with everything in it.
struct ScratchDir {
  std::filesystem::path path = testing::fresh_temp_dir("keys");
  ScratchDir() { std::filesystem::create_directories(path); }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

std::filesystem::path write_key_file(const std::filesystem::path& file, const std::string& text) {
  write_file_bytes(file, text);
  return file;
}

unsigned permissions_of(const std::filesystem::path& file) {
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

}  // namespace

TEST_CASE(
    "the master key is looked up in order: explicit file, environment hex, environment "
    "file, systemd credential, development key") {
  MasterKeyEnvironment env;
  ScratchDir scratch;
  const auto data = scratch.path / "data";
  std::filesystem::create_directories(data);
  const MasterKey dev = MasterKey::generate_dev(data);

  const auto explicit_file = write_key_file(scratch.path / "explicit.key", repeated_hex_key('1'));
  const auto env_file = write_key_file(scratch.path / "env.key", repeated_hex_key('3') + "\n");
  const auto creds = scratch.path / "creds";
  std::filesystem::create_directories(creds);
  write_key_file(creds / "trustfund-master-key", repeated_hex_key('4'));
  MasterKeyEnvironment::set("TRUSTFUND_MASTER_KEY", repeated_hex_key('2'));
  MasterKeyEnvironment::set("TRUSTFUND_MASTER_KEY_FILE", env_file.string());
  MasterKeyEnvironment::set("CREDENTIALS_DIRECTORY", creds.string());

  const auto bytes_of = [](char digit) {
    return MasterKey::from_hex(repeated_hex_key(digit), "x");
  };
  std::string warning;

  const MasterKey first = MasterKey::resolve(data, explicit_file, &warning);
  CHECK(first.bytes() == bytes_of('1').bytes());
  CHECK_FALSE(first.is_dev());

  const MasterKey second = MasterKey::resolve(data, {}, &warning);
  CHECK(second.bytes() == bytes_of('2').bytes());
  CHECK(second.origin() == "environment TRUSTFUND_MASTER_KEY");

  ::unsetenv("TRUSTFUND_MASTER_KEY");
  const MasterKey third = MasterKey::resolve(data, {}, &warning);
  CHECK(third.bytes() == bytes_of('3').bytes());
  CHECK(third.origin().find(env_file.string()) != std::string::npos);

  ::unsetenv("TRUSTFUND_MASTER_KEY_FILE");
  const MasterKey fourth = MasterKey::resolve(data, {}, &warning);
  CHECK(fourth.bytes() == bytes_of('4').bytes());
  CHECK_FALSE(fourth.is_dev());
  CHECK(warning.empty());  // none of the real sources warns

  ::unsetenv("CREDENTIALS_DIRECTORY");
  const MasterKey fifth = MasterKey::resolve(data, {}, &warning);
  CHECK(fifth.bytes() == dev.bytes());
  CHECK(fifth.is_dev());
  CHECK(warning.find("development master key") != std::string::npos);
}

TEST_CASE("with no master key anywhere, resolving fails with a clear access-denied error") {
  MasterKeyEnvironment env;
  ScratchDir scratch;
  std::string warning;
  const Error e = error_of([&] { MasterKey::resolve(scratch.path, {}, &warning); });
  CHECK(e.kind() == ErrorKind::access_denied);
  CHECK(e.type() == "no-master-key");
  const std::string message = e.what();
  CHECK(message.find("--master-key-file") != std::string::npos);
  CHECK(message.find("TRUSTFUND_MASTER_KEY") != std::string::npos);
  CHECK(warning.empty());

  // A credentials directory without the trustfund credential is no key either.
  MasterKeyEnvironment::set("CREDENTIALS_DIRECTORY", scratch.path.string());
  CHECK(error_of([&] { MasterKey::resolve(scratch.path, {}, nullptr); }).type() == "no-master-key");
}

TEST_CASE("a named master key source that is missing is an error, not a fall-back to the next") {
  MasterKeyEnvironment env;
  ScratchDir scratch;
  MasterKey::generate_dev(scratch.path);
  const auto missing = scratch.path / "no-such.key";

  CHECK(error_of([&] { MasterKey::resolve(scratch.path, missing, nullptr); }).kind() ==
        ErrorKind::not_found);
  MasterKeyEnvironment::set("TRUSTFUND_MASTER_KEY_FILE", missing.string());
  CHECK(error_of([&] { MasterKey::resolve(scratch.path, {}, nullptr); }).kind() ==
        ErrorKind::not_found);
}

TEST_CASE("a malformed master key is refused, from every source, without echoing the key") {
  MasterKeyEnvironment env;
  ScratchDir scratch;
  const std::string secretish = "c0ffee" + std::string(57, '5') + "g";  // 64 chars, one not hex
  const std::string bad_keys[] = {
      "",
      std::string(63, 'a'),
      std::string(65, 'a'),
      secretish,
      " " + std::string(63, 'a'),
      "0x" + std::string(62, 'a'),
      std::string(32, 'a') + " " + std::string(31, 'a'),
      std::string(64, 'a') + "\n" + std::string(64, 'b'),
  };
  for (const std::string& bad : bad_keys) {
    INFO("key text: [" << bad << "]");
    const Error from_hex = error_of([&] { MasterKey::from_hex(bad, "test"); });
    CHECK(from_hex.kind() == ErrorKind::invalid_input);
    CHECK(from_hex.type() == "master-key-syntax");

    const auto file = write_key_file(scratch.path / "bad.key", bad);
    const Error from_file = error_of([&] { MasterKey::resolve(scratch.path, file, nullptr); });
    CHECK(from_file.type() == "master-key-syntax");
    CHECK(std::string(from_file.what()).find(file.string()) != std::string::npos);
    if (bad.size() >= 8)
      CHECK(std::string(from_file.what()).find(bad) == std::string::npos);

    if (!bad.empty()) {  // an empty variable counts as unset
      MasterKeyEnvironment::set("TRUSTFUND_MASTER_KEY", bad);
      const Error from_env = error_of([&] { MasterKey::resolve(scratch.path, {}, nullptr); });
      CHECK(from_env.type() == "master-key-syntax");
      if (bad.size() >= 8)
        CHECK(std::string(from_env.what()).find(bad) == std::string::npos);
      ::unsetenv("TRUSTFUND_MASTER_KEY");
    }
  }
}

TEST_CASE("a master key file may end in a newline and use either case of hex digits") {
  MasterKeyEnvironment env;
  ScratchDir scratch;
  const std::string lower = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
  std::string upper = lower;
  for (char& c : upper)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const MasterKey reference = MasterKey::from_hex(lower, "reference");
  CHECK(crypto::to_hex(reference.bytes()) == lower);
  for (const std::string& text : {lower, lower + "\n", lower + "\r\n", upper + "\n"}) {
    const auto file = write_key_file(scratch.path / "ok.key", text);
    CHECK(MasterKey::from_file(file).bytes() == reference.bytes());
  }
}

TEST_CASE("the development master key and the wrapped file keys are readable by the owner only") {
  MasterKeyEnvironment env;
  testing::TempEstate estate("key-perms", 1);
  CHECK(permissions_of(estate.path / "master.key") == 0600);
  CHECK(permissions_of(estate.path / "registry.db.key") == 0600);
  CHECK(permissions_of(estate.dir.estate_file("t").string() + ".key") == 0600);
  CHECK(permissions_of(estate.path) == 0700);
  CHECK(error_of([&] { MasterKey::generate_dev(estate.path); }).kind() == ErrorKind::conflict);
}

TEST_CASE("a file key wrapped under one master key does not unwrap under another") {
  MasterKeyEnvironment env;
  ScratchDir scratch;
  const MasterKey right = MasterKey::from_hex(repeated_hex_key('7'), "right");
  const MasterKey wrong = MasterKey::from_hex(repeated_hex_key('8'), "wrong");
  const auto key_file = scratch.path / "books.db.key";
  const crypto::Key256 key = store::create_file_key(right, key_file);

  CHECK(store::load_file_key(right, key_file) == key);
  const Error e = error_of([&] { store::load_file_key(wrong, key_file); });
  CHECK(e.kind() == ErrorKind::access_denied);
  CHECK(e.type() == "wrong-key");
  CHECK(std::string(e.what()) == kWrongKeyMessage);
  // The raw key is never written in the clear.
  CHECK(read_file_bytes(key_file).find(crypto::to_hex(key)) == std::string::npos);
}

TEST_CASE("a wrapped file key is bound to its file name: a copy under another name does not open") {
  MasterKeyEnvironment env;
  ScratchDir scratch;
  const MasterKey master = MasterKey::from_hex(repeated_hex_key('7'), "test");
  const auto original = scratch.path / "a.db.key";
  store::create_file_key(master, original);
  const auto copy = scratch.path / "b.db.key";
  std::filesystem::copy_file(original, copy);
  const Error e = error_of([&] { store::load_file_key(master, copy); });
  CHECK(e.kind() == ErrorKind::access_denied);
  CHECK(std::string(e.what()) == kWrongKeyMessage);
}

TEST_CASE("a damaged or foreign key file is refused as a wrong key") {
  MasterKeyEnvironment env;
  ScratchDir scratch;
  const MasterKey master = MasterKey::from_hex(repeated_hex_key('7'), "test");
  const auto key_file = scratch.path / "x.db.key";
  store::create_file_key(master, key_file);
  const std::string good = read_file_bytes(key_file);
  const auto body = good.find('\n') + 1;

  std::string flipped = good;
  flipped[body + 30] = flipped[body + 30] == '0' ? '1' : '0';
  std::string truncated = good.substr(0, body + 40) + "\n";
  std::string odd = good.substr(0, good.size() - 2) + "\n";
  std::string other_header = "trustfund-wrapped-key v2" + good.substr(good.find('\n'));
  for (const std::string& damaged : {flipped, truncated, odd, other_header, std::string(),
                                     std::string("\n"), std::string(good.substr(body))}) {
    write_file_bytes(key_file, damaged);
    const Error e = error_of([&] { store::load_file_key(master, key_file); });
    CHECK(e.kind() == ErrorKind::access_denied);
    CHECK(std::string(e.what()) == kWrongKeyMessage);
  }
  write_file_bytes(key_file, good);
  CHECK_NOTHROW(store::load_file_key(master, key_file));
}

TEST_CASE(
    "each database file gets a fresh random key and an existing key file is never "
    "overwritten") {
  MasterKeyEnvironment env;
  ScratchDir scratch;
  const MasterKey master = MasterKey::from_hex(repeated_hex_key('7'), "test");
  const auto a = store::create_file_key(master, scratch.path / "a.db.key");
  const auto b = store::create_file_key(master, scratch.path / "b.db.key");
  CHECK(a != b);
  const std::string before = read_file_bytes(scratch.path / "a.db.key");
  CHECK(error_of([&] { store::create_file_key(master, scratch.path / "a.db.key"); }).kind() ==
        ErrorKind::conflict);
  CHECK(read_file_bytes(scratch.path / "a.db.key") == before);
}

TEST_CASE(
    "a file written durably holds exactly the bytes, with the mode asked for, and no "
    "temporary file is left") {
  ScratchDir scratch;
  const auto file = scratch.path / "out.txt";
  const std::string bytes = std::string("line one\n") + std::string(1, '\0') + "tail";
  store::write_file_durably(file, bytes, 0640);
  CHECK(read_file_bytes(file) == bytes);
  CHECK(permissions_of(file) == 0640);
  store::write_file_durably(file, "replaced", 0600);
  CHECK(read_file_bytes(file) == "replaced");
  for (const auto& item : std::filesystem::directory_iterator(scratch.path))
    CHECK(item.path().filename() == "out.txt");
}
