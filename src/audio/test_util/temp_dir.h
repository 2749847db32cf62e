// Test helper: a scratch directory unique to the running test, removed when the test ends, for
// tests that go through the real file system.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace composure::test_util {

class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    // CTest runs tests in parallel processes; the pid keeps their directories apart.
    path_ = std::filesystem::temp_directory_path() /
            ("composure_" + std::string(info->test_suite_name()) + "_" + info->name() + "_" +
             std::to_string(::getpid()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::filesystem::path write(std::string_view name, const std::vector<std::uint8_t>& bytes) const {
    auto file = path_ / name;
    std::ofstream out(file, std::ios::binary);
    for (std::uint8_t b : bytes) out.put(static_cast<char>(b));
    return file;
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace composure::test_util
