// Where a run's config comes from: --preset NAME or --config FILE, then every --set in order.
// Shared by the GUI entry and `ganscope train`, so both accept exactly the same input.
#pragma once
#include <string>
#include <vector>

#include "config/Config.h"

namespace gs {

// The scenario opened when neither --preset nor --config is given.
inline constexpr const char* kDefaultPreset = "wgan-gp-ring8";

struct ConfigSource {
  std::string preset;             // preset name ("" = not given)
  std::string configFile;         // JSON file or a PNG saved by ganscope ("" = not given)
  std::vector<std::string> sets;  // "key=value", applied in order
};

struct ResolvedConfig {
  Config config;
  std::string presetName;  // "" when the config came from a file
  std::string label;       // preset name or the file's stem, for default output folders
};

// Throws ConfigError naming the preset, file or key at fault.
ResolvedConfig resolveConfig(const ConfigSource& source);

}  // namespace gs
