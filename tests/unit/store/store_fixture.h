// Helpers for the store tests: a clean key environment and raw file access.
#pragma once

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

namespace trustfund::testing {

// Clears every environment variable the master key resolution reads, and restores the values the
// process had when the guard is destroyed, so no test sees another test's key.
class MasterKeyEnvironment {
 public:
  MasterKeyEnvironment() {
    for (std::size_t i = 0; i < kNames.size(); ++i) {
      if (const char* value = std::getenv(kNames[i]))
        saved_[i] = value;
      ::unsetenv(kNames[i]);
    }
  }
  ~MasterKeyEnvironment() {
    for (std::size_t i = 0; i < kNames.size(); ++i) {
      if (saved_[i])
        ::setenv(kNames[i], saved_[i]->c_str(), 1);
      else
        ::unsetenv(kNames[i]);
    }
  }
  MasterKeyEnvironment(const MasterKeyEnvironment&) = delete;
  MasterKeyEnvironment& operator=(const MasterKeyEnvironment&) = delete;

  static void set(const char* name, const std::string& value) { ::setenv(name, value.c_str(), 1); }

 private:
  static constexpr std::array<const char*, 3> kNames = {
      "TRUSTFUND_MASTER_KEY", "TRUSTFUND_MASTER_KEY_FILE", "CREDENTIALS_DIRECTORY"};
  std::array<std::optional<std::string>, 3> saved_;
};

inline std::string read_file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline void write_file_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// 64 hex characters of one repeated digit: a syntactically valid master key.
inline std::string repeated_hex_key(char digit) {
  return std::string(64, digit);
}

}  // namespace trustfund::testing
