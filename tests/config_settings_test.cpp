// The settings schema against Config: every declared key round-trips, its printed default is
// Config{}'s value, and bad values are rejected naming the key. The tests loop over the
// schema, so a newly declared key is covered without touching this file.
#include <gtest/gtest.h>

#include "ConfigErrorOf.h"

#include <cmath>
#include <set>

#include "config/Config.h"
#include "config/Settings.h"
#include "objectives/Registry.h"
#include "train/Trainer.h"
#include "util/Error.h"

namespace gs {
namespace {

using json = nlohmann::json;


// "g.lr" -> {"g": {"lr": v}}; "title" -> {"title": v}.
json sparse(const std::string& key, const json& v) {
  const auto dot = key.find('.');
  if (dot == std::string::npos) return {{key, v}};
  return {{key.substr(0, dot), {{key.substr(dot + 1), v}}}};
}

const json& at(const json& j, const std::string& key) {
  const auto dot = key.find('.');
  return dot == std::string::npos ? j.at(key) : j.at(key.substr(0, dot)).at(key.substr(dot + 1));
}

bool isNumeric(const SettingSpec& s) { return s.type == SettingType::Int || s.type == SettingType::Double; }

// Valid values other than the default, from the ends of the range inwards.
std::vector<json> otherValues(const SettingSpec& s, const json& def) {
  std::vector<json> out;
  auto offer = [&](double v) {
    if (!std::isfinite(v) || !settingInRange(s, v) || json(v) == def) return;
    if (s.type == SettingType::Int) {
      if (v != std::floor(v) || std::fabs(v) > 1e15) return;
      out.push_back(json((long long)v));
    } else {
      out.push_back(json(v));
    }
  };
  switch (s.type) {
    case SettingType::Int:
      for (double v : {s.min, s.max, s.min + 1, s.max - 1}) offer(v);
      break;
    case SettingType::Double:
      for (double v : {s.min, s.max, (s.min + s.max) / 2}) offer(v);
      break;
    case SettingType::Bool:
      out.push_back(!def.get<bool>());
      break;
    case SettingType::String:
      out.push_back("some text");
      break;
    case SettingType::Choice:
      for (auto& c : s.choices)
        if (c != def) out.push_back(c);
      break;
    case SettingType::NumberList:
      out.push_back(json::array({0.5, -1, 2, 3}));
      break;
  }
  return out;
}

TEST(Settings, KeysAreUniqueAndFoundByName) {
  std::set<std::string> seen;
  for (auto& s : settingSpecs()) {
    EXPECT_TRUE(seen.insert(s.key).second) << s.key;
    EXPECT_EQ(&settingSpec(s.key), &s);
    EXPECT_FALSE(s.help.empty()) << s.key;
    if (s.type == SettingType::Choice) EXPECT_FALSE(s.choices.empty()) << s.key;
  }
  const std::string msg = errorOf([] { settingSpec("g.widht"); });
  EXPECT_NE(msg.find("unknown key 'g.widht'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("width"), std::string::npos) << msg;
  EXPECT_NE(errorOf([] { settingSpec("nope"); }).find("known keys: title"), std::string::npos);
}

// Every key of configToJson is declared, and nothing else is: the schema is the whole config.
TEST(Settings, CoverEveryKeyOfTheJson) {
  const json j = configToJson(Config{});
  std::set<std::string> fromJson, fromSpecs;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!it->is_object())
      fromJson.insert(it.key());
    else
      for (auto jt = it->begin(); jt != it->end(); ++jt) fromJson.insert(it.key() + "." + jt.key());
  }
  for (auto& s : settingSpecs()) fromSpecs.insert(s.key);
  EXPECT_EQ(fromJson, fromSpecs);
}

TEST(Settings, DefaultsAreConfigsDefaultsAndValid) {
  const json defaults = configToJson(Config{});
  for (auto& s : settingSpecs()) {
    SCOPED_TRACE(s.key);
    const json& v = at(defaults, s.key);
    switch (s.type) {
      case SettingType::Int:
        EXPECT_EQ(s.defaultText, v.dump());
        break;
      case SettingType::Double:
        EXPECT_NEAR(std::stod(s.defaultText), v.get<double>(), 1e-6 * std::fabs(v.get<double>()));
        break;
      case SettingType::Bool:
        EXPECT_EQ(s.defaultText, v.dump());
        break;
      case SettingType::String:
      case SettingType::Choice:
        EXPECT_EQ(s.defaultText, v.get<std::string>().empty() ? "\"\"" : v.get<std::string>());
        break;
      case SettingType::NumberList:
        EXPECT_EQ(s.defaultText, v.dump());
        break;
    }
    if (isNumeric(s)) EXPECT_TRUE(settingInRange(s, v.get<double>())) << v;
    if (s.type == SettingType::Choice)
      EXPECT_NE(std::find(s.choices.begin(), s.choices.end(), v.get<std::string>()), s.choices.end());
    if (s.sliderMin != 0 || s.sliderMax != 0) {
      EXPECT_LT(s.sliderMin, s.sliderMax);
      EXPECT_TRUE(settingInRange(s, s.sliderMin) && settingInRange(s, s.sliderMax));
    }
    // The printed default is a valid --set value and gives back Config{}.
    json j = json::object();
    applySetting(j, s.key + "=" + s.defaultText);
    EXPECT_EQ(configToJson(configFromJson(j)), defaults);
  }
}

TEST(Settings, EveryKeyRoundTrips) {
  const json defaults = configToJson(Config{});
  for (auto& s : settingSpecs()) {
    SCOPED_TRACE(s.key);
    int accepted = 0;
    for (const json& v : otherValues(s, at(defaults, s.key))) {
      Config c;
      try {
        c = configFromJson(sparse(s.key, v));
      } catch (const ConfigError& e) {
        // A dataset that needs a file or points of its own: the key itself was fine.
        EXPECT_EQ(std::string(e.what()).rfind("data: ", 0), 0u) << v << " -> " << e.what();
        continue;
      }
      json expected = defaults;
      const auto dot = s.key.find('.');
      (dot == std::string::npos ? expected[s.key] : expected[s.key.substr(0, dot)][s.key.substr(dot + 1)]) = v;
      const json written = configToJson(c);
      EXPECT_EQ(written, expected) << v;
      EXPECT_EQ(configToJson(configFromJson(written)), written) << v;
      ++accepted;
    }
    EXPECT_GT(accepted, 0) << "no other value of " << s.key << " was accepted";
  }
}

TEST(Settings, BadValuesAreRejectedNamingTheKey) {
  auto expectRejected = [](const std::string& key, const json& v, const std::string& part) {
    const std::string msg = errorOf([&] { configFromJson(sparse(key, v)); });
    EXPECT_NE(msg.find(key), std::string::npos) << key << " = " << v << " -> '" << msg << "'";
    EXPECT_NE(msg.find(part), std::string::npos) << key << " = " << v << " -> '" << msg << "'";
  };
  for (auto& s : settingSpecs()) {
    SCOPED_TRACE(s.key);
    const std::string range = settingRangeText(s);
    switch (s.type) {
      case SettingType::Int:
        expectRejected(s.key, (long long)s.min - 1, range);
        if (s.max < 1e15) expectRejected(s.key, (long long)s.max + 1, range);
        expectRejected(s.key, s.min + 0.5, "integer");
        expectRejected(s.key, "text", "integer");
        expectRejected(s.key, true, "integer");
        break;
      case SettingType::Double:
        expectRejected(s.key, s.minOpen ? s.min : std::nextafter(s.min, -HUGE_VAL), range);
        expectRejected(s.key, s.maxOpen ? s.max : std::nextafter(s.max, HUGE_VAL), range);
        expectRejected(s.key, std::nan(""), "not a finite number");
        expectRejected(s.key, "text", "number");
        break;
      case SettingType::Choice:
        expectRejected(s.key, "no-such-choice", s.choices.front());
        expectRejected(s.key, 3, "string");
        break;
      case SettingType::String:
        expectRejected(s.key, 3, "string");
        break;
      case SettingType::Bool:
        expectRejected(s.key, "yes", "true or false");
        break;
      case SettingType::NumberList:
        expectRejected(s.key, "text", "array");
        expectRejected(s.key, json::array({0, s.max * 2}), "[1]");
        break;
    }
  }
}

TEST(Settings, ObjectiveParametersComeFromTheObjective) {
  for (auto& name : objectiveNames()) {
    const auto obj = makeObjective(name);
    const auto specs = objectiveSettingSpecs(name);
    ASSERT_EQ(specs.size(), obj->params().size()) << name;
    for (size_t i = 0; i < specs.size(); ++i) {
      const ParamSpec& p = obj->params()[i];
      const SettingSpec& s = specs[i];
      SCOPED_TRACE(name + " " + s.key);
      EXPECT_EQ(s.key, "objective." + p.key);
      if (!p.choices.empty()) {  // a choice (calibrated EBGAN's regulariser): named by its words
        EXPECT_EQ(s.type, SettingType::Choice);
        EXPECT_EQ(s.choices, p.choices);
        EXPECT_EQ(s.defaultText, paramValueText(p, p.value));
        const json j = {{"objective", {{"name", name}, {p.key, p.choices.back()}}}};
        const Config c = configFromJson(j);
        EXPECT_EQ(c.objectiveParams.at(p.key), double(p.choices.size() - 1));
        EXPECT_EQ(configToJson(c)["objective"], j["objective"]);
        for (const json& bad : {json("no-such-word"), json(0)}) {
          const std::string msg = errorOf([&] { configFromJson({{"objective", {{"name", name}, {p.key, bad}}}}); });
          EXPECT_NE(msg.find(s.key), std::string::npos) << msg;
        }
        continue;
      }
      EXPECT_EQ(s.type, p.integer ? SettingType::Int : SettingType::Double);
      EXPECT_EQ(s.min, p.min);
      EXPECT_EQ(s.max, p.max);
      EXPECT_NEAR(std::stod(s.defaultText), p.value, 1e-6 * std::fabs(p.value));
      EXPECT_EQ(s.rebuilds, p.rebuilds);

      const double other = p.value == p.max ? p.min : p.max;
      const json j = {{"objective", {{"name", name}, {p.key, other}}}};
      const Config c = configFromJson(j);
      EXPECT_EQ(c.objectiveParams.at(p.key), other);
      EXPECT_EQ(configToJson(c)["objective"], j["objective"]);
      for (double bad : {p.min - 1, p.max + 1}) {
        const std::string msg = errorOf([&] { configFromJson({{"objective", {{"name", name}, {p.key, bad}}}}); });
        EXPECT_NE(msg.find(s.key), std::string::npos) << msg;
      }
      const std::string msg = errorOf([&] { configFromJson({{"objective", {{"name", name}, {p.key, "x"}}}}); });
      EXPECT_NE(msg.find(s.key), std::string::npos) << msg;
    }
  }
  EXPECT_NE(errorOf([] { objectiveSettingSpecs("no-such"); }).find("no-such"), std::string::npos);
}

TEST(Settings, RangesAsMessagesPrintThem) {
  EXPECT_EQ(settingRangeText(settingSpec("g.depth")), "[0, 8]");
  EXPECT_EQ(settingRangeText(settingSpec("d.lr")), "(0, 1]");
  EXPECT_EQ(settingRangeText(settingSpec("d.beta1")), "[0, 1)");
  EXPECT_EQ(settingRangeText(settingSpec("train.seed")), "[0, 2^64)");
  EXPECT_EQ(settingRangeText(settingSpec("train.d_steps")), "[1, 100]");
  EXPECT_EQ(settingRangeText(settingSpec("title")), "");
  EXPECT_EQ(settingDomainText(settingSpec("latent.dist")), "gaussian, uniform");
}

// What a live change rebuilds (Trainer::applyConfig): shapes, the data's dimension, the objective.
TEST(Settings, RebuildFlagsMarkShapeKeys) {
  for (const char* key : {"g.depth", "g.width", "g.activation", "d.depth", "d.width", "d.activation", "d.code_dim",
                          "latent.dim", "data.name", "objective.name"})
    EXPECT_TRUE(settingSpec(key).rebuilds) << key;
  for (const char* key : {"g.lr", "d.optimizer", "train.batch", "train.d_steps", "latent.dist", "reg.r1_gamma"})
    EXPECT_FALSE(settingSpec(key).rebuilds) << key;
}

// The rebuilds flag is what Trainer::applyConfig does with a live change: a notice for a new
// shape, nothing for a value changed in place. Keys whose effect depends on the value (a new
// dataset, a new objective) are checked with values that do rebuild.
TEST(Settings, RebuildFlagsAgreeWithTheTrainer) {
  const json defaults = configToJson(Config{});
  const auto notice = [](const Config& next) {
    Trainer<float> t{Config{}};
    return t.applyConfig(next);
  };
  for (auto& s : settingSpecs()) {
    if (s.key == "data.name" || s.key == "data.path" || s.key == "objective.name") continue;
    SCOPED_TRACE(s.key);
    for (const json& v : otherValues(s, at(defaults, s.key))) {
      Config next;
      try {
        next = configFromJson(sparse(s.key, v));
      } catch (const ConfigError&) {
        continue;  // needs other keys (a dataset file): covered by EveryKeyRoundTrips
      }
      if (s.key == "g.frozen_to_data") next.data.sampleSize = 16;  // it needs a finite sample
      EXPECT_EQ(!notice(next).empty(), s.rebuilds) << v;
      break;
    }
  }
  EXPECT_FALSE(notice(configFromJson({{"data", {{"name", "gauss1d"}}}})).empty());
  EXPECT_FALSE(notice(configFromJson({{"objective", {{"name", "ebgan"}}}})).empty());
  EXPECT_FALSE(notice(configFromJson({{"objective", {{"name", "mixgan"}}}})).empty());
}

TEST(Settings, TablesListEveryKey) {
  const std::string text = settingsText(), md = settingsMarkdown();
  for (auto& s : settingSpecs()) {
    EXPECT_NE(text.find(s.key + " "), std::string::npos) << s.key;
    EXPECT_NE(md.find("| `" + s.key + "` |"), std::string::npos) << s.key;
  }
  for (auto& name : objectiveNames())
    for (auto& s : objectiveSettingSpecs(name))
      EXPECT_NE(md.find("| `" + name + "` | `" + s.key + "` |"), std::string::npos) << name << " " << s.key;
}

}  // namespace
}  // namespace gs
