// Where the keys of the encrypted files come from.
//
// Each database file has its own random 256-bit key, stored next to it in `<file>.key` wrapped
// (AES-256-GCM) under the master key, with the file's name as associated data so a wrapped key
// cannot be moved to another file. Handing an estate to a new manager means handing over the
// estate file, its `.key` file and the master key (or re-wrapping under theirs).
//
// The master key is never stored inside the data directory, except in development mode (`--dev`),
// where it is generated into `<data>/master.key` and every use warns. It is looked up in order:
//   1. an explicit key file (`--master-key-file`);
//   2. TRUSTFUND_MASTER_KEY: 64 hex characters;
//   3. TRUSTFUND_MASTER_KEY_FILE: path of a key file;
//   4. $CREDENTIALS_DIRECTORY/trustfund-master-key (a systemd credential);
//   5. <data>/master.key, the development key (with a warning).
// A key file holds 64 hex characters and an optional newline. Keys are never logged.
//
// Thread-safety: MasterKey is immutable after construction.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "trustfund/crypto/aead.h"

namespace trustfund::store {

class MasterKey {
 public:
  // Resolves the master key as described above. `explicit_file` may be empty. When the development
  // key is used, `*warning` is set to a message for the operator. Throws Error(access_denied,
  // "no-master-key") when no source is available.
  static MasterKey resolve(const std::filesystem::path& data_dir,
                           const std::filesystem::path& explicit_file, std::string* warning);

  // Generates a development master key into `<data_dir>/master.key` (mode 0600). Throws if the
  // file exists.
  static MasterKey generate_dev(const std::filesystem::path& data_dir);

  // Reads a key file (64 hex characters). Throws Error(invalid_input, "master-key-syntax").
  static MasterKey from_file(const std::filesystem::path& file);
  static MasterKey from_hex(std::string_view hex, std::string origin);

  MasterKey(const MasterKey&) = default;
  MasterKey& operator=(const MasterKey&) = default;
  ~MasterKey();

  const crypto::Key256& bytes() const noexcept { return key_; }
  // Where the key came from, for messages ("environment TRUSTFUND_MASTER_KEY"); never the key.
  const std::string& origin() const noexcept { return origin_; }
  bool is_dev() const noexcept { return dev_; }

 private:
  MasterKey(const crypto::Key256& key, std::string origin, bool dev)
      : key_(key), origin_(std::move(origin)), dev_(dev) {}
  crypto::Key256 key_{};
  std::string origin_;
  bool dev_ = false;
};

// Makes a new random key for a database file and writes it, wrapped under `master`, to
// `key_file` (durably: temp file, fsync, rename). Throws if `key_file` exists.
crypto::Key256 create_file_key(const MasterKey& master, const std::filesystem::path& key_file);

// Reads and unwraps the key in `key_file`. A wrong master key or a key file belonging to another
// database throws Error(access_denied, "wrong-key", "wrong key or not a trustfund file").
crypto::Key256 load_file_key(const MasterKey& master, const std::filesystem::path& key_file);

// Writes `bytes` to `path` atomically and durably (temp file in the same folder, fsync, rename,
// fsync of the folder). `mode` is the permission of the new file.
void write_file_durably(const std::filesystem::path& path, std::string_view bytes, unsigned mode);

}  // namespace trustfund::store
