// A screenshot's config (see PngConfig.h).
#include "config/PngConfig.h"

#include <fstream>
#include <sstream>

#include "util/Error.h"
#include "util/PngText.h"

namespace gs {

bool isPngFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[8] = {};
  return in && in.read(head, sizeof head) && isPng(std::string_view(head, sizeof head));
}

nlohmann::json loadPngConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("cannot read '" + path + "'");
  std::stringstream ss;
  ss << in.rdbuf();
  std::vector<PngText> chunks;
  try {
    chunks = pngReadText(ss.str());
  } catch (const PngFormatError& e) { throw ConfigError("cannot read the config in " + path + ": " + e.what()); }
  const std::string* text = findPngText(chunks, kPngConfigKey);
  if (!text) throw ConfigError(path + " has no ganscope config (not saved by ganscope?)");
  try {
    return nlohmann::json::parse(*text);
  } catch (const nlohmann::json::exception& e) {
    throw ConfigError("the ganscope config in " + path + " is not valid JSON: " + e.what());
  }
}

}  // namespace gs
