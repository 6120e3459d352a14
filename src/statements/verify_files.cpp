// Reading a statement directory's files within limits; see verify_files.h.
#include "verify_files.h"

#include <fstream>
#include <system_error>
#include <vector>

#include "trustfund/statements/verify.h"
#include "verify_check.h"

namespace trustfund::statements::verifier {
namespace {

namespace fs = std::filesystem;

// Opens `path` after checking that it is a regular file of at most `max_bytes`; its size goes
// into `size`.
std::ifstream open_checked(const fs::path& path, std::uintmax_t max_bytes, std::uintmax_t& size) {
  std::error_code ec;
  const std::string name = path.filename().string();
  if (!fs::exists(path, ec))
    throw Bad{name + " is missing"};
  if (!fs::is_regular_file(path, ec))
    throw Bad{name + " is not a regular file"};
  size = fs::file_size(path, ec);
  if (ec)
    throw Bad{"cannot read " + name + ": " + ec.message()};
  if (size > max_bytes)
    throw Bad{name + " has " + std::to_string(size) + " bytes, more than the " +
              std::to_string(max_bytes) + " accepted"};
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Bad{"cannot read " + name};
  return in;
}

}  // namespace

std::string read_file(const fs::path& path, std::uintmax_t max_bytes) {
  std::uintmax_t size = 0;
  std::ifstream in = open_checked(path, max_bytes, size);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (in.gcount() != static_cast<std::streamsize>(size) || in.peek() != EOF)
    throw Bad{"cannot read " + path.filename().string() + " (it changed while being read)"};
  return bytes;
}

crypto::Digest file_sha256(const fs::path& path) {
  std::uintmax_t size = 0;
  std::ifstream in = open_checked(path, kMaxStatementFileBytes, size);
  crypto::Sha256 h;
  std::vector<char> block(std::size_t{1} << 16);
  while (in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    const auto got = in.gcount();
    if (got > 0)
      h.update(std::string_view(block.data(), static_cast<std::size_t>(got)));
  }
  if (in.bad())
    throw Bad{"cannot read " + path.filename().string()};
  return h.finish();
}

}  // namespace trustfund::statements::verifier
