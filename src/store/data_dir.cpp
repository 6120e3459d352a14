#include "trustfund/store/data_dir.h"

#include <optional>

#include "trustfund/core/date.h"
#include "trustfund/core/error.h"
#include "trustfund/store/migrations.h"

namespace trustfund::store {
namespace {

std::filesystem::path registry_file(const std::filesystem::path& dir) {
  return dir / "registry.db";
}

std::filesystem::path key_file_of(const std::filesystem::path& db_file) {
  return db_file.string() + ".key";
}

Database create_encrypted(const MasterKey& master, const std::filesystem::path& file,
                          FileKind kind) {
  const crypto::Key256 key = create_file_key(master, key_file_of(file));
  return Database::open(file, key, kind, Database::Mode::create_new);
}

Database open_encrypted(const MasterKey& master, const std::filesystem::path& file, FileKind kind) {
  if (!std::filesystem::exists(file)) {
    throw Error::not_found("file-missing", "", "no such file: " + file.string());
  }
  const crypto::Key256 key = load_file_key(master, key_file_of(file));
  return Database::open(file, key, kind, Database::Mode::open_existing);
}

}  // namespace

DataDir DataDir::init(const std::filesystem::path& path, const Options& options, bool dev,
                      std::string* warning) {
  if (std::filesystem::exists(registry_file(path))) {
    throw Error::conflict("data-dir-exists", "data",
                          path.string() + " already holds a trustfund registry");
  }
  // A master key that cannot be had fails the command before anything is made.
  std::optional<MasterKey> master;
  if (!dev)
    master = MasterKey::resolve(path, options.master_key_file, warning);
  std::filesystem::create_directories(path / "estates");
  std::filesystem::permissions(path, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace);
  if (dev) {
    master = MasterKey::generate_dev(path);
    if (warning) {
      *warning = "WARNING: development mode: a master key was generated into " +
                 (path / "master.key").string() +
                 ". Anyone who can read the data directory can decrypt the books. Never use "
                 "--dev for a real estate.";
    }
  }
  DataDir dir(path, *master);
  Database registry = create_encrypted(dir.master_, registry_file(path), FileKind::registry);
  apply_migrations(registry, "registry");
  return dir;
}

DataDir DataDir::open(const std::filesystem::path& path, const Options& options,
                      std::string* warning) {
  if (!std::filesystem::exists(registry_file(path))) {
    throw Error::not_found("data-dir-missing", "data",
                           path.string() +
                               " is not a trustfund data directory (run `trustfund "
                               "init --data " +
                               path.string() + "` first)");
  }
  DataDir dir(path, MasterKey::resolve(path, options.master_key_file, warning));
  Database registry = dir.open_registry();
  apply_migrations(registry, "registry");
  return dir;
}

Database DataDir::open_registry() const {
  return open_encrypted(master_, registry_file(path_), FileKind::registry);
}

void DataDir::check_estate_id(const std::string& estate_id) {
  bool ok = !estate_id.empty() && estate_id.size() <= 40 && estate_id.front() != '-';
  for (const char c : estate_id) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
  }
  if (!ok) {
    throw Error::invalid("estate-id-syntax", "estate_id",
                         "estate id \"" + estate_id +
                             "\" must be 1-40 characters of a-z, 0-9 and '-', e.g. sunrise-garden");
  }
}

std::filesystem::path DataDir::estate_file(const std::string& estate_id) const {
  check_estate_id(estate_id);
  return path_ / "estates" / (estate_id + ".db");
}

Database DataDir::create_estate(const std::string& estate_id, const std::string& name) {
  const auto file = estate_file(estate_id);
  if (name.empty() || name.size() > 200) {
    throw Error::invalid("estate-name", "name", "estate name must be 1-200 characters");
  }
  Database registry = open_registry();
  {
    Statement st = registry.prepare("SELECT 1 FROM estate WHERE estate_id = ?1");
    st.bind(1, estate_id);
    if (st.step() || std::filesystem::exists(file)) {
      throw Error::conflict("estate-exists", "estate_id",
                            "estate \"" + estate_id + "\" already exists");
    }
  }
  try {
    Database db = create_encrypted(master_, file, FileKind::estate);
    apply_migrations(db, "estate");
    Transaction tx(registry);
    registry.prepare("INSERT INTO estate (estate_id, name, created_at) VALUES (?1, ?2, ?3)")
        .bind(1, estate_id)
        .bind(2, name)
        .bind(3, utc_timestamp_now())
        .run();
    tx.commit();
    return db;
  } catch (...) {
    std::error_code ec;
    for (const char* suffix : {"", ".key", "-wal", "-shm"}) {
      std::filesystem::remove(file.string() + suffix, ec);
    }
    throw;
  }
}

Database DataDir::open_estate(const std::string& estate_id) const {
  const auto file = estate_file(estate_id);
  Database registry = open_registry();
  Statement st = registry.prepare("SELECT 1 FROM estate WHERE estate_id = ?1");
  st.bind(1, estate_id);
  if (!st.step()) {
    throw Error::not_found("estate-unknown", "estate", "no estate \"" + estate_id + "\"");
  }
  Database db = open_encrypted(master_, file, FileKind::estate);
  apply_migrations(db, "estate");
  return db;
}

std::vector<EstateRecord> DataDir::estates() const {
  Database registry = open_registry();
  Statement st =
      registry.prepare("SELECT estate_id, name, created_at FROM estate ORDER BY estate_id");
  std::vector<EstateRecord> out;
  while (st.step())
    out.push_back({st.text(0), st.text(1), st.text(2)});
  return out;
}

}  // namespace trustfund::store
