// What one iteration reports: losses, D's mean values, gradient norms, the penalty, objective
// internals and mixture weights. Kept apart from the trainer so views and the CLI can read it
// without the networks.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace gs {

struct Diagnostics {
  long long step = 0;  // completed iterations
  double dLoss = 0, gLoss = 0;
  double dReal = 0, dFake = 0;  // mean display value (σ(D) for logits) on real and fake
  double dGradNorm = 0, gGradNorm = 0;
  double penalty = 0;                                 // GP or R1 value (before weighting)
  std::vector<std::pair<std::string, double>> state;  // objective internals (k_t, margin...)
  std::vector<double> mixtureG, mixtureD;             // MIX+GAN weights (empty when T = 1)

  // The first kFixedColumns entries of named() exist for every objective; state and mixture
  // weights follow and depend on the objective.
  static constexpr int kFixedColumns = 8;
  // Every value under its column name: the one list behind metrics.csv, the curves and the
  // verdict ("d_loss", "g_loss", ..., then state keys, then "w_g0", "w_d0", ...).
  std::vector<std::pair<std::string, double>> named() const {
    std::vector<std::pair<std::string, double>> row = {
        {"d_loss", dLoss},          {"g_loss", gLoss},          {"d_real", dReal},    {"d_fake", dFake},
        {"d_grad_norm", dGradNorm}, {"g_grad_norm", gGradNorm}, {"penalty", penalty}, {"d_gap", dReal - dFake}};
    row.insert(row.end(), state.begin(), state.end());
    for (size_t i = 0; i < mixtureG.size(); ++i) row.emplace_back("w_g" + std::to_string(i), mixtureG[i]);
    for (size_t i = 0; i < mixtureD.size(); ++i) row.emplace_back("w_d" + std::to_string(i), mixtureD[i]);
    return row;
  }
};

}  // namespace gs
