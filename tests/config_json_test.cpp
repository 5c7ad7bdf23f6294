// Config <-> JSON: round trip, strictness (every error names its key), --set, presets.
#include <gtest/gtest.h>

#include "ConfigErrorOf.h"
#include "TestFiles.h"

#include <filesystem>
#include <fstream>
#include <set>

#include "config/Config.h"
#include "util/Error.h"

namespace gs {
namespace {

using json = nlohmann::json;


std::string parseError(const json& j) {
  return errorOf([&] { configFromJson(j); });
}

TEST(ConfigJson, DefaultsRoundTrip) {
  const json j = configToJson(Config{});
  EXPECT_EQ(configToJson(configFromJson(j)), j);
  EXPECT_EQ(configToJson(configFromJson(json::object())), j);
}

TEST(ConfigJson, RoundTripKeepsEveryField) {
  Config c;
  c.title = "t";
  c.note = "n.";
  c.data.name = "grid25";
  c.data.scale = 1.5;
  c.data.stddev = 0.1;
  c.latentDim = 3;
  c.latentDist = "uniform";
  c.g = {2, 64, "tanh", "rmsprop", 5e-5, 0.0, 0.99, 8};
  c.d = {4, 256, "leaky_relu", "sgd", 0.01, 0.9, 0.5, 3};
  c.objective = "wgan-gp";
  c.objectiveParams["lambda"] = 10;
  c.batch = 64;
  c.dSteps = 5;
  c.gSteps = 2;
  c.seed = 12345678901ull;
  c.r1Gamma = 0.5;
  c.instanceNoise = 0.1;
  c.evalSamples = 1000;
  c.fieldResolution = 64;
  const json j = configToJson(c);
  const Config back = configFromJson(j);
  EXPECT_EQ(configToJson(back), j);
  EXPECT_EQ(back.g, c.g);
  EXPECT_EQ(back.d, c.d);
  EXPECT_EQ(back.seed, c.seed);
  EXPECT_EQ(back.objectiveParams, c.objectiveParams);
  EXPECT_EQ(j["eval"]["grid"], 64);
  EXPECT_EQ(j["d"]["code_dim"], 3);
  EXPECT_FALSE(j["g"].contains("code_dim"));
}

TEST(ConfigJson, IntegralFloatsAreIntegers) {
  EXPECT_EQ(configFromJson(json::parse(R"({"train": {"batch": 128.0}})")).batch, 128);
}

struct BadCase {
  const char* json;
  std::vector<const char*> mustContain;
};

TEST(ConfigJson, EveryErrorNamesTheKey) {
  const std::vector<BadCase> cases = {
      {R"({"titel": "x"})", {"unknown key 'titel'"}},
      {R"({"g": {"widht": 3}})", {"unknown key 'g.widht'", "width"}},
      {R"({"d": {"code_dimm": 3}})", {"unknown key 'd.code_dimm'"}},
      {R"({"g": {"code_dim": 3}})", {"unknown key 'g.code_dim'"}},
      {R"({"data": {"nam": "ring8"}})", {"unknown key 'data.nam'"}},
      {R"({"train": {"batchsize": 3}})", {"unknown key 'train.batchsize'"}},
      {R"({"reg": {"r2_gamma": 3}})", {"unknown key 'reg.r2_gamma'"}},
      {R"({"eval": {"grids": 3}})", {"unknown key 'eval.grids'"}},
      {R"({"latent": {"dims": 3}})", {"unknown key 'latent.dims'"}},
      {R"({"g": 3})", {"'g'", "object"}},
      {R"({"g": {"width": "wide"}})", {"g.width", "integer", "string"}},
      {R"({"g": {"width": 1.5}})", {"g.width", "integer"}},
      {R"({"g": {"lr": "fast"}})", {"g.lr", "number"}},
      {R"({"g": {"activation": 1}})", {"g.activation", "string"}},
      {R"({"g": {"activation": "swish"}})", {"g.activation", "swish"}},
      {R"({"d": {"optimizer": "lbfgs"}})", {"d.optimizer", "lbfgs"}},
      {R"({"title": 3})", {"title", "string"}},
      {R"({"g": {"depth": 9}})", {"g.depth", "9", "[0, 8]"}},
      {R"({"g": {"width": 0}})", {"g.width", "0", "[1, 1024]"}},
      {R"({"d": {"width": 1025}})", {"d.width", "1025"}},
      {R"({"g": {"lr": 0}})", {"g.lr", "0", "(0, 1]"}},
      {R"({"d": {"lr": 1.5}})", {"d.lr", "1.5"}},
      {R"({"g": {"beta1": 1}})", {"g.beta1", "[0, 1)"}},
      {R"({"d": {"beta2": -0.1}})", {"d.beta2", "-0.1"}},
      {R"({"d": {"code_dim": 0}})", {"d.code_dim", "0"}},
      {R"({"latent": {"dim": 65}})", {"latent.dim", "65"}},
      {R"({"latent": {"dist": "cauchy"}})", {"latent.dist", "cauchy"}},
      {R"({"train": {"batch": 1}})", {"train.batch", "[2, 8192]"}},
      {R"({"train": {"d_steps": 0}})", {"train.d_steps", "[1, 100]"}},
      {R"({"train": {"g_steps": 101}})", {"train.g_steps", "101"}},
      {R"({"train": {"seed": -1}})", {"train.seed", "-1"}},
      {R"({"train": {"seed": 0.5}})", {"train.seed", "integer"}},
      {R"({"reg": {"r1_gamma": -1}})", {"reg.r1_gamma", "-1"}},
      {R"({"reg": {"instance_noise": -0.5}})", {"reg.instance_noise", "-0.5"}},
      {R"({"eval": {"samples": 10}})", {"eval.samples", "10", "[16, 100000]"}},
      {R"({"eval": {"grid": 4}})", {"eval.grid", "4", "[8, 512]"}},
      {R"({"data": {"name": "ringg"}})", {"data.name", "ringg"}},
      {R"({"data": {"scale": 0}})", {"data.scale", "0"}},
      {R"({"data": {"points": [1, "a"]}})", {"data.points[1]", "number"}},
      {R"({"data": {"name": "csv", "path": "/no/such/file.csv"}})", {"/no/such/file.csv"}},
      {R"({"objective": {"name": "wgan-gpp"}})", {"objective.name", "wgan-gpp"}},
      {R"({"objective": {"name": "wgan-gp", "lamda": 1}})", {"unknown key 'objective.lamda'", "lambda"}},
      {R"({"objective": {"name": "wgan-gp", "lambda": -1}})", {"objective.lambda", "-1"}},
      {R"({"objective": {"name": "wgan-gp", "lambda": "big"}})", {"objective.lambda", "number"}},
      {R"({"objective": {"name": 3}})", {"objective.name", "string"}},
      {R"([1, 2])", {"config", "object"}},
  };
  for (auto& c : cases) {
    const std::string msg = parseError(json::parse(c.json));
    ASSERT_FALSE(msg.empty()) << "accepted: " << c.json;
    for (const char* part : c.mustContain) EXPECT_NE(msg.find(part), std::string::npos) << c.json << " -> " << msg;
  }
}

TEST(ConfigJson, NonFiniteValuesAreRejectedByName) {
  json j = json::object();
  j["g"]["lr"] = std::nan("");
  EXPECT_NE(parseError(j).find("g.lr = nan"), std::string::npos) << parseError(j);
  j = json::object();
  j["reg"]["r1_gamma"] = HUGE_VAL;
  EXPECT_NE(parseError(j).find("reg.r1_gamma = inf"), std::string::npos) << parseError(j);
}

TEST(ApplySetting, ParsesJsonElsePlainString) {
  json j = configToJson(Config{});
  applySetting(j, "g.lr=2e-4");
  applySetting(j, "data.name=grid25");
  applySetting(j, "train.batch=64");
  applySetting(j, "title=\"quoted\"");
  applySetting(j, "data.points=[0.5, 1]");
  const Config c = configFromJson(j);
  EXPECT_DOUBLE_EQ(c.g.lr, 2e-4);
  EXPECT_EQ(c.data.name, "grid25");
  EXPECT_EQ(c.batch, 64);
  EXPECT_EQ(c.title, "quoted");
  EXPECT_EQ(c.data.points, (std::vector<double>{0.5, 1}));
}

TEST(ApplySetting, WorksOnASparseConfig) {
  json j = json::object();
  applySetting(j, "objective.name=wgan-gp");
  applySetting(j, "objective.lambda=10");
  const Config c = configFromJson(j);
  EXPECT_EQ(c.objective, "wgan-gp");
  EXPECT_EQ(c.objectiveParams.at("lambda"), 10);
}

TEST(ApplySetting, UnknownPathsAndMalformedAssignmentsNameTheKey) {
  json j = configToJson(Config{});
  EXPECT_NE(errorOf([&] { applySetting(j, "g.widht=3"); }).find("unknown key 'g.widht'"), std::string::npos);
  EXPECT_NE(errorOf([&] { applySetting(j, "foo=3"); }).find("unknown key 'foo'"), std::string::npos);
  EXPECT_NE(errorOf([&] { applySetting(j, "g.lr"); }).find("g.lr"), std::string::npos);
  EXPECT_NE(errorOf([&] { applySetting(j, "=3"); }).find("key=value"), std::string::npos);
  EXPECT_NE(errorOf([&] { applySetting(j, "g=3"); }).find("'g'"), std::string::npos);
  EXPECT_NE(errorOf([&] { applySetting(j, "g..lr=3"); }).find("g..lr"), std::string::npos);
}

TEST(ApplySetting, NanAndInfinityReachTheRangeCheck) {
  json j = configToJson(Config{});
  applySetting(j, "g.lr=nan");
  EXPECT_NE(parseError(j).find("g.lr = nan"), std::string::npos) << parseError(j);
  j = configToJson(Config{});
  applySetting(j, "d.beta1=-inf");
  EXPECT_NE(parseError(j).find("d.beta1 = -inf"), std::string::npos) << parseError(j);
}

TEST(ApplySetting, ObjectiveParamsAreCheckedByTheObjective) {
  json j = configToJson(Config{});
  applySetting(j, "objective.lamda=1");                                 // any objective.<key> is accepted here...
  EXPECT_NE(parseError(j).find("objective.lamda"), std::string::npos);  // ...and named at parse time
}

TEST(ApplySetting, ChangingTheObjectiveDropsTheOldParameters) {
  json j = configToJson(Config{});
  applySetting(j, "objective.name=wgan-gp");
  applySetting(j, "objective.lambda=1");
  applySetting(j, "objective.name=hinge");
  EXPECT_EQ(j["objective"], json({{"name", "hinge"}}));
  EXPECT_EQ(configFromJson(j).objective, "hinge");
}

TEST(LoadJsonFile, NamesTheFileAndTheProblem) {
  namespace fs = std::filesystem;
  const fs::path dir = gs::test::scratchDir();
  const std::string bad = (dir / "bad.json").string();
  std::ofstream(bad) << "{\n  \"g\": {\"width\": 3,}\n}\n";
  const std::string msg = errorOf([&] { loadJsonFile(bad); });
  EXPECT_NE(msg.find(bad), std::string::npos) << msg;
  EXPECT_NE(msg.find("line 2"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("json.exception"), std::string::npos) << msg;

  const std::string missing = (dir / "missing.json").string();
  EXPECT_NE(errorOf([&] { loadJsonFile(missing); }).find(missing), std::string::npos);
  EXPECT_NE(errorOf([&] { loadJsonFile(dir.string()); }).find("directory"), std::string::npos);

  const std::string commented = (dir / "commented.json").string();
  std::ofstream(commented) << "{ // a teaching note\n \"train\": {\"batch\": 32} }\n";
  EXPECT_EQ(configFromJson(loadJsonFile(commented)).batch, 32);
}

// The presets are whatever JSON files the folder holds; listPresets must find every one.
std::set<std::string> presetFilesInTheFolder() {
  std::set<std::string> names;
  for (auto& entry : std::filesystem::directory_iterator(GANSCOPE_PRESET_DIR))
    if (entry.path().extension() == ".json") names.insert(entry.path().stem().string());
  return names;
}

TEST(Presets, EveryFileInTheFolderLoadsAndValidates) {
  const auto presets = listPresets();
  std::set<std::string> listed;
  for (auto& p : presets) listed.insert(p.name);
  EXPECT_EQ(listed, presetFilesInTheFolder());
  ASSERT_FALSE(presets.empty());
  for (auto& p : presets) {
    EXPECT_TRUE(p.error.empty()) << p.name << ": " << p.error;
    EXPECT_FALSE(p.title.empty()) << p.name;
    EXPECT_FALSE(p.note.empty()) << p.name;
    EXPECT_NO_THROW(configFromJson(loadPreset(p.name))) << p.name;
  }
}

TEST(Presets, ParentIsMergedUnderTheChild) {
  const Config child = configFromJson(loadPreset("swissroll-wgan-gp"));
  const Config parent = configFromJson(loadPreset("wgan-gp-ring8"));
  EXPECT_EQ(child.data.name, "swissroll");
  EXPECT_EQ(child.objective, parent.objective);
  EXPECT_EQ(child.dSteps, parent.dSteps);
  EXPECT_EQ(child.g, parent.g);
  EXPECT_NE(child.title, parent.title);
}

TEST(Presets, ADifferentObjectiveReplacesTheParentsParameters) {
  json j = {{"parent", "wgan-gp-ring8"}, {"objective", {{"name", "hinge"}}}};
  const json merged = resolvePresetParents(j, "test");
  EXPECT_EQ(merged["objective"], json({{"name", "hinge"}}));
  EXPECT_FALSE(merged.contains("parent"));
  EXPECT_NO_THROW(configFromJson(merged));
}

TEST(Presets, UnknownPresetListsTheKnownOnes) {
  const std::string msg = errorOf([] { loadPreset("no-such-preset"); });
  EXPECT_NE(msg.find("no-such-preset"), std::string::npos);
  EXPECT_NE(msg.find("wgan-gp-ring8"), std::string::npos);
  EXPECT_NE(errorOf([] { loadPreset("../etc/passwd"); }).find("unknown preset"), std::string::npos);
  EXPECT_NE(errorOf([] { resolvePresetParents({{"parent", "nope"}}, "x.json"); }).find("nope"), std::string::npos);
}

TEST(FirstSentence, StopsAtTheFirstFullStop) {
  EXPECT_EQ(firstSentence("D flattens to 1/2. Watch it."), "D flattens to 1/2.");
  EXPECT_EQ(firstSentence("Clip to [-0.01, 0.01] with 5e-5. More."), "Clip to [-0.01, 0.01] with 5e-5.");
  EXPECT_EQ(firstSentence("no full stop"), "no full stop");
}

}  // namespace
}  // namespace gs
