// Config <-> JSON, strict validation, --set assignments and preset loading.
//
// Which keys exist, their types and ranges come from the settings schema (Settings.cpp);
// this file walks it. Every error names the dotted key (or the file) at fault, because the
// message is all a student sees when a preset or a --set goes wrong.
#include "config/Config.h"

#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "config/SettingBinding.h"
#include "objectives/Registry.h"
#include "util/Error.h"

namespace gs {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

void rejectUnknownKeys(const json& j, const std::vector<std::string>& known, const std::string& section) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (std::find(known.begin(), known.end(), it.key()) != known.end()) continue;
    const std::string key = section.empty() ? it.key() : section + "." + it.key();
    throw ConfigError("unknown key '" + key + "' (known keys" +
                      (section.empty() ? std::string() : " in '" + section + "'") + ": " + joinNames(known) + ")");
  }
}

// objective.<key> other than name: declared by the chosen objective, checked by its setParam.
void readObjectiveParams(const json& j, Config& c) {
  const std::unique_ptr<Objective> obj = makeObjective(c.objective);
  const auto& specs = obj->params();
  std::map<std::string, double> params;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() == "name") continue;
    const std::string key = "objective." + it.key();
    const auto spec = std::find_if(specs.begin(), specs.end(), [&](const ParamSpec& p) { return p.key == it.key(); });
    if (spec == specs.end()) {
      std::vector<std::string> keys = {"name"};
      for (auto& p : specs) keys.push_back(p.key);
      throw ConfigError("unknown key '" + key + "' for objective '" + c.objective +
                        "' (known keys in 'objective': " + joinNames(keys) + ")");
    }
    if (!spec->choices.empty() && !it.value().is_string()) {
      const std::string expected = "one of: " + joinNames(spec->choices);
      wrongType(key, expected.c_str(), it.value());
    }
    const double v =
        spec->choices.empty() ? numberValue(key, it.value()) : paramChoiceIndex(*spec, it.value().get<std::string>());
    obj->setParam(it.key(), v);  // its message names objective.<key>, the value and the range
    params[it.key()] = v;
  }
  c.objectiveParams = std::move(params);
}

// The keys of data.* are valid one by one; together they must name a dataset that builds
// (files for csv and image are read here so a bad path fails before training starts).
void checkDataset(const DataParams& d) {
  try {
    makeDistribution(d);
  } catch (const ConfigError& e) { throw ConfigError(std::string("data: ") + e.what()); }
}

std::string stripJsonExceptionPrefix(std::string what) {
  // "[json.exception.parse_error.101] parse error at line 1, ..." -> "parse error at line 1, ..."
  if (!what.empty() && what[0] == '[') {
    auto close = what.find("] ");
    if (close != std::string::npos) what = what.substr(close + 2);
  }
  return what;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return char(std::tolower(ch)); });
  return s;
}

}  // namespace

Config configFromJson(const json& j) {
  if (!j.is_object()) throw ConfigError("the config must be a JSON object, got " + jsonTypeName(j));
  const auto& groups = settingGroups();
  std::vector<std::string> topKeys;
  for (auto& g : groups) topKeys.push_back(g.name);
  rejectUnknownKeys(j, topKeys, "");

  static const json empty = json::object();
  Config c;
  for (const SettingGroup& g : groups) {
    const auto it = j.find(g.name);
    if (!g.isSection) {
      if (it != j.end()) g.keys.front()->read(c, *it);
      continue;
    }
    const json& section = it == j.end() ? empty : *it;
    if (!section.is_object()) throw ConfigError("'" + g.name + "' must be a JSON object, got " + jsonTypeName(section));
    // The objective's own parameters sit beside objective.name; readObjectiveParams knows them.
    const bool objective = g.name == "objective";
    if (!objective) {
      std::vector<std::string> leaves;
      for (auto* b : g.keys) leaves.push_back(b->leaf);
      rejectUnknownKeys(section, leaves, g.name);
    }
    for (const SettingBinding* b : g.keys)
      if (const auto v = section.find(b->leaf); v != section.end()) b->read(c, *v);
    if (objective) readObjectiveParams(section, c);
    if (g.name == "data") checkDataset(c.data);
  }
  return c;
}

json configToJson(const Config& c) {
  json j = json::object();
  for (const SettingBinding& b : settingBindings()) (b.section.empty() ? j[b.leaf] : j[b.section][b.leaf]) = b.write(c);
  // Choice parameters are written as their word (objective.regulariser = "l2").
  std::vector<ParamSpec> specs;
  try {
    if (!c.objectiveParams.empty()) specs = makeObjective(c.objective)->params();
  } catch (const ConfigError&) {}
  for (auto& [k, v] : c.objectiveParams) {
    const auto spec = std::find_if(specs.begin(), specs.end(), [&](const ParamSpec& p) { return p.key == k; });
    if (spec != specs.end() && !spec->choices.empty())
      j["objective"][k] = paramValueText(*spec, v);
    else
      j["objective"][k] = v;
  }
  return j;
}

void applySetting(json& j, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw ConfigError("--set '" + assignment + "': expected key=value, e.g. g.lr=2e-4");
  const std::string key = assignment.substr(0, eq), text = assignment.substr(eq + 1);

  std::vector<std::string> parts;
  std::stringstream ss(key);
  for (std::string part; std::getline(ss, part, '.');) parts.push_back(part);
  if (parts.empty() || key.back() == '.' ||
      std::any_of(parts.begin(), parts.end(), [](const std::string& p) { return p.empty(); }))
    throw ConfigError("--set '" + assignment + "': malformed key '" + key + "'");

  // The key must be declared (objective.<param> is checked by the objective at parse time).
  const bool objectiveParam = parts.size() == 2 && parts[0] == "objective" && parts[1] != "name";
  SettingType type = SettingType::Double;
  if (!objectiveParam) {
    const auto& bindings = settingBindings();
    const auto b =
        std::find_if(bindings.begin(), bindings.end(), [&](const SettingBinding& b) { return b.spec.key == key; });
    if (b == bindings.end()) {
      const auto& groups = settingGroups();
      if (parts.size() == 1 && std::any_of(groups.begin(), groups.end(),
                                           [&](const SettingGroup& g) { return g.isSection && g.name == key; }))
        throw ConfigError("--set '" + assignment + "': '" + key + "' is a section; set one of its keys");
      throw ConfigError(unknownKeyMessage(key));
    }
    type = b->spec.type;
  }
  const bool numeric = type == SettingType::Int || type == SettingType::Double;
  const bool textual = type == SettingType::String || type == SettingType::Choice;

  json value;
  const std::string low = lower(text);
  if (numeric && (low == "nan" || low == "-nan")) {
    value = std::nan("");
  } else if (numeric && (low == "inf" || low == "+inf" || low == "infinity" || low == "-inf" || low == "-infinity")) {
    value = low[0] == '-' ? -HUGE_VAL : HUGE_VAL;
  } else {
    try {
      value = json::parse(text);
    } catch (const json::parse_error&) {
      value = text;  // a plain word: data.name=ring8
    }
    // A text key takes the words as written: title=2 is the title "2", not a type error.
    if (textual && !value.is_string()) value = text;
  }

  json* node = &j;
  if (!node->is_object()) *node = json::object();
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    json& child = (*node)[parts[i]];
    if (child.is_null()) child = json::object();
    if (!child.is_object())
      throw ConfigError("--set '" + assignment + "': '" + parts[i] + "' is not an object in the config");
    node = &child;
  }
  // A new objective starts from its own defaults: the old one's parameters mean nothing to it.
  if (parts.size() == 2 && parts[0] == "objective" && parts[1] == "name" && node->value("name", json()) != value)
    *node = json::object();
  (*node)[parts.back()] = std::move(value);
}

json loadJsonFile(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw ConfigError("cannot read '" + path + "': no such file");
  if (fs::is_directory(path, ec)) throw ConfigError("cannot read '" + path + "': it is a directory");
  std::ifstream in(path);
  if (!in) throw ConfigError("cannot read '" + path + "': " + std::strerror(errno));
  try {
    return json::parse(in, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
  } catch (const json::exception& e) {
    throw ConfigError("malformed JSON in '" + path + "': " + stripJsonExceptionPrefix(e.what()));
  }
}

// ---------------------------------------------------------------- presets

std::vector<std::string> presetDirectories() {
  std::vector<fs::path> candidates;
  char buf[4096];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n > 0) {
    const fs::path exeDir = fs::path(std::string(buf, size_t(n))).parent_path();
    candidates.push_back(exeDir / ".." / "assets" / "presets");
    candidates.push_back(exeDir / ".." / ".." / "assets" / "presets");
  }
#ifdef GANSCOPE_PRESET_DIR
  candidates.push_back(GANSCOPE_PRESET_DIR);
#endif
  std::vector<std::string> dirs;
  std::set<std::string> seen;
  for (auto& c : candidates) {
    std::error_code ec;
    if (!fs::is_directory(c, ec)) continue;
    const std::string canon = fs::weakly_canonical(c, ec).string();
    if (seen.insert(canon).second) dirs.push_back(canon);
  }
  return dirs;
}

namespace {

std::string findPresetFile(const std::string& name) {
  for (auto& dir : presetDirectories()) {
    const fs::path p = fs::path(dir) / (name + ".json");
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) return p.string();
  }
  return {};
}

// Child over parent; a different objective replaces the parent's objective block whole.
void mergeUnder(json& base, const json& child) {
  for (auto it = child.begin(); it != child.end(); ++it) {
    json& slot = base[it.key()];
    const bool replaceObjective = it.key() == "objective" && slot.is_object() && it->is_object() &&
                                  it->contains("name") && slot.value("name", json()) != (*it)["name"];
    if (slot.is_object() && it->is_object() && !replaceObjective)
      mergeUnder(slot, *it);
    else
      slot = *it;
  }
}

json resolveParents(json j, const std::string& origin, std::vector<std::string>& chain) {
  if (!j.is_object() || !j.contains("parent")) return j;
  const json parentName = j["parent"];
  if (!parentName.is_string()) wrongType(origin + ": parent", "a preset name (string)", parentName);
  const std::string name = parentName.get<std::string>();
  if (std::find(chain.begin(), chain.end(), name) != chain.end() || chain.size() > 16)
    throw ConfigError(origin + ": preset parents form a cycle through '" + name + "'");
  const std::string file = findPresetFile(name);
  if (file.empty()) throw ConfigError(origin + ": unknown parent preset '" + name + "'");
  chain.push_back(name);
  json base = resolveParents(loadJsonFile(file), file, chain);
  if (!base.is_object()) throw ConfigError("'" + file + "' must hold a JSON object");
  j.erase("parent");
  mergeUnder(base, j);
  return base;
}

}  // namespace

json resolvePresetParents(json j, const std::string& origin) {
  std::vector<std::string> chain;
  return resolveParents(std::move(j), origin, chain);
}

json loadPreset(const std::string& name) {
  const bool plain = !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char ch) {
    return std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.';
  });
  const std::string file = plain ? findPresetFile(name) : std::string();
  if (file.empty()) {
    std::vector<std::string> names;
    for (auto& p : listPresets()) names.push_back(p.name);
    throw ConfigError("unknown preset '" + name + "' (known: " + (names.empty() ? "none found" : joinNames(names)) +
                      ")");
  }
  std::vector<std::string> chain = {name};
  return resolveParents(loadJsonFile(file), file, chain);
}

std::vector<PresetInfo> listPresets() {
  std::map<std::string, PresetInfo> byName;
  for (auto& dir : presetDirectories()) {
    std::error_code ec;
    for (auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().extension() != ".json") continue;
      const std::string name = entry.path().stem().string();
      if (byName.count(name)) continue;  // earlier directories win
      PresetInfo info;
      info.name = name;
      info.path = entry.path().string();
      try {
        const json j = loadPreset(name);
        info.title = j.value("title", std::string());
        info.note = j.value("note", std::string());
      } catch (const std::exception& e) { info.error = e.what(); }
      byName[name] = std::move(info);
    }
  }
  std::vector<PresetInfo> out;
  for (auto& [name, info] : byName) out.push_back(std::move(info));
  return out;
}

std::string firstSentence(const std::string& text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if ((ch == '.' || ch == '!' || ch == '?') && (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n'))
      return text.substr(0, i + 1);
  }
  return text;
}

}  // namespace gs
