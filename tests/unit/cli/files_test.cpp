// The files of a command (src/cli/files.h): one bounded reader, and output files that appear whole
// or not at all, a new one never replacing a file.
#include <catch2/catch_test_macros.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/files.h"
#include "support/errors.h"
#include "support/temp_estate.h"

namespace fs = std::filesystem;
using trustfund::ErrorKind;
using trustfund::cli::OutputFiles;
using trustfund::cli::read_input_file;
using trustfund::cli::write_new_file;
using trustfund::testing::error_of;
using trustfund::testing::fresh_temp_dir;

namespace {

struct Dir {
  fs::path path = fresh_temp_dir("cli-files");
  Dir() { fs::create_directories(path); }
  ~Dir() { fs::remove_all(path); }
  std::string operator/(const char* name) const { return (path / name).string(); }
  // Every name in the directory, temporary files included.
  std::size_t count() const {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::recursive_directory_iterator(path))
      ++n;
    return n;
  }
};

void put(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string text_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("a file option is read from its file, or from standard input for -") {
  Dir d;
  put(d / "a.json", "{\"a\":1}");
  std::istringstream in("from stdin");
  CHECK(read_input_file(d / "a.json", in) == "{\"a\":1}");
  CHECK(read_input_file("-", in) == "from stdin");
}

TEST_CASE("a file that cannot be read is file-missing, naming the option") {
  Dir d;
  std::istringstream in;
  for (const std::string& path : {d / "none.json", d.path.string()}) {
    const auto e = error_of([&] { read_input_file(path, in, "signature"); });
    CHECK(e.kind() == ErrorKind::not_found);
    CHECK(e.type() == "file-missing");
    CHECK(e.field() == "signature");
  }
}

TEST_CASE("a file or standard input larger than the bound is refused, not read on") {
  Dir d;
  put(d / "big.csv", std::string(2048, 'x'));
  std::istringstream in(std::string(2048, 'y'));
  for (const std::string& path : {d / "big.csv", std::string("-")}) {
    const auto e = error_of([&] { read_input_file(path, in, "file", 1024); });
    CHECK(e.type() == "file-too-large");
    CHECK(e.field() == "file");
  }
  std::istringstream exact(std::string(1024, 'z'));
  CHECK(read_input_file("-", exact, "file", 1024).size() == 1024);
}

TEST_CASE("output files appear only when the command commits, all of them together") {
  Dir d;
  {
    OutputFiles files;
    files.plan(d / "a.pem", "out-cert");
    files.plan(d / "a.key", "out-key", 0600);
    files.write(d / "a.pem", "certificate");
    files.write(d / "a.key", "key");
    CHECK_FALSE(fs::exists(d / "a.pem"));
    CHECK_FALSE(fs::exists(d / "a.key"));
    files.commit();
  }
  CHECK(text_of(d / "a.pem") == "certificate");
  CHECK(text_of(d / "a.key") == "key");
  CHECK((fs::status(d / "a.key").permissions() & fs::perms::group_read) == fs::perms::none);
  CHECK(d.count() == 2);  // no temporary file left
}

TEST_CASE("a command that fails before committing leaves no file and no directory it made") {
  Dir d;
  const fs::path made = d.path / "bank" / "2026-10";
  {
    OutputFiles files;
    files.make_directories(made, "out-dir");
    CHECK(fs::is_directory(made));
    files.plan((made / "DO-000001.csv").string(), "out-dir");
    files.write((made / "DO-000001.csv").string(), "half an answer");
  }  // no commit: the command failed
  CHECK(d.count() == 0);
}

TEST_CASE("a new file never replaces one, whether there when planned or when committed") {
  Dir d;
  put(d / "doc.p7s", "the first signature");
  const auto planned = error_of([&] {
    OutputFiles files;
    files.plan(d / "doc.p7s", "out");
  });
  CHECK(planned.kind() == ErrorKind::conflict);
  CHECK(planned.type() == "file-exists");
  CHECK(planned.field() == "out");

  // Another process makes the second file between the plan and the commit: neither file of the
  // command stays, and the other process's file is untouched.
  {
    OutputFiles files;
    files.plan(d / "one.csv", "out-dir");
    files.plan(d / "two.csv", "out-dir");
    files.write(d / "one.csv", "one");
    files.write(d / "two.csv", "two");
    put(d / "two.csv", "someone else's");
    const auto raced = error_of([&] { files.commit(); });
    CHECK(raced.type() == "file-exists");
    CHECK(raced.field() == "out-dir");
  }  // the command ends with that error
  CHECK_FALSE(fs::exists(d / "one.csv"));
  CHECK(text_of(d / "two.csv") == "someone else's");
  CHECK(text_of(d / "doc.p7s") == "the first signature");
  CHECK(d.count() == 2);
}

TEST_CASE("a replaced file (export --out) is replaced whole, from a stream") {
  Dir d;
  put(d / "books.journal", "the old journal");
  {
    OutputFiles files;
    files.plan(d / "books.journal", "out", 0666, OutputFiles::Existing::replace);
    files.stream(d / "books.journal") << "the new journal";
    CHECK(text_of(d / "books.journal") == "the old journal");
    files.commit();
  }
  CHECK(text_of(d / "books.journal") == "the new journal");
  CHECK(d.count() == 1);
}

TEST_CASE("write_new_file writes to the answer for -, else a new file") {
  Dir d;
  std::ostringstream answer;
  write_new_file("-", "manifest", answer);
  CHECK(answer.str() == "manifest");
  write_new_file(d / "m.json", "manifest", answer);
  CHECK(text_of(d / "m.json") == "manifest");
  CHECK(error_of([&] { write_new_file(d / "m.json", "again", answer); }).type() == "file-exists");
  CHECK(answer.str() == "manifest");
}
