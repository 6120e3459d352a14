// The data directory: one registry file and one file per estate, each encrypted with its own key.
//
//   <data>/registry.db, registry.db.key     estates known to this installation (later: users)
//   <data>/estates/<id>.db, <id>.db.key     one estate's books
//   <data>/master.key                        development master key only (see keys.h)
//
// `DataDir` resolves the master key once and opens files on demand; each open returns a new
// connection, so readers and the writer of one estate can use separate connections.
//
// Thread-safety: the object is immutable after construction; its methods may be called from
// several threads, each getting its own connection.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "trustfund/store/database.h"
#include "trustfund/store/keys.h"

namespace trustfund::store {

struct EstateRecord {
  std::string estate_id;
  std::string name;
  std::string created_at;
};

class DataDir {
 public:
  struct Options {
    std::filesystem::path master_key_file;  // empty: resolve from the environment
  };

  // Creates a new data directory at `path` (which must not hold a registry yet) and its registry.
  // With `dev`, generates a development master key into it (and `warning` says so).
  static DataDir init(const std::filesystem::path& path, const Options& options, bool dev,
                      std::string* warning);
  // Opens an existing data directory. `warning` is set when the development key is in use.
  static DataDir open(const std::filesystem::path& path, const Options& options,
                      std::string* warning);

  const std::filesystem::path& path() const noexcept { return path_; }
  const MasterKey& master_key() const noexcept { return master_; }

  Database open_registry() const;

  // Validates an estate id: 1-40 characters of a-z, 0-9 and '-', starting with a letter or digit.
  // Throws Error::invalid("estate-id-syntax", "estate_id").
  static void check_estate_id(const std::string& estate_id);

  std::filesystem::path estate_file(const std::string& estate_id) const;
  // Creates the estate's encrypted file and key, applies the estate schema, and registers it.
  // If registering fails, the new files are removed.
  Database create_estate(const std::string& estate_id, const std::string& name);
  // Opens a registered estate; Error::not_found("estate-unknown") if it is not registered.
  Database open_estate(const std::string& estate_id) const;
  std::vector<EstateRecord> estates() const;

 private:
  DataDir(std::filesystem::path path, MasterKey master)
      : path_(std::move(path)), master_(std::move(master)) {}
  std::filesystem::path path_;
  MasterKey master_;
};

}  // namespace trustfund::store
