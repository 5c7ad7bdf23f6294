// Files in tests: a whole file as bytes, and a fresh scratch folder under the build's test tmp.
#pragma once
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

// GANSCOPE_TEST_TMP/<name>, emptied.
inline std::filesystem::path scratchDir(const std::string& name) {
  const auto dir = std::filesystem::path(GANSCOPE_TEST_TMP) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace gs::test
