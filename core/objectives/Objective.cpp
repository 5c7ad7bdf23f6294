// Shared parts of the objective interface: parameters and stable helpers.
#include "objectives/Objective.h"

#include <cmath>
#include <sstream>
#include <string>

#include "util/Error.h"

namespace gs {

double softplus(double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }

double sigmoid(double x) {
  if (x >= 0) return 1.0 / (1.0 + std::exp(-x));
  const double e = std::exp(x);
  return e / (1.0 + e);
}

std::string paramValueText(const ParamSpec& p, double value) {
  const long long i = std::llround(value);
  if (!p.choices.empty() && i >= 0 && i < (long long)p.choices.size()) return p.choices[size_t(i)];
  std::ostringstream os;
  os << value;
  return os.str();
}

double paramChoiceIndex(const ParamSpec& p, const std::string& word) {
  for (size_t i = 0; i < p.choices.size(); ++i)
    if (p.choices[i] == word) return double(i);
  std::string all;
  for (auto& c : p.choices) all += (all.empty() ? "" : ", ") + c;
  throw ConfigError("objective." + p.key + ": unknown value '" + word + "' (choices: " + all + ")");
}

double Objective::displayValue(double raw) const { return info().output == OutputKind::Logit ? sigmoid(raw) : raw; }

int Objective::declare(ParamSpec spec) {
  params_.push_back(std::move(spec));
  return int(params_.size()) - 1;
}

double Objective::param(const std::string& key) const {
  for (auto& s : params_)
    if (s.key == key) return s.value;
  throw ConfigError("objective '" + info().name + "' has no parameter '" + key + "'");
}

void Objective::setParam(const std::string& key, double value) {
  for (auto& s : params_) {
    if (s.key != key) continue;
    if (!std::isfinite(value) || value < s.min || value > s.max) {
      std::ostringstream os;
      os << "objective." << key << " = " << value << " is out of range [" << s.min << ", " << s.max
         << "] for objective '" << info().name << "'";
      throw ConfigError(os.str());
    }
    s.value = s.integer ? std::round(value) : value;
    onParamChanged(key);
    return;
  }
  std::string all;
  for (auto& s : params_) all += (all.empty() ? "" : ", ") + s.key;
  throw ConfigError("objective '" + info().name + "' has no parameter '" + key + "'" +
                    (all.empty() ? std::string(" (it has none)") : " (it has: " + all + ")"));
}

bool supportsPacking(const Objective& o) {
  const ObjectiveInfo& info = o.info();
  return info.critic == CriticKind::Scalar && info.output != OutputKind::Energy && !o.needsSamples();
}

}  // namespace gs
