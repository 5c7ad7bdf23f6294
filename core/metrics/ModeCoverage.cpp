// Mode coverage: nearest-mode assignment, 3-sigma high-quality test, mode-histogram
// reverse KL and JSD to uniform (protocols.md D; PacGAN extensions.py MetricLogger, A2).
#include "metrics/ModeCoverage.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace gs {

ModeCoverage computeModeCoverage(const Eigen::MatrixXd& samples, const std::vector<Mode>& modes, double threshold) {
  ModeCoverage mc;
  const int K = int(modes.size());
  mc.modesTotal = K;
  mc.perModeCounts.assign(K, 0);
  int hq = 0;
  for (const auto& m : modes)
    if (m.centre.size() != samples.rows() || m.stddev.size() != samples.rows())
      throw std::invalid_argument("computeModeCoverage: mode and sample dimensions differ");
  for (Eigen::Index j = 0; j < samples.cols(); ++j) {
    int best = -1;
    double bestD2 = std::numeric_limits<double>::infinity();
    for (int k = 0; k < K; ++k) {
      const double d2 = ((samples.col(j) - modes[k].centre).array() / modes[k].stddev.array()).square().sum();
      if (d2 < bestD2) bestD2 = d2, best = k;
    }
    if (best >= 0 && bestD2 < threshold * threshold) ++mc.perModeCounts[best], ++hq;
  }
  mc.highQualityFraction = samples.cols() ? double(hq) / double(samples.cols()) : 0.0;
  if (hq == 0) {
    mc.reverseKl = std::numeric_limits<double>::quiet_NaN();
    mc.jsd = std::log(2.0);
    return mc;
  }
  // The target is the mixture's own weights w_k (uniform 1/K for equal modes), so a generator
  // that matches a 10/90 mixture scores 0, not log K - H(p):
  // reverseKL = sum_k p_k log(p_k / w_k);  JSD = 1/2 KL(p||m) + 1/2 KL(w||m), m = (p+w)/2.
  double wsum = 0;
  for (const auto& m : modes) wsum += m.weight;
  double rkl = 0, jsd = 0;
  for (int k = 0; k < K; ++k) {
    const double w = wsum > 0 ? modes[k].weight / wsum : 1.0 / K;
    const double p = double(mc.perModeCounts[k]) / hq, m = 0.5 * (p + w);
    if (p > 0) {
      ++mc.modesCaptured;
      rkl += p * std::log(p / w);
      jsd += 0.5 * p * std::log(p / m);
    }
    if (w > 0) jsd += 0.5 * w * std::log(w / m);
  }
  mc.reverseKl = rkl;
  mc.jsd = jsd;
  return mc;
}

}  // namespace gs
