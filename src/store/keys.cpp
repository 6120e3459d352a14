#include "trustfund/store/keys.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "trustfund/core/error.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/crypto/random.h"

namespace trustfund::store {
namespace {

constexpr std::string_view kWrappedHeader = "trustfund-wrapped-key v1";
const char kWrongKey[] = "wrong key or not a trustfund file";

std::string read_small_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error::not_found("file-missing", "", "cannot read " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' '))
    s.pop_back();
  return s;
}

// The associated data ties a wrapped key to the file it opens.
std::string aad_for(const std::filesystem::path& key_file) {
  return "trustfund-file-key:" + key_file.filename().string();
}

void fsync_path(const std::filesystem::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0)
    throw Error(ErrorKind::storage, "io", "", "cannot open " + path.string());
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0)
    throw Error(ErrorKind::storage, "io", "", "fsync failed on " + path.string());
}

}  // namespace

MasterKey::~MasterKey() {
  OPENSSL_cleanse(key_.data(), key_.size());
}

MasterKey MasterKey::from_hex(std::string_view hex, std::string origin) {
  if (hex.size() != 64) {
    throw Error(ErrorKind::invalid_input, "master-key-syntax", "master_key",
                "the master key from " + origin + " must be 64 hex characters (256 bits)");
  }
  std::vector<std::uint8_t> bytes;
  try {
    bytes = crypto::from_hex(hex, "master_key");
  } catch (const Error&) {
    throw Error(ErrorKind::invalid_input, "master-key-syntax", "master_key",
                "the master key from " + origin + " is not hexadecimal");
  }
  crypto::Key256 key{};
  std::copy(bytes.begin(), bytes.end(), key.begin());
  OPENSSL_cleanse(bytes.data(), bytes.size());
  return MasterKey(key, std::move(origin), false);
}

MasterKey MasterKey::from_file(const std::filesystem::path& file) {
  std::string text = trim(read_small_file(file));
  MasterKey key = from_hex(text, "key file " + file.string());
  OPENSSL_cleanse(text.data(), text.size());
  return key;
}

MasterKey MasterKey::resolve(const std::filesystem::path& data_dir,
                             const std::filesystem::path& explicit_file, std::string* warning) {
  if (!explicit_file.empty())
    return from_file(explicit_file);
  if (const char* hex = std::getenv("TRUSTFUND_MASTER_KEY"); hex && *hex) {
    return from_hex(hex, "environment TRUSTFUND_MASTER_KEY");
  }
  if (const char* file = std::getenv("TRUSTFUND_MASTER_KEY_FILE"); file && *file) {
    return from_file(file);
  }
  if (const char* creds = std::getenv("CREDENTIALS_DIRECTORY"); creds && *creds) {
    const auto path = std::filesystem::path(creds) / "trustfund-master-key";
    if (std::filesystem::exists(path))
      return from_file(path);
  }
  const auto dev_path = data_dir / "master.key";
  if (std::filesystem::exists(dev_path)) {
    MasterKey key = from_file(dev_path);
    key.dev_ = true;
    key.origin_ = "development key " + dev_path.string();
    if (warning) {
      *warning = "WARNING: using the development master key stored in " + dev_path.string() +
                 ". Anyone who can read the data directory can decrypt it. Do not use this for "
                 "real estates: set TRUSTFUND_MASTER_KEY_FILE or --master-key-file.";
    }
    return key;
  }
  throw Error(ErrorKind::access_denied, "no-master-key", "master_key",
              "no master key: pass --master-key-file, set TRUSTFUND_MASTER_KEY or "
              "TRUSTFUND_MASTER_KEY_FILE, or create a development data directory with --dev");
}

MasterKey MasterKey::generate_dev(const std::filesystem::path& data_dir) {
  const auto path = data_dir / "master.key";
  if (std::filesystem::exists(path)) {
    throw Error::conflict("file-exists", "", "refusing to overwrite " + path.string());
  }
  crypto::Key256 key{};
  crypto::random_bytes(key);
  std::string hex = crypto::to_hex(key) + "\n";
  write_file_durably(path, hex, 0600);
  OPENSSL_cleanse(hex.data(), hex.size());
  return MasterKey(key, "development key " + path.string(), true);
}

crypto::Key256 create_file_key(const MasterKey& master, const std::filesystem::path& key_file) {
  if (std::filesystem::exists(key_file)) {
    throw Error::conflict("file-exists", "", "refusing to overwrite " + key_file.string());
  }
  crypto::Key256 key{};
  crypto::random_bytes(key);
  const auto sealed = crypto::seal(master.bytes(), key, aad_for(key_file));
  write_file_durably(key_file, std::string(kWrappedHeader) + "\n" + crypto::to_hex(sealed) + "\n",
                     0600);
  return key;
}

crypto::Key256 load_file_key(const MasterKey& master, const std::filesystem::path& key_file) {
  const std::string text = read_small_file(key_file);
  const auto newline = text.find('\n');
  if (newline == std::string::npos || text.substr(0, newline) != kWrappedHeader) {
    throw Error(ErrorKind::access_denied, "wrong-key", "", kWrongKey);
  }
  std::vector<std::uint8_t> sealed;
  try {
    sealed = crypto::from_hex(trim(text.substr(newline + 1)), "key_file");
  } catch (const Error&) {
    throw Error(ErrorKind::access_denied, "wrong-key", "", kWrongKey);
  }
  std::vector<std::uint8_t> plain;
  try {
    plain = crypto::open(master.bytes(), sealed, aad_for(key_file));
  } catch (const Error&) {
    throw Error(ErrorKind::access_denied, "wrong-key", "", kWrongKey);
  }
  if (plain.size() != 32)
    throw Error(ErrorKind::access_denied, "wrong-key", "", kWrongKey);
  crypto::Key256 key{};
  std::copy(plain.begin(), plain.end(), key.begin());
  OPENSSL_cleanse(plain.data(), plain.size());
  return key;
}

void write_file_durably(const std::filesystem::path& path, std::string_view bytes, unsigned mode) {
  const auto tmp = path.string() + ".tmp";
  const int fd =
      ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, static_cast<mode_t>(mode));
  if (fd < 0)
    throw Error(ErrorKind::storage, "io", "", "cannot create " + tmp);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) {
      ::close(fd);
      throw Error(ErrorKind::storage, "io", "", "cannot write " + tmp);
    }
    done += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced)
    throw Error(ErrorKind::storage, "io", "", "fsync failed on " + tmp);
  std::filesystem::rename(tmp, path);
  fsync_path(path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path(),
             O_RDONLY | O_DIRECTORY);
}

}  // namespace trustfund::store
