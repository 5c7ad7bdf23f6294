#include "cli/ConfigSource.h"

#include <filesystem>

#include "config/PngConfig.h"
#include "util/Error.h"

namespace gs {

ResolvedConfig resolveConfig(const ConfigSource& source) {
  if (!source.preset.empty() && !source.configFile.empty())
    throw ConfigError("--preset and --config are exclusive; give one of them");
  ResolvedConfig out;
  nlohmann::json j;
  if (!source.configFile.empty()) {
    // A screenshot saved by ganscope carries its config (PngConfig.h); anything else is JSON.
    j = isPngFile(source.configFile) ? loadPngConfig(source.configFile)
                                     : resolvePresetParents(loadJsonFile(source.configFile), source.configFile);
    out.label = std::filesystem::path(source.configFile).stem().string();
  } else {
    out.presetName = source.preset.empty() ? kDefaultPreset : source.preset;
    j = loadPreset(out.presetName);
    out.label = out.presetName;
  }
  for (auto& s : source.sets) applySetting(j, s);
  try {
    out.config = configFromJson(j);
  } catch (const ConfigError& e) {
    // Name the file too: "unknown key 'g.widht'" alone does not say where it was written.
    const std::string where =
        source.configFile.empty() ? "preset '" + out.presetName + "'" : "'" + source.configFile + "'";
    throw ConfigError(std::string(e.what()) + " [in " + where + (source.sets.empty() ? "" : " with --set") + "]");
  }
  return out;
}

}  // namespace gs
