// A throw-away data directory with one estate, for tests.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

#include "trustfund/ledger/books.h"
#include "trustfund/money/area.h"
#include "trustfund/store/data_dir.h"

namespace trustfund::testing {

inline std::filesystem::path fresh_temp_dir(const char* tag) {
  static std::atomic<int> counter{0};
  std::string name = "tf-test-";
  name.append(tag).append("-").append(std::to_string(::getpid())).append("-");
  name.append(std::to_string(counter++));
  auto path = std::filesystem::temp_directory_path() / name;
  std::filesystem::remove_all(path);
  return path;
}

struct TempDataDir {
  std::filesystem::path path;
  store::DataDir dir;
  explicit TempDataDir(const char* tag) : path(fresh_temp_dir(tag)), dir(init(path)) {}
  ~TempDataDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  static store::DataDir init(const std::filesystem::path& p) {
    std::string warning;
    return store::DataDir::init(p, {}, /*dev=*/true, &warning);
  }
};

// An estate "t" with units 1-1-0101 .. 1-1-01NN (areas 80.01 m² upwards).
struct TempEstate : TempDataDir {
  explicit TempEstate(const char* tag, int units = 4) : TempDataDir(tag) {
    ledger::Books books = ledger::Books::create(dir.create_estate("t", "Test"), "t", "Test");
    for (int i = 1; i <= units; ++i)
      books.add_unit({unit(i), "residential", area(i), "owner"});
  }
  ledger::Books open() { return ledger::Books::open(dir.open_estate("t")); }
  static std::string unit(int i) {
    std::string code = "1-1-01";
    if (i < 10)
      code += '0';
    code.append(std::to_string(i));
    return code;
  }
  static money::Area area(int i) { return money::Area::from_hundredths_m2(8001 + 37 * i); }
  static std::string sub(const char* control, int i) {
    std::string code = control;
    code.append("@").append(unit(i));
    return code;
  }
};

}  // namespace trustfund::testing
