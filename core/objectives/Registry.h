// The registry of objectives: adding an objective is one file plus one line in Registry.cpp.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "objectives/Objective.h"

namespace gs {

struct ObjectiveEntry {
  std::string name;
  std::function<std::unique_ptr<Objective>()> make;
};

const std::vector<ObjectiveEntry>& objectiveRegistry();
std::vector<std::string> objectiveNames();
// Throws ConfigError naming the unknown objective and listing the known ones.
std::unique_ptr<Objective> makeObjective(const std::string& name);

}  // namespace gs
