// Inside core/config: how each declared key moves between JSON and Config, and the value
// readers whose messages every config error shares ("g.lr = 0 is out of range (0, 1]").
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "config/Settings.h"

namespace gs {

struct Config;

struct SettingBinding {
  SettingSpec spec;
  std::string section, leaf;  // "g" and "depth"; section "" for a top-level key ("title")
  // Validates v against spec and stores it; throws ConfigError naming spec.key.
  std::function<void(Config&, const nlohmann::json& v)> read;
  std::function<nlohmann::json(const Config&)> write;
};

// The JSON's top level in documentation order: a plain key ("title") or a section ("g")
// with its keys. configFromJson walks this; unknown-key messages list its names.
struct SettingGroup {
  std::string name;
  bool isSection = false;
  std::vector<const SettingBinding*> keys;
};

const std::vector<SettingBinding>& settingBindings();
const std::vector<SettingGroup>& settingGroups();
// "unknown key 'g.widht' (known keys in 'g': depth, width, ...)" for a key the schema lacks.
std::string unknownKeyMessage(const std::string& key);

// ---- shared message pieces
std::string jsonTypeName(const nlohmann::json& v);  // "an integer", "a string", ...
std::string settingNumberText(double v);            // 6 significant digits, nan, inf
std::string joinNames(const std::vector<std::string>& items);
[[noreturn]] void wrongType(const std::string& key, const char* expected, const nlohmann::json& v);
double numberValue(const std::string& key, const nlohmann::json& v);  // any JSON number

}  // namespace gs
