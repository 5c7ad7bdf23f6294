// One line per objective.
#include "objectives/Registry.h"

#include "objectives/Objectives.h"
#include "util/Error.h"

namespace gs {

const std::vector<ObjectiveEntry>& objectiveRegistry() {
  static const std::vector<ObjectiveEntry> entries = {
      {"minimax", makeMinimax},
      {"non-saturating", makeNonSaturating},
      {"wgan", makeWgan},
      {"wgan-gp", makeWganGp},
      {"lsgan", makeLeastSquares},
      {"hinge", makeHinge},
      {"loss-sensitive", makeLossSensitive},
      {"ebgan", makeEbgan},
      {"magan", makeMagan},
      {"began", makeBegan},
      {"calibrated-ebgan", makeCalibratedEbgan},
      {"mixgan", makeMixGan},
      {"rasgan", makeRaSgan},
      {"ralsgan", makeRaLsgan},
      {"ebm-cd", makeEbmCd},
      {"ebm-score", makeEbmScore},
  };
  return entries;
}

std::vector<std::string> objectiveNames() {
  std::vector<std::string> names;
  for (auto& e : objectiveRegistry()) names.push_back(e.name);
  return names;
}

std::unique_ptr<Objective> makeObjective(const std::string& name) {
  for (auto& e : objectiveRegistry())
    if (e.name == name) return e.make();
  std::string all;
  for (auto& e : objectiveRegistry()) all += (all.empty() ? "" : ", ") + e.name;
  throw ConfigError("unknown objective '" + name + "' (known: " + all + ")");
}

}  // namespace gs
