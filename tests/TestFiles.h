// Files in tests: a whole file as bytes, and a fresh scratch folder under the build's test tmp.
#pragma once
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace gs::test {

inline std::string readFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// GANSCOPE_TEST_TMP/<Suite.Test>/<name>, emptied. The running test's own name comes first: ctest
// runs every test as its own process in parallel, so two tests sharing a folder would delete each
// other's files (that raced in CI: one test's SetUp emptied the folder the other was training from).
inline std::filesystem::path scratchDir(const std::string& name = "") {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string id = info ? std::string(info->test_suite_name()) + "." + info->name() : "outside-a-test";
  std::replace(id.begin(), id.end(), '/', '_');
  auto dir = std::filesystem::path(GANSCOPE_TEST_TMP) / id;
  if (!name.empty()) dir /= name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace gs::test
