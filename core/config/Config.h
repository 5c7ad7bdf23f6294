// The complete, validated description of a run. Presets and --config files are JSON with
// exactly the keys declared in config/Settings.cpp (their types, ranges and help; the defaults
// are the initialisers below); --set addresses any of them by dotted path (objective.lambda=10).
// configToJson() dumps everything back, so a run's summary records what produced it.
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "data/Datasets.h"

namespace gs {

struct NetConfig {
  int depth = 3;  // hidden layers
  int width = 128;
  std::string activation = "relu";
  std::string optimizer = "adam";
  double lr = 1e-4;
  double beta1 = 0.5;  // Adam β1 / SGD momentum
  double beta2 = 0.9;  // Adam β2 / RMSProp α
  int codeDim = 8;     // d only: auto-encoder bottleneck for energy-based objectives
  bool operator==(const NetConfig&) const = default;
};

struct Config {
  std::string title;  // presets: a title and a short teaching note
  std::string note;

  DataParams data;
  int latentDim = 2;
  std::string latentDist = "gaussian";  // gaussian | uniform
  NetConfig g, d;
  // g.frozen_to_data: no generator network at all; the "fakes" are a second finite sample of
  // the data (data.sample_size points, another seed), so D is trained between two samples of
  // one distribution (Arora et al. 2017: their neural-net distance is not zero).
  bool frozenToData = false;

  std::string objective = "non-saturating";
  std::map<std::string, double> objectiveParams;  // objective.<key>; unset keys keep defaults

  int batch = 256;
  int dSteps = 1;
  // train.critic_warmup: the WGAN paper's schedule (martinarjovsky/WassersteinGAN main.py):
  // 100 critic steps for the first 25 generator iterations and every 500th, else dSteps.
  bool criticWarmup = false;
  int gSteps = 1;
  // train.replay: this fraction of every fake batch the discriminator sees is drawn from a
  // bounded buffer of earlier generators' fakes (train.replay_size points, first in first out):
  // "experience replay" of the energy-GAN lecture.
  double replay = 0.0;
  int replaySize = 4096;
  // train.pack (PacGAN, Lin et al. 2018): the discriminator judges packs of this many samples
  // concatenated (real packs, fake packs); 1 = no packing.
  int pack = 1;
  // train.unroll (Metz et al. 2017): the generator's loss is taken against the discriminator
  // after this many unrolled updates (0 = off). train.unroll_second_order adds the gradient
  // through those updates (Hessian-vector products); off = the first-order surrogate.
  int unroll = 0;
  bool unrollSecondOrder = false;  // the first-order surrogate serves every objective
  int divergenceCheckEvery = 1;  // train.check_every: updates between NaN/Inf checks of the weights
  uint64_t seed = 0;

  double r1Gamma = 0.0;        // R1 penalty γ/2·E||∇D(x_real)||² (Mescheder et al. 2018)
  double instanceNoise = 0.0;  // std of Gaussian noise added to D's inputs (Sønderby et al. 2016)

  // Iterations per second the window trains at (0 = as fast as it can). Presets whose story
  // is over in a few seconds at full speed (minimax-1d's slow start) set a teaching pace.
  double speedLimit = 0.0;

  int evalSamples = 2500;  // generated samples for metrics (VEEGAN/PacGAN: 2500)
  int fieldResolution = 96;
};

// Parses and validates a config (strict: unknown keys, wrong types, non-finite or
// out-of-range values throw ConfigError naming the dotted key). Missing keys keep defaults.
Config configFromJson(const nlohmann::json& j);
nlohmann::json configToJson(const Config& c);
// Applies "a.b.c=value" (value parsed as JSON, else as a string); throws ConfigError.
// Setting objective.name to a different objective drops the old objective's parameters.
void applySetting(nlohmann::json& j, const std::string& assignment);
// Loads a JSON file (throws ConfigError naming the file and the parse error).
nlohmann::json loadJsonFile(const std::string& path);

// ---- Presets: assets/presets/<name>.json, found next to the binary (../assets/presets,
// ../../assets/presets) or in the source tree (GANSCOPE_PRESET_DIR). A preset may name a
// "parent" preset whose JSON is merged under it (a different objective.name replaces the
// parent's objective block instead of merging parameters into it).
struct PresetInfo {
  std::string name;  // file name without .json
  std::string title;
  std::string note;
  std::string path;
  std::string error;  // non-empty when the file (or a parent) is malformed
};

// Directories searched for presets, in order (existing ones only).
std::vector<std::string> presetDirectories();
// Every preset, sorted by name (throws ConfigError if one is malformed).
std::vector<PresetInfo> listPresets();
// The preset's JSON with its parents merged in (throws ConfigError naming the preset).
nlohmann::json loadPreset(const std::string& name);
// Merges the chain of "parent" presets under j and removes the "parent" key.
nlohmann::json resolvePresetParents(nlohmann::json j, const std::string& origin);
// The first sentence of a teaching note (for one-line listings).
std::string firstSentence(const std::string& text);

}  // namespace gs
