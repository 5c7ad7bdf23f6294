// Config <-> JSON, strict validation, --set assignments and preset loading.
//
// Every error names the dotted key (or the file) at fault, because the message is all a
// student sees when a preset or a --set goes wrong.
#include "config/Config.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <unistd.h>

#include "nn/Activation.h"
#include "objectives/Registry.h"
#include "optim/Optimizer.h"
#include "util/Error.h"

namespace gs {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

std::string typeName(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "an integer";
    case json::value_t::number_float: return "a number";
    case json::value_t::string: return "a string";
    case json::value_t::array: return "an array";
    case json::value_t::object: return "an object";
    default: return "an unsupported value";
  }
}

std::string formatNumber(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  std::ostringstream os;
  os.precision(6);
  os << v;
  return os.str();
}

std::string show(const json& v) {
  if (v.is_number_float()) return formatNumber(v.get<double>());
  std::string s = v.dump();
  return s.size() > 40 ? s.substr(0, 37) + "..." : s;
}

std::string join(const std::vector<std::string>& items) {
  std::string all;
  for (auto& s : items) all += (all.empty() ? "" : ", ") + s;
  return all;
}

std::string dotted(const std::string& prefix, const std::string& key) {
  return prefix.empty() ? key : prefix + "." + key;
}

// One JSON object being read: remembers the keys asked for so finish() can reject the rest.
class Section {
 public:
  Section(const json& j, std::string prefix) : j_(j), prefix_(std::move(prefix)) {
    if (!j_.is_object())
      throw ConfigError((prefix_.empty() ? std::string("the config") : "'" + prefix_ + "'") +
                        " must be a JSON object, got " + typeName(j_));
  }

  const json* get(const std::string& key) {
    known_.push_back(key);
    auto it = j_.find(key);
    return it == j_.end() ? nullptr : &*it;
  }

  std::string key(const std::string& k) const { return dotted(prefix_, k); }

  void finish() const {
    for (auto it = j_.begin(); it != j_.end(); ++it) {
      if (std::find(known_.begin(), known_.end(), it.key()) != known_.end()) continue;
      throw ConfigError("unknown key '" + key(it.key()) + "' (known keys" +
                        (prefix_.empty() ? std::string() : " in '" + prefix_ + "'") + ": " +
                        join(known_) + ")");
    }
  }

 private:
  const json& j_;
  std::string prefix_;
  std::vector<std::string> known_;
};

[[noreturn]] void wrongType(const std::string& key, const char* expected, const json& v) {
  throw ConfigError(key + ": expected " + expected + ", got " + typeName(v) + " " + show(v));
}

struct Range {
  double lo, hi;
  bool loOpen = false, hiOpen = false;
  bool contains(double v) const {
    return (loOpen ? v > lo : v >= lo) && (hiOpen ? v < hi : v <= hi);
  }
  std::string str() const {
    return std::string(loOpen ? "(" : "[") + formatNumber(lo) + ", " +
           (std::isinf(hi) ? std::string("inf") : formatNumber(hi)) + (hiOpen || std::isinf(hi) ? ")" : "]");
  }
};

void checkRange(const std::string& key, double v, const Range& r) {
  if (!std::isfinite(v))
    throw ConfigError(key + " = " + formatNumber(v) + " is not a finite number (allowed " + r.str() + ")");
  if (!r.contains(v))
    throw ConfigError(key + " = " + formatNumber(v) + " is out of range " + r.str());
}

double numberValue(const std::string& key, const json& v) {
  if (!v.is_number()) wrongType(key, "a number", v);
  return v.get<double>();
}

void readDouble(Section& s, const std::string& k, double& out, Range r) {
  const json* v = s.get(k);
  if (!v) return;
  const double x = numberValue(s.key(k), *v);
  checkRange(s.key(k), x, r);
  out = x;
}

// Integers may be written 256 or 256.0; 2.5 is a type error.
long long integerValue(const std::string& key, const json& v) {
  if (v.is_number_integer()) return v.get<long long>();
  if (v.is_number_unsigned()) {
    const auto u = v.get<unsigned long long>();
    return u > (unsigned long long)LLONG_MAX ? LLONG_MAX : (long long)u;
  }
  if (v.is_number_float()) {
    const double x = v.get<double>();
    if (!std::isfinite(x)) throw ConfigError(key + " = " + formatNumber(x) + " is not a finite number");
    if (x == std::floor(x) && std::fabs(x) < 9.0e15) return (long long)x;
  }
  wrongType(key, "an integer", v);
}

void readInt(Section& s, const std::string& k, int& out, int lo, int hi) {
  const json* v = s.get(k);
  if (!v) return;
  const long long x = integerValue(s.key(k), *v);
  if (x < lo || x > hi)
    throw ConfigError(s.key(k) + " = " + std::to_string(x) + " is out of range [" + std::to_string(lo) +
                      ", " + std::to_string(hi) + "]");
  out = int(x);
}

void readString(Section& s, const std::string& k, std::string& out) {
  const json* v = s.get(k);
  if (!v) return;
  if (!v->is_string()) wrongType(s.key(k), "a string", *v);
  out = v->get<std::string>();
}

// A string checked by a name parser from core (which throws ConfigError without the key).
void readName(Section& s, const std::string& k, std::string& out,
              const std::function<void(const std::string&)>& check) {
  std::string value = out;
  readString(s, k, value);
  try {
    check(value);
  } catch (const ConfigError& e) {
    throw ConfigError(s.key(k) + ": " + e.what());
  }
  out = value;
}

void readNet(const json& j, const std::string& prefix, NetConfig& n, bool critic) {
  Section s(j, prefix);
  readInt(s, "depth", n.depth, 0, 8);
  readInt(s, "width", n.width, 1, 1024);
  readName(s, "activation", n.activation, [](const std::string& v) { activationFromName(v); });
  readName(s, "optimizer", n.optimizer, [](const std::string& v) { optimizerFromName(v); });
  readDouble(s, "lr", n.lr, {0, 1, true, false});
  readDouble(s, "beta1", n.beta1, {0, 1, false, true});
  readDouble(s, "beta2", n.beta2, {0, 1, false, true});
  if (critic) readInt(s, "code_dim", n.codeDim, 1, 64);
  s.finish();
}

void readData(const json& j, DataParams& d) {
  Section s(j, "data");
  readString(s, "name", d.name);
  readDouble(s, "scale", d.scale, {0, 100, true, false});
  readDouble(s, "stddev", d.stddev, {0, 100});
  readString(s, "path", d.path);
  if (const json* v = s.get("points")) {
    if (!v->is_array()) wrongType("data.points", "an array of numbers", *v);
    std::vector<double> pts;
    for (size_t i = 0; i < v->size(); ++i) {
      const std::string key = "data.points[" + std::to_string(i) + "]";
      const double x = numberValue(key, (*v)[i]);
      checkRange(key, x, {-1e6, 1e6});
      pts.push_back(x);
    }
    d.points = std::move(pts);
  }
  s.finish();

  const auto names = distributionNames();
  if (std::find(names.begin(), names.end(), d.name) == names.end())
    throw ConfigError("data.name: unknown dataset '" + d.name + "' (known: " + join(names) + ")");
  try {
    makeDistribution(d);  // files (csv, image) are read here so a bad path fails early
  } catch (const ConfigError& e) {
    throw ConfigError(std::string("data: ") + e.what());
  }
}

void readObjective(const json& j, Config& c) {
  if (!j.is_object()) throw ConfigError("'objective' must be a JSON object, got " + typeName(j));
  if (auto it = j.find("name"); it != j.end()) {
    if (!it->is_string()) wrongType("objective.name", "a string", *it);
    c.objective = it->get<std::string>();
  }
  std::unique_ptr<Objective> obj;
  try {
    obj = makeObjective(c.objective);
  } catch (const ConfigError& e) {
    throw ConfigError(std::string("objective.name: ") + e.what());
  }
  std::map<std::string, double> params;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() == "name") continue;
    const std::string key = "objective." + it.key();
    const auto& specs = obj->params();
    const bool declared = std::any_of(specs.begin(), specs.end(), [&](const ParamSpec& p) { return p.key == it.key(); });
    if (!declared) {
      std::vector<std::string> keys = {"name"};
      for (auto& p : specs) keys.push_back(p.key);
      throw ConfigError("unknown key '" + key + "' for objective '" + c.objective + "' (known keys in 'objective': " +
                        join(keys) + ")");
    }
    const double v = numberValue(key, it.value());
    obj->setParam(it.key(), v);  // its message names objective.<key>, the value and the range
    params[it.key()] = v;
  }
  c.objectiveParams = std::move(params);
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
  Config c;
  Section top(j, "");
  readString(top, "title", c.title);
  readString(top, "note", c.note);
  readDouble(top, "speed_limit", c.speedLimit, {0, 1e6});
  if (const json* v = top.get("data")) readData(*v, c.data);
  else readData(json::object(), c.data);
  if (const json* v = top.get("latent")) {
    Section s(*v, "latent");
    readInt(s, "dim", c.latentDim, 1, 64);
    readName(s, "dist", c.latentDist, [](const std::string& d) {
      if (d != "gaussian" && d != "uniform")
        throw ConfigError("unknown latent distribution '" + d + "' (expected gaussian or uniform)");
    });
    s.finish();
  }
  if (const json* v = top.get("g")) readNet(*v, "g", c.g, false);
  if (const json* v = top.get("d")) readNet(*v, "d", c.d, true);
  if (const json* v = top.get("objective")) readObjective(*v, c);
  else readObjective(json::object(), c);
  if (const json* v = top.get("train")) {
    Section s(*v, "train");
    readInt(s, "batch", c.batch, 2, 8192);
    readInt(s, "d_steps", c.dSteps, 1, 100);
    readInt(s, "g_steps", c.gSteps, 1, 100);
    if (const json* seed = s.get("seed")) {
      if (seed->is_number_unsigned()) {
        c.seed = seed->get<uint64_t>();
      } else {
        const long long x = integerValue("train.seed", *seed);
        if (x < 0) throw ConfigError("train.seed = " + std::to_string(x) + " is out of range [0, 2^64)");
        c.seed = uint64_t(x);
      }
    }
    s.finish();
  }
  if (const json* v = top.get("reg")) {
    Section s(*v, "reg");
    readDouble(s, "r1_gamma", c.r1Gamma, {0, 1e4});
    readDouble(s, "instance_noise", c.instanceNoise, {0, 100});
    s.finish();
  }
  if (const json* v = top.get("eval")) {
    Section s(*v, "eval");
    readInt(s, "samples", c.evalSamples, 16, 100000);
    readInt(s, "grid", c.fieldResolution, 8, 512);
    s.finish();
  }
  top.finish();
  return c;
}

json configToJson(const Config& c) {
  auto net = [](const NetConfig& n, bool critic) {
    json j = {{"depth", n.depth},   {"width", n.width}, {"activation", n.activation},
              {"optimizer", n.optimizer}, {"lr", n.lr}, {"beta1", n.beta1}, {"beta2", n.beta2}};
    if (critic) j["code_dim"] = n.codeDim;
    return j;
  };
  json objective = {{"name", c.objective}};
  for (auto& [k, v] : c.objectiveParams) objective[k] = v;
  json j;
  j["title"] = c.title;
  j["note"] = c.note;
  j["speed_limit"] = c.speedLimit;
  j["data"] = {{"name", c.data.name}, {"scale", c.data.scale}, {"stddev", c.data.stddev},
               {"path", c.data.path}, {"points", c.data.points}};
  j["latent"] = {{"dim", c.latentDim}, {"dist", c.latentDist}};
  j["g"] = net(c.g, false);
  j["d"] = net(c.d, true);
  j["objective"] = objective;
  j["train"] = {{"batch", c.batch}, {"d_steps", c.dSteps}, {"g_steps", c.gSteps}, {"seed", c.seed}};
  j["reg"] = {{"r1_gamma", c.r1Gamma}, {"instance_noise", c.instanceNoise}};
  j["eval"] = {{"samples", c.evalSamples}, {"grid", c.fieldResolution}};
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

  // The path must exist in the defaults (objective.<param> is checked by the objective).
  static const json defaults = configToJson(Config{});
  const bool objectiveParam = parts.size() == 2 && parts[0] == "objective";
  bool numeric = objectiveParam && parts[1] != "name";
  if (!objectiveParam) {
    const json* node = &defaults;
    std::string prefix;
    for (auto& part : parts) {
      if (!node->is_object() || !node->contains(part)) {
        std::vector<std::string> keys;
        if (node->is_object())
          for (auto it = node->begin(); it != node->end(); ++it) keys.push_back(it.key());
        throw ConfigError("unknown key '" + key + "'" +
                          (keys.empty() ? std::string() : " (known keys" +
                                          (prefix.empty() ? std::string() : " in '" + prefix + "'") +
                                          ": " + join(keys) + ")"));
      }
      node = &(*node)[part];
      prefix = dotted(prefix, part);
    }
    if (node->is_object())
      throw ConfigError("--set '" + assignment + "': '" + key + "' is a section; set one of its keys");
    numeric = node->is_number();
  }

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
  if (objectiveParam && parts[1] == "name" && node->value("name", json()) != value)
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
    if (slot.is_object() && it->is_object() && !replaceObjective) mergeUnder(slot, *it);
    else slot = *it;
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
    throw ConfigError("unknown preset '" + name + "' (known: " + (names.empty() ? "none found" : join(names)) +
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
      } catch (const std::exception& e) {
        info.error = e.what();
      }
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
