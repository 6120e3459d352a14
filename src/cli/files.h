// The files a command reads whole and the files it writes, for every command of the CLI.
//
// Reading: one reader for every file option (a path, or "-" for standard input), bounded in size,
// with one error for a file that cannot be read and one for a file too large.
//
// Writing: a command's output files appear whole or not at all. Each is written to a temporary file
// in its own directory, made durable, and renamed into place only when the command commits; if the
// command fails first, or one rename fails, nothing it planned is left behind (not even a directory
// it created). A file is new unless the command says it replaces one (only `export --out` does,
// as it always has); a new file's rename never replaces a file that appeared meanwhile.
//
// Thread-safety: none; a command runs on one thread.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace trustfund::cli {

// The largest file a command reads whole (orders and manifests are a few KiB, a CSV of 100,000
// payments a few MiB).
inline constexpr std::uintmax_t kMaxInputFileBytes = std::uintmax_t{256} << 20;

// The bytes of the file `path`, or of `in` when `path` is "-". Error::not_found("file-missing",
// `field`) if it cannot be read; Error::invalid("file-too-large", `field`) beyond `max_bytes`.
std::string read_input_file(const std::string& path, std::istream& in,
                            const std::string& field = "file",
                            std::uintmax_t max_bytes = kMaxInputFileBytes);

// The output files of one command, committed together.
class OutputFiles {
 public:
  enum class Existing { refuse, replace };

  OutputFiles();
  OutputFiles(const OutputFiles&) = delete;
  OutputFiles& operator=(const OutputFiles&) = delete;
  // Removes every temporary file, every file renamed into place by a commit that failed, and the
  // directories make_directories created, unless commit() succeeded.
  ~OutputFiles();

  // Creates `dir` and its missing parents now (the temporary files are written inside it); they
  // are removed again, when empty, if the command does not commit.
  void make_directories(const std::filesystem::path& dir, const std::string& option);
  // Declares that the command writes `path` (named by --`option`), before any work is done:
  // Error::conflict("file-exists", option) if it exists and `existing` is refuse,
  // Error::invalid("usage", option) for a path planned twice.
  // `mode` is the new file's, less the umask.
  void plan(const std::string& path, const std::string& option, mode_t mode = 0666,
            Existing existing = Existing::refuse);
  bool planned(const std::string& path) const;
  // Writes the whole content of a planned file (to its temporary file).
  void write(const std::string& path, std::string_view bytes);
  // A stream to a planned file's temporary file, for content too large to hold in memory; valid
  // until commit() or destruction. Write errors are reported by commit().
  std::ostream& stream(const std::string& path);
  // Makes every written file durable and renames it into place; all or none.
  // Error::conflict("file-exists") if a new file's path appeared since it was planned, and
  // ErrorKind::storage for a write that failed.
  void commit();

 private:
  struct File;
  File& find(const std::string& path);
  void discard() noexcept;

  std::vector<std::unique_ptr<File>> files_;
  std::vector<std::filesystem::path> made_directories_;  // outermost first
  bool committed_ = false;
};

// Writes `bytes` to the new file `path` whole or not at all (Error::conflict("file-exists",
// `field`) if there is one: nothing is overwritten), or to `out` when `path` is "-".
void write_new_file(const std::string& path, const std::string& bytes, std::ostream& out,
                    const std::string& field = "out");

// A temporary file for output too large for memory that goes to standard output only once whole
// (the ledger export): written through stream(), then copied out by copy_to(). Removed when it
// goes out of scope.
class SpoolFile {
 public:
  SpoolFile();
  ~SpoolFile();
  SpoolFile(const SpoolFile&) = delete;
  SpoolFile& operator=(const SpoolFile&) = delete;

  std::ostream& stream();
  // Copies everything written so far to `out`; ErrorKind::storage if it cannot be read back.
  void copy_to(std::ostream& out);

 private:
  std::string path_;
  std::unique_ptr<std::fstream> file_;
};

}  // namespace trustfund::cli
