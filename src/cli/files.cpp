// The files of a command; see files.h.
#include "files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <istream>
#include <ostream>
#include <random>

#include "trustfund/core/error.h"

namespace trustfund::cli {
namespace {

namespace fs = std::filesystem;

Error write_error(const std::string& option, const std::string& what, int error_number) {
  return Error(ErrorKind::storage, "file-write", option, what + ": " + std::strerror(error_number));
}

Error exists_error(const std::string& path, const std::string& option) {
  return Error::conflict("file-exists", option,
                         path + " exists already; trustfund never overwrites a file");
}

// Reads `in` to its end, refusing more than `max_bytes`.
std::string read_bounded(std::istream& in, const std::string& name, const std::string& field,
                         std::uintmax_t max_bytes) {
  std::string bytes;
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    const auto n = static_cast<std::size_t>(in.gcount());
    if (bytes.size() + n > max_bytes) {
      throw Error::invalid("file-too-large", field,
                           name + " is larger than " + std::to_string(max_bytes >> 20) + " MiB");
    }
    bytes.append(chunk, n);
  }
  if (in.bad())
    throw Error::not_found("file-missing", field, "cannot read " + name);
  return bytes;
}

// A new, empty file beside `path` that no other process names: ".NAME.tmp-RANDOM", created with
// `mode` (less the umask). Returns its path and its descriptor.
std::pair<std::string, int> create_temporary(const std::string& path, mode_t mode,
                                             const std::string& option) {
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::random_device random;
  for (int attempt = 0; attempt < 100; ++attempt) {
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, "%08x", random());
    std::string name(".");
    name.append(target.filename().string()).append(".tmp-").append(suffix);
    const std::string temp = (dir / name).string();
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd >= 0)
      return {temp, fd};
    if (errno != EEXIST)
      throw write_error(option, "cannot create a file in " + dir.string(), errno);
  }
  throw write_error(option, "cannot create a temporary file in " + dir.string(), EEXIST);
}

// fsync of the file or directory `path`; false if it fails.
bool sync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0)
    return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

// Renames `from` to `to` unless `to` exists (atomically: a file that appears meanwhile is never
// replaced). Returns 0 or the errno.
int rename_new(const std::string& from, const std::string& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0)
    return 0;
  if (errno != EINVAL && errno != ENOSYS)
    return errno;
  // A file system without RENAME_NOREPLACE: a hard link fails the same way if `to` exists.
  if (::link(from.c_str(), to.c_str()) != 0)
    return errno;
  ::unlink(from.c_str());
  return 0;
}

}  // namespace

std::string read_input_file(const std::string& path, std::istream& in, const std::string& field,
                            std::uintmax_t max_bytes) {
  if (path == "-")
    return read_bounded(in, "standard input", field, max_bytes);
  std::error_code ec;
  std::ifstream file(path, std::ios::binary);
  if (!file || fs::is_directory(path, ec))
    throw Error::not_found("file-missing", field, "cannot read " + path);
  return read_bounded(file, path, field, max_bytes);
}

struct OutputFiles::File {
  std::string path;
  std::string option;
  mode_t mode = 0666;
  Existing existing = Existing::refuse;
  std::string temp;                    // empty until written
  std::unique_ptr<std::ofstream> out;  // stream() only
  bool placed = false;                 // renamed into place
};

OutputFiles::OutputFiles() = default;

OutputFiles::~OutputFiles() {
  discard();
}

void OutputFiles::make_directories(const fs::path& dir, const std::string& option) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    throw Error::conflict("file-exists", option, dir.string() + " exists and is not a directory");
  }
  std::vector<fs::path> missing;  // innermost first
  for (fs::path p = dir; !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
    missing.push_back(p);
    if (!p.has_parent_path() || p.parent_path() == p)
      break;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (::mkdir(it->c_str(), 0777) != 0 && errno != EEXIST)
      throw write_error(option, "cannot create the directory " + it->string(), errno);
    made_directories_.push_back(*it);
  }
}

void OutputFiles::plan(const std::string& path, const std::string& option, mode_t mode,
                       Existing existing) {
  std::error_code ec;
  if (existing == Existing::refuse &&
      fs::symlink_status(path, ec).type() != fs::file_type::not_found) {
    throw exists_error(path, option);
  }
  if (planned(path))
    throw Error::invalid("usage", option, "--" + option + " names a file given twice");
  auto file = std::make_unique<File>();
  file->path = path;
  file->option = option;
  file->mode = mode;
  file->existing = existing;
  files_.push_back(std::move(file));
}

bool OutputFiles::planned(const std::string& path) const {
  for (const auto& f : files_) {
    if (f->path == path)
      return true;
  }
  return false;
}

OutputFiles::File& OutputFiles::find(const std::string& path) {
  for (const auto& f : files_) {
    if (f->path == path) {
      if (!f->temp.empty())
        throw Error::invalid("usage", f->option, path + " is written twice");
      return *f;
    }
  }
  throw Error(ErrorKind::storage, "file-write", "", path + " was not planned");
}

void OutputFiles::write(const std::string& path, std::string_view bytes) {
  File& f = find(path);
  const auto [temp, fd] = create_temporary(f.path, f.mode, f.option);
  f.temp = temp;
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      const int saved = errno;
      ::close(fd);
      throw write_error(f.option, "cannot write " + f.path, saved);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0)
    throw write_error(f.option, "cannot write " + f.path, errno);
}

std::ostream& OutputFiles::stream(const std::string& path) {
  File& f = find(path);
  const auto [temp, fd] = create_temporary(f.path, f.mode, f.option);
  f.temp = temp;
  ::close(fd);
  f.out = std::make_unique<std::ofstream>(temp, std::ios::binary | std::ios::trunc);
  if (!*f.out)
    throw write_error(f.option, "cannot write " + f.path, errno);
  return *f.out;
}

void OutputFiles::commit() {
  for (const auto& f : files_) {
    if (!f->out)
      continue;
    f->out->close();
    if (!*f->out || !sync_path(f->temp, O_RDONLY))
      throw write_error(f->option, "cannot write " + f->path, errno);
  }
  // New files first: if one of them cannot be placed, the ones placed before it are removed, and
  // no file is replaced yet.
  for (const Existing pass : {Existing::refuse, Existing::replace}) {
    for (const auto& f : files_) {
      if (f->existing != pass || f->temp.empty())
        continue;
      const int error = pass == Existing::refuse
                            ? rename_new(f->temp, f->path)
                            : (::rename(f->temp.c_str(), f->path.c_str()) == 0 ? 0 : errno);
      if (error == EEXIST)
        throw exists_error(f->path, f->option);
      if (error != 0)
        throw write_error(f->option, "cannot write " + f->path, error);
      f->placed = true;
    }
  }
  for (const auto& f : files_) {
    const fs::path p(f->path);
    if (f->placed)
      sync_path(p.has_parent_path() ? p.parent_path().string() : ".", O_RDONLY | O_DIRECTORY);
  }
  committed_ = true;
}

void OutputFiles::discard() noexcept {
  for (const auto& f : files_) {
    if (f->out)
      f->out->close();
    if (!f->temp.empty() && !f->placed)
      ::unlink(f->temp.c_str());
    if (f->placed && !committed_ && f->existing == Existing::refuse)
      ::unlink(f->path.c_str());
  }
  if (!committed_) {
    for (auto it = made_directories_.rbegin(); it != made_directories_.rend(); ++it)
      ::rmdir(it->c_str());  // only when empty
  }
}

void write_new_file(const std::string& path, const std::string& bytes, std::ostream& out,
                    const std::string& field) {
  if (path == "-") {
    out << bytes;
    return;
  }
  OutputFiles files;
  files.plan(path, field);
  files.write(path, bytes);
  files.commit();
}

SpoolFile::SpoolFile() {
  std::string name = (fs::temp_directory_path() / "trustfund-spool-XXXXXX").string();
  const int fd = ::mkstemp(name.data());
  if (fd < 0)
    throw write_error("", "cannot create a temporary file in " + fs::temp_directory_path().string(),
                      errno);
  ::close(fd);
  path_ = name;
  file_ = std::make_unique<std::fstream>(
      path_, std::ios::binary | std::ios::in | std::ios::out | std::ios::trunc);
  if (!*file_)
    throw write_error("", "cannot write " + path_, errno);
}

SpoolFile::~SpoolFile() {
  file_.reset();
  ::unlink(path_.c_str());
}

std::ostream& SpoolFile::stream() {
  return *file_;
}

void SpoolFile::copy_to(std::ostream& out) {
  file_->flush();
  file_->seekg(0);
  char chunk[1 << 16];
  while (file_->read(chunk, sizeof chunk) || file_->gcount() > 0)
    out.write(chunk, file_->gcount());
  if (file_->bad() || !file_->eof())
    throw Error(ErrorKind::storage, "file-read", "", "cannot read back " + path_);
}

}  // namespace trustfund::cli
