// A run small enough for tests to train in milliseconds: two hidden layers of `width`, batch 64,
// a 32x32 field grid and 256 generated samples for metrics (1-D data get a 1-D latent).
#pragma once
#include <string>

#include "config/Config.h"

namespace gs {

inline Config smallConfig(const std::string& data = "ring8", const std::string& objective = "non-saturating",
                          int width = 16) {
  Config c;
  c.data.name = data;
  c.objective = objective;
  c.g.width = c.d.width = width;
  c.g.depth = c.d.depth = 2;
  c.batch = 64;
  c.fieldResolution = 32;
  c.evalSamples = 256;
  return c;
}

}  // namespace gs
