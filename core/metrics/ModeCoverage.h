// Mode-coverage metrics for mixtures (VEEGAN / PacGAN, protocols.md A1, A2, D).
#pragma once
#include <Eigen/Core>
#include <vector>

#include "data/Distribution.h"

namespace gs {

struct ModeCoverage {
  int modesCaptured = 0;           // modes with at least one high-quality sample
  int modesTotal = 0;              // K
  double highQualityFraction = 0;  // #HQ / n (0 when n = 0)
  double reverseKl = 0;            // KL(p_hat || w); NaN when there is no HQ sample
  double jsd = 0;                  // JSD(p_hat, w); log 2 when there is no HQ sample
  std::vector<int> perModeCounts;  // HQ samples assigned to each mode
};

// Each sample goes to the nearest mode by normalised distance ||(y - mu_k) / sigma_k||
// (per-coordinate sigma) and is high quality (HQ) iff that distance < threshold.
// p_hat = per-mode HQ counts / #HQ; w = the modes' normalised weights (uniform for equal
// modes, where KL(p_hat || w) = log K - H(p_hat) as in VEEGAN/PacGAN). With no HQ sample p_hat is undefined: reverseKl
// is NaN (nothing to plot) and jsd is log 2, the JSD upper bound ("as far as possible").
ModeCoverage computeModeCoverage(const Eigen::MatrixXd& samples, const std::vector<Mode>& modes,
                                 double threshold = 3.0);

}  // namespace gs
