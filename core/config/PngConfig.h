// A screenshot's config: the PNG text keywords the window writes and the reader behind
// `ganscope --config shot.png` / `ganscope train --config shot.png`.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace gs {

inline constexpr const char* kPngConfigKey = "ganscope:config";  // the full config as JSON
inline constexpr const char* kPngPresetKey = "ganscope:preset";
inline constexpr const char* kPngIterationKey = "ganscope:iteration";
inline constexpr const char* kPngSeedKey = "ganscope:seed";

// True when the file starts with the PNG signature (a missing or unreadable file: false).
bool isPngFile(const std::string& path);

// The config JSON in a PNG saved by ganscope. Throws ConfigError naming the file when it has no
// ganscope config, a damaged or cut-short text chunk, or text that is not JSON.
nlohmann::json loadPngConfig(const std::string& path);

}  // namespace gs
