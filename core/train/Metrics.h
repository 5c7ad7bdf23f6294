// The metrics of a trained state, shared by `ganscope train` (metrics.csv, summary.json)
// and the GUI. NaN marks a metric that does not apply (written as null in JSON).
#pragma once
#include <Eigen/Core>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "data/Distribution.h"
#include "metrics/ModeCoverage.h"
#include "objectives/Objective.h"

namespace gs {

template <class S>
class Trainer;

constexpr double kNotApplicable = std::numeric_limits<double>::quiet_NaN();

struct Metrics {
  double modesCaptured = kNotApplicable, modesTotal = kNotApplicable;
  double highQualityFraction = kNotApplicable, reverseKlModes = kNotApplicable;
  double jsd = kNotApplicable, kl = kNotApplicable, reverseKl = kNotApplicable;
  // W1(p_data, p_g): exact in 1-D; in 2-D the sliced W1 over 64 directions (≤ W1: 2/π·W1 for
  // a shift), named "sw1" there so no table calls it W1.
  double w1 = kNotApplicable, energyDistance = kNotApplicable;
  bool w1Sliced = false;
  const char* w1Name() const { return w1Sliced ? "sw1" : "w1"; }
  double dFlatnessMax = kNotApplicable, dFlatnessStd = kNotApplicable;
  double dStarError = kNotApplicable, energyNllPearson = kNotApplicable;
  // Pearson(energy, the objective's predicted optimal energy) on the real samples (-log p,
  // -2p); NaN for a flat or unknown optimum or without a known density.
  double energyTargetPearson = kNotApplicable;
  EnergyTarget energyTarget = EnergyTarget::Unknown;  // which optimum that was
  ModeCoverage coverage;                              // the whole mode evaluation (bars, rings and the numbers above)

  // (name, value) in a fixed order: the metrics.csv columns and summary.json keys.
  std::vector<std::pair<std::string, double>> named() const;
  nlohmann::json toJson() const;
};

// Fixed evaluation inputs: a real sample set and a latent batch drawn once per data/seed, so
// successive evaluations differ only by training.
struct EvalSet {
  Eigen::MatrixXd real;  // dim x N
  Eigen::MatrixXd z;     // latent x N
  Eigen::VectorXd u;     // mixture component pickers in [0,1)
};

template <class S>
EvalSet makeEvalSet(const Trainer<S>& t, int n, uint64_t seed);

// Computes every metric that applies to the trainer's data and objective. fake receives the
// generated samples used (G applied to set.z).
template <class S>
Metrics evaluateMetrics(Trainer<S>& t, const EvalSet& set, Eigen::MatrixXd& fake);

}  // namespace gs
