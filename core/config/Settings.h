// The settings schema: every config key declared once (Settings.cpp) with its type, range,
// default, help and whether changing it live rebuilds a network. The same declaration drives
// JSON reading and writing (Config.cpp), --set checks, `ganscope settings` and the GUI's
// widget ranges, so none of them can disagree with another.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace gs {

enum class SettingType {
  Int,
  Double,
  Bool,
  String,
  Choice,
  NumberList,  // a JSON array of numbers (data.points); min/max bound every element
};

struct SettingSpec {
  std::string key;  // dotted, e.g. "d.lr"
  SettingType type;
  double min = 0, max = 0;  // Int/Double (and NumberList elements)
  bool minOpen = false, maxOpen = false;
  bool logScale = false;               // GUI slider hint
  std::vector<std::string> choices{};  // Choice (filled from the registries)
  std::string defaultText{};           // as printed by `settings` (read from Config{})
  std::string help{};
  bool rebuilds = false;  // changing it live builds a fresh network (or may: data.name, objective.name)
  // The span a GUI slider shows when the valid range is too wide or open to slide over
  // (lr's (0, 1] on a log slider); typed values may still go to min/max. 0, 0 = use min/max.
  double sliderMin = 0, sliderMax = 0;
};

// Every fixed key, in documentation order (objective parameters: objectiveSettingSpecs).
const std::vector<SettingSpec>& settingSpecs();
// Throws ConfigError for an unknown key, naming it and the known keys of its section.
const SettingSpec& settingSpec(std::string_view key);
// objective.<key> for one objective's ParamSpec list; throws ConfigError for an unknown objective.
std::vector<SettingSpec> objectiveSettingSpecs(const std::string& objective);

// "[0, 8]", "(0, 1]", "[0, 2^64)" for Int/Double/NumberList; "" otherwise.
std::string settingRangeText(const SettingSpec& s);
// Range or choices ("relu, tanh, ..."), as `settings` prints them.
std::string settingDomainText(const SettingSpec& s);
// "int", "number", "bool", "string", "choice", "numbers".
const char* settingTypeName(SettingType t);
// Does v lie in the spec's range (open ends excluded)? Always true for non-numeric types.
bool settingInRange(const SettingSpec& s, double v);

// The two tables `ganscope settings` prints: fixed keys, then every objective's parameters.
// Plain text is aligned for a terminal; Markdown is what README.md embeds.
std::string settingsText();
std::string settingsMarkdown();

}  // namespace gs
