// The one declaration of every config key (settingBindings below) and the value readers.
//
// Adding a key: a field with its default in Config (Config.h), one add(...) line here, and
// its use. JSON reading and writing, --set, `ganscope settings`, README's table and the GUI's
// ranges all follow from that line; the config tests loop over the table.
#include "config/Settings.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <type_traits>

#include "config/Config.h"
#include "config/SettingBinding.h"
#include "data/Datasets.h"
#include "nn/Activation.h"
#include "objectives/Registry.h"
#include "optim/Optimizer.h"
#include "util/Error.h"

namespace gs {

using json = nlohmann::json;

// ---------------------------------------------------------------- message pieces

std::string jsonTypeName(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "an integer";
    case json::value_t::number_float:
      return "a number";
    case json::value_t::string:
      return "a string";
    case json::value_t::array:
      return "an array";
    case json::value_t::object:
      return "an object";
    default:
      return "an unsupported value";
  }
}

std::string settingNumberText(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  std::ostringstream os;
  os.precision(6);
  os << v;
  return os.str();
}

std::string joinNames(const std::vector<std::string>& items) {
  std::string all;
  for (auto& s : items) all += (all.empty() ? "" : ", ") + s;
  return all;
}

namespace {

std::string show(const json& v) {
  if (v.is_number_float()) return settingNumberText(v.get<double>());
  std::string s = v.dump();
  return s.size() > 40 ? s.substr(0, 37) + "..." : s;
}

// train.seed takes every uint64; its exclusive bound 2^64 reads better than 1.84467e+19.
constexpr double kTwoTo64 = 18446744073709551616.0;

std::string formatBound(const SettingSpec& s, double v) {
  if (s.type == SettingType::Int && v == kTwoTo64) return "2^64";
  if (s.type == SettingType::Int && std::isfinite(v)) return std::to_string((long long)v);
  return settingNumberText(v);
}

}  // namespace

[[noreturn]] void wrongType(const std::string& key, const char* expected, const json& v) {
  throw ConfigError(key + ": expected " + expected + ", got " + jsonTypeName(v) + " " + show(v));
}

double numberValue(const std::string& key, const json& v) {
  if (!v.is_number()) wrongType(key, "a number", v);
  return v.get<double>();
}

// ---------------------------------------------------------------- ranges

bool settingInRange(const SettingSpec& s, double v) {
  if (s.type != SettingType::Int && s.type != SettingType::Double && s.type != SettingType::NumberList) return true;
  return (s.minOpen ? v > s.min : v >= s.min) && (s.maxOpen ? v < s.max : v <= s.max);
}

std::string settingRangeText(const SettingSpec& s) {
  if (s.type != SettingType::Int && s.type != SettingType::Double && s.type != SettingType::NumberList) return "";
  return std::string(s.minOpen ? "(" : "[") + formatBound(s, s.min) + ", " + formatBound(s, s.max) +
         (s.maxOpen || std::isinf(s.max) ? ")" : "]");
}

std::string settingDomainText(const SettingSpec& s) {
  switch (s.type) {
    case SettingType::Choice:
      return joinNames(s.choices);
    case SettingType::Bool:
      return "true, false";
    case SettingType::String:
      return "text";
    case SettingType::NumberList:
      return "each in " + settingRangeText(s);
    default:
      return settingRangeText(s);
  }
}

const char* settingTypeName(SettingType t) {
  switch (t) {
    case SettingType::Int:
      return "int";
    case SettingType::Double:
      return "number";
    case SettingType::Bool:
      return "bool";
    case SettingType::String:
      return "string";
    case SettingType::Choice:
      return "choice";
    case SettingType::NumberList:
      return "numbers";
  }
  return "?";
}

// ---------------------------------------------------------------- value readers

namespace {

void checkRange(const SettingSpec& s, const std::string& key, double v) {
  if (!std::isfinite(v))
    throw ConfigError(key + " = " + settingNumberText(v) + " is not a finite number (allowed " + settingRangeText(s) +
                      ")");
  if (!settingInRange(s, v))
    throw ConfigError(key + " = " + settingNumberText(v) + " is out of range " + settingRangeText(s));
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
    if (!std::isfinite(x)) throw ConfigError(key + " = " + settingNumberText(x) + " is not a finite number");
    if (x == std::floor(x) && std::fabs(x) < 9.0e15) return (long long)x;
  }
  wrongType(key, "an integer", v);
}

void checkIntRange(const SettingSpec& s, long long x) {
  if (!settingInRange(s, double(x)))
    throw ConfigError(s.key + " = " + std::to_string(x) + " is out of range " + settingRangeText(s));
}

int readInt(const SettingSpec& s, const json& v) {
  const long long x = integerValue(s.key, v);
  checkIntRange(s, x);
  return int(x);
}

// Seeds use the whole uint64 range, beyond what a long long holds.
uint64_t readUint64(const SettingSpec& s, const json& v) {
  if (v.is_number_unsigned()) return v.get<uint64_t>();
  const long long x = integerValue(s.key, v);
  checkIntRange(s, x);
  return uint64_t(x);
}

double readDouble(const SettingSpec& s, const json& v) {
  const double x = numberValue(s.key, v);
  checkRange(s, s.key, x);
  return x;
}

bool readBool(const SettingSpec& s, const json& v) {
  if (!v.is_boolean()) wrongType(s.key, "true or false", v);
  return v.get<bool>();
}

std::string readString(const SettingSpec& s, const json& v) {
  if (!v.is_string()) wrongType(s.key, "a string", v);
  std::string text = v.get<std::string>();
  if (s.type == SettingType::Choice && std::find(s.choices.begin(), s.choices.end(), text) == s.choices.end())
    throw ConfigError(s.key + ": unknown value '" + text + "' (choices: " + joinNames(s.choices) + ")");
  return text;
}

std::vector<double> readNumberList(const SettingSpec& s, const json& v) {
  if (!v.is_array()) wrongType(s.key, "an array of numbers", v);
  std::vector<double> out;
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string key = s.key + "[" + std::to_string(i) + "]";
    const double x = numberValue(key, v[i]);
    checkRange(s, key, x);
    out.push_back(x);
  }
  return out;
}

// One key: spec plus the Config field it lives in (a generic lambda returning a reference,
// so it serves both reading into Config& and writing from const Config&).
template <class Field>
void add(std::vector<SettingBinding>& out, SettingSpec spec, Field field) {
  using T = std::remove_cvref_t<decltype(field(std::declval<Config&>()))>;
  using Type = SettingType;
  auto require = [&](bool ok) {
    if (!ok) throw std::logic_error("settings: '" + spec.key + "' is declared with a type its field does not have");
  };
  SettingBinding b;
  if constexpr (std::is_same_v<T, int>) {
    require(spec.type == Type::Int);
    b.read = [field, s = spec](Config& c, const json& v) { field(c) = readInt(s, v); };
  } else if constexpr (std::is_same_v<T, uint64_t>) {
    require(spec.type == Type::Int);
    b.read = [field, s = spec](Config& c, const json& v) { field(c) = readUint64(s, v); };
  } else if constexpr (std::is_same_v<T, double>) {
    require(spec.type == Type::Double);
    b.read = [field, s = spec](Config& c, const json& v) { field(c) = readDouble(s, v); };
  } else if constexpr (std::is_same_v<T, bool>) {
    require(spec.type == Type::Bool);
    b.read = [field, s = spec](Config& c, const json& v) { field(c) = readBool(s, v); };
  } else if constexpr (std::is_same_v<T, std::string>) {
    require(spec.type == Type::String || spec.type == Type::Choice);
    b.read = [field, s = spec](Config& c, const json& v) { field(c) = readString(s, v); };
  } else {
    static_assert(std::is_same_v<T, std::vector<double>>, "unsupported config field type");
    require(spec.type == Type::NumberList);
    b.read = [field, s = spec](Config& c, const json& v) { field(c) = readNumberList(s, v); };
  }
  b.write = [field](const Config& c) { return json(field(c)); };

  const json def = b.write(Config{});
  if (def.is_string())
    spec.defaultText = def.get<std::string>().empty() ? "\"\"" : def.get<std::string>();
  else if (spec.type == Type::Double)
    spec.defaultText = settingNumberText(def.get<double>());
  else
    spec.defaultText = def.dump();

  const auto dot = spec.key.find('.');
  if (dot != std::string::npos && spec.key.find('.', dot + 1) != std::string::npos)
    throw std::logic_error("settings: '" + spec.key + "' nests deeper than section.key");
  b.section = dot == std::string::npos ? "" : spec.key.substr(0, dot);
  b.leaf = dot == std::string::npos ? spec.key : spec.key.substr(dot + 1);
  b.spec = std::move(spec);
  out.push_back(std::move(b));
}

#define GS_FIELD(path) \
  [](auto& c) -> auto& { return c.path; }

// g.* and d.*: the same knobs for both networks; code_dim exists for d only.
void addNet(std::vector<SettingBinding>& out, const std::string& p, NetConfig Config::*net) {
  using Type = SettingType;
  const std::string who = p == "g" ? "the generator" : "the discriminator";
  auto field = [net](auto member) {
    return [ net, member ](auto& c) -> auto& { return (c.*net).*member; };
  };
  add(out,
      {.key = p + ".depth",
       .type = Type::Int,
       .min = 0,
       .max = 8,
       .help = "Hidden layers of " + who + " (0 = a linear map)",
       .rebuilds = true},
      field(&NetConfig::depth));
  add(out,
      {.key = p + ".width",
       .type = Type::Int,
       .min = 1,
       .max = 1024,
       .help = "Units in every hidden layer of " + who,
       .rebuilds = true},
      field(&NetConfig::width));
  add(out,
      {.key = p + ".activation",
       .type = Type::Choice,
       .choices = activationNames(),
       .help = "Hidden-layer activation of " + who,
       .rebuilds = true},
      field(&NetConfig::activation));
  add(out,
      {.key = p + ".optimizer",
       .type = Type::Choice,
       .choices = optimizerNames(),
       .help = "Optimiser of " + who + " (restarts its moments, keeps the weights)"},
      field(&NetConfig::optimizer));
  add(out,
      {.key = p + ".lr",
       .type = Type::Double,
       .min = 0,
       .max = 1,
       .minOpen = true,
       .logScale = true,
       .help = "Learning rate of " + who,
       .sliderMin = 1e-6,
       .sliderMax = 1e-1},
      field(&NetConfig::lr));
  add(out,
      {.key = p + ".beta1",
       .type = Type::Double,
       .min = 0,
       .max = 1,
       .maxOpen = true,
       .help = "Adam β1 / SGD momentum of " + who,
       .sliderMin = 0,
       .sliderMax = 0.99},
      field(&NetConfig::beta1));
  add(out,
      {.key = p + ".beta2",
       .type = Type::Double,
       .min = 0,
       .max = 1,
       .maxOpen = true,
       .help = "Adam β2 / RMSProp α of " + who,
       .sliderMin = 0,
       .sliderMax = 0.9999},
      field(&NetConfig::beta2));
  if (p == "d")
    add(out,
        {.key = "d.code_dim",
         .type = Type::Int,
         .min = 1,
         .max = 64,
         .help = "Auto-encoder bottleneck of the discriminator (energy-based objectives)",
         .rebuilds = true},
        field(&NetConfig::codeDim));
}

std::vector<SettingBinding> declareSettings() {
  using Type = SettingType;
  std::vector<SettingBinding> out;
  add(out, {.key = "title", .type = Type::String, .help = "Title shown in the window and by `ganscope presets`"},
      GS_FIELD(title));
  add(out, {.key = "note", .type = Type::String, .help = "Teaching note: 2-4 sentences on what the run shows"},
      GS_FIELD(note));

  add(out,
      {.key = "data.name",
       .type = Type::Choice,
       .choices = distributionNames(),
       .help = "Dataset of the real samples (a new dimension rebuilds both networks)",
       .rebuilds = true},
      GS_FIELD(data.name));
  add(out,
      {.key = "data.scale",
       .type = Type::Double,
       .min = 0,
       .max = 100,
       .minOpen = true,
       .logScale = true,
       .help = "Multiplies every length of the dataset (ring radius, grid spacing, ...)",
       .sliderMin = 0.1,
       .sliderMax = 10},
      GS_FIELD(data.scale));
  add(out,
      {.key = "data.stddev",
       .type = Type::Double,
       .min = 0,
       .max = 100,
       .help = "Noise std of every component; 0 = the dataset's default",
       .sliderMin = 0,
       .sliderMax = 1},
      GS_FIELD(data.stddev));
  add(out,
      {.key = "data.path",
       .type = Type::String,
       .help = "File for data.name csv (1 or 2 columns) or image (grayscale density)",
       .rebuilds = true},
      GS_FIELD(data.path));
  add(out,
      {.key = "data.points",
       .type = Type::NumberList,
       .min = -1e6,
       .max = 1e6,
       .help = "Points for data.name points: x0, y0, x1, y1, ... (drawn by hand in the GUI)"},
      GS_FIELD(data.points));
  add(out,
      {.key = "data.sample_size",
       .type = Type::Int,
       .min = 0,
       .max = 1000000,
       .logScale = true,
       .help = "Train on a fixed set of this many points drawn once (0 = a fresh sample every batch); metrics "
               "still compare with the distribution",
       .sliderMin = 0,
       .sliderMax = 10000},
      GS_FIELD(data.sampleSize));

  add(out,
      {.key = "latent.dim",
       .type = Type::Int,
       .min = 1,
       .max = 64,
       .help = "Dimension of the generator's noise z",
       .rebuilds = true},
      GS_FIELD(latentDim));
  add(out,
      {.key = "latent.dist",
       .type = Type::Choice,
       .choices = {"gaussian", "uniform"},
       .help = "z ~ N(0, I) or U[-1, 1]^dim"},
      GS_FIELD(latentDist));

  addNet(out, "g", &Config::g);
  add(out,
      {.key = "g.frozen_to_data",
       .type = SettingType::Bool,
       .help = "No generator: the fakes are a second sample of the data (data.sample_size points, another draw), "
               "never updated; D is trained between two samples of one distribution"},
      GS_FIELD(frozenToData));
  addNet(out, "d", &Config::d);

  add(out,
      {.key = "objective.name",
       .type = Type::Choice,
       .choices = objectiveNames(),
       .help = "GAN objective; its parameters are objective.<key> (table below); may rebuild D",
       .rebuilds = true},
      GS_FIELD(objective));

  add(out,
      {.key = "train.batch",
       .type = Type::Int,
       .min = 2,
       .max = 8192,
       .logScale = true,
       .help = "Real and fake samples per step",
       .sliderMin = 16,
       .sliderMax = 1024},
      GS_FIELD(batch));
  add(out,
      {.key = "train.d_steps",
       .type = Type::Int,
       .min = 1,
       .max = 100,
       .help = "Discriminator updates per iteration (WGAN: 5; the energy-GAN lecture: 100)"},
      GS_FIELD(dSteps));
  add(out,
      {.key = "train.critic_warmup",
       .type = Type::Bool,
       .help = "WGAN paper schedule: 100 discriminator updates for the first 25 iterations and every 500th "
               "(WassersteinGAN main.py), else train.d_steps"},
      GS_FIELD(criticWarmup));
  add(out, {.key = "train.g_steps", .type = Type::Int, .min = 1, .max = 100, .help = "Generator updates per iteration"},
      GS_FIELD(gSteps));
  add(out,
      {.key = "train.replay",
       .type = Type::Double,
       .min = 0,
       .max = 0.95,
       .help = "Experience replay: this fraction of each fake batch D sees comes from a buffer of earlier "
               "generators' fakes (0 = off)",
       .sliderMin = 0,
       .sliderMax = 0.95},
      GS_FIELD(replay));
  add(out,
      {.key = "train.replay_size",
       .type = Type::Int,
       .min = 16,
       .max = 1000000,
       .logScale = true,
       .help = "Points the replay buffer keeps (the oldest leave first)",
       .sliderMin = 256,
       .sliderMax = 65536},
      GS_FIELD(replaySize));
  add(out,
      {.key = "train.pack",
       .type = Type::Int,
       .min = 1,
       .max = 4,
       .help = "PacGAN packing: D judges packs of this many samples concatenated (1 = off; logit and critic "
               "objectives)",
       .rebuilds = true},
      GS_FIELD(pack));
  add(out,
      {.key = "train.unroll",
       .type = Type::Int,
       .min = 0,
       .max = 20,
       .help = "Unrolled GAN: G's loss is taken against D after this many unrolled D updates (0 = off)"},
      GS_FIELD(unroll));
  add(out,
      {.key = "train.unroll_second_order",
       .type = Type::Bool,
       .help = "Unrolled GAN: also differentiate through the unrolled D updates (exact Hessian-vector "
               "products); off = the cheaper first-order surrogate"},
      GS_FIELD(unrollSecondOrder));
  add(out,
      {.key = "train.check_every",
       .type = Type::Int,
       .min = 1,
       .max = 10000,
       .help = "Updates between checks that the weights are finite (each check reads one number back)"},
      GS_FIELD(divergenceCheckEvery));
  add(out,
      {.key = "train.seed",
       .type = Type::Int,
       .min = 0,
       .max = kTwoTo64,
       .maxOpen = true,
       .help = "Random seed: the same config and seed give the same run"},
      GS_FIELD(seed));
  add(out,
      {.key = "speed_limit",
       .type = Type::Double,
       .min = 0,
       .max = 1e6,
       .logScale = true,
       .help = "Iterations per second the window trains at (0 = as fast as it can)",
       .sliderMin = 1,
       .sliderMax = 2000},
      GS_FIELD(speedLimit));

  add(out,
      {.key = "reg.r1_gamma",
       .type = Type::Double,
       .min = 0,
       .max = 1e4,
       .help = "R1 penalty γ/2·E‖∇D(x_real)‖² (Mescheder et al. 2018); 0 = off",
       .sliderMin = 0,
       .sliderMax = 100},
      GS_FIELD(r1Gamma));
  add(out,
      {.key = "reg.instance_noise",
       .type = Type::Double,
       .min = 0,
       .max = 100,
       .help = "Std of Gaussian noise added to D's inputs (Sønderby et al. 2016); 0 = off",
       .sliderMin = 0,
       .sliderMax = 1},
      GS_FIELD(instanceNoise));

  add(out,
      {.key = "eval.samples",
       .type = Type::Int,
       .min = 16,
       .max = 100000,
       .logScale = true,
       .help = "Generated samples the metrics use (VEEGAN/PacGAN: 2500)"},
      GS_FIELD(evalSamples));
  add(out,
      {.key = "eval.grid",
       .type = Type::Int,
       .min = 8,
       .max = 512,
       .help = "Cells per side of the grid the discriminator field is drawn on"},
      GS_FIELD(fieldResolution));
  return out;
}

#undef GS_FIELD

std::vector<SettingGroup> groupSettings(const std::vector<SettingBinding>& bindings) {
  std::vector<SettingGroup> groups;
  for (auto& b : bindings) {
    const std::string& name = b.section.empty() ? b.leaf : b.section;
    auto it = std::find_if(groups.begin(), groups.end(), [&](const SettingGroup& g) { return g.name == name; });
    if (it == groups.end()) {
      groups.push_back({name, !b.section.empty(), {}});
      it = groups.end() - 1;
    } else if (!it->isSection || b.section.empty()) {
      throw std::logic_error("settings: '" + b.spec.key + "' is declared twice or clashes with a section");
    }
    it->keys.push_back(&b);
  }
  return groups;
}

}  // namespace

// ---------------------------------------------------------------- the tables

const std::vector<SettingBinding>& settingBindings() {
  static const std::vector<SettingBinding> bindings = declareSettings();
  return bindings;
}

const std::vector<SettingGroup>& settingGroups() {
  static const std::vector<SettingGroup> groups = groupSettings(settingBindings());
  return groups;
}

const std::vector<SettingSpec>& settingSpecs() {
  static const std::vector<SettingSpec> specs = [] {
    std::vector<SettingSpec> out;
    for (auto& b : settingBindings()) out.push_back(b.spec);
    return out;
  }();
  return specs;
}

std::string unknownKeyMessage(const std::string& key) {
  const auto dot = key.find('.');
  const std::string head = key.substr(0, dot);
  std::vector<std::string> names;
  std::string where;
  const auto& groups = settingGroups();
  auto group = std::find_if(groups.begin(), groups.end(), [&](const SettingGroup& g) { return g.name == head; });
  if (group == groups.end()) {
    for (auto& g : groups) names.push_back(g.name);
  } else if (group->isSection && dot != std::string::npos && key.find('.', dot + 1) == std::string::npos) {
    for (auto* b : group->keys) names.push_back(b->leaf);
    where = " in '" + head + "'";
  }
  return "unknown key '" + key + "'" + (names.empty() ? "" : " (known keys" + where + ": " + joinNames(names) + ")");
}

const SettingSpec& settingSpec(std::string_view key) {
  for (auto& s : settingSpecs())
    if (s.key == key) return s;
  throw ConfigError(unknownKeyMessage(std::string(key)));
}

std::vector<SettingSpec> objectiveSettingSpecs(const std::string& objective) {
  const auto obj = makeObjective(objective);
  std::vector<SettingSpec> out;
  for (const ParamSpec& p : obj->params()) {
    SettingSpec s{.key = "objective." + p.key, .type = p.integer ? SettingType::Int : SettingType::Double};
    s.min = p.min;
    s.max = p.max;
    s.logScale = p.logScale;
    s.defaultText = p.integer ? std::to_string((long long)std::llround(p.value)) : settingNumberText(p.value);
    s.help = p.help;
    s.rebuilds = p.rebuilds;
    if (!p.choices.empty()) {
      s.type = SettingType::Choice;
      s.choices = p.choices;
      s.defaultText = paramValueText(p, p.value);
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace gs
