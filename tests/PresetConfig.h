// A preset's config for tests that train it a few quick steps: optionally another critic
// activation, 256 evaluation samples, batch 64 (weights that are not the initial ones, quickly).
#pragma once
#include <string>

#include "config/Config.h"

namespace gs {

inline Config quickPresetConfig(const std::string& preset, const std::string& activation = "") {
  Config c = configFromJson(loadPreset(preset));
  if (!activation.empty()) c.d.activation = activation;
  c.evalSamples = 256;
  c.batch = 64;
  return c;
}

}  // namespace gs
