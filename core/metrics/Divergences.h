// KL, reverse KL and JSD between two sample sets, or between samples and a known density,
// on a regular grid over a box (protocols.md D, "Histogram/KDE divergences on a grid").
#pragma once
#include <Eigen/Core>
#include <vector>

#include "data/Distribution.h"

namespace gs {

struct GridDivergence {
  double kl = 0;         // KL(P_real || Q_fake)
  double reverseKl = 0;  // KL(Q_fake || P_real)
  double jsd = 0;        // in [0, log 2]
};

struct DensityDivergence {
  double kl = 0;         // KL(p || q_hat)
  double reverseKl = 0;  // KL(q_hat || p)
  double jsd = 0;
};

// Divergences between two discrete distributions given as non-negative weights of equal
// length (normalised here). Smoothing: each is mixed with 1e-4 of the uniform distribution,
// P <- (1 - 1e-4) P + 1e-4 / B, so empty bins never give infinite KL (KL <= log(B / 1e-4)).
// Natural log.
GridDivergence discreteDivergence(const std::vector<double>& p, const std::vector<double>& q);

// Histograms of both sets on bins (1D, by rows() == 1) or bins x bins (2D) cells over the box,
// plus one "outside the box" bin so that mass leaving the box still counts.
GridDivergence gridHistogramDivergence(const Eigen::MatrixXd& real, const Eigen::MatrixXd& fake, const Box& box,
                                       int bins);

// Fake samples against a known density p on bins (1D) or bins x bins (2D) cells plus an
// "outside" bin. q_hat is the Gaussian KDE of the samples (bandwidth h = max(Scott, half a
// cell)), integrated exactly over each cell; p is integrated over each cell (2 x 2 midpoint
// sub-points per cell in 2D, 4 in 1D) and blurred with the same Gaussian kernel, so that
// samples drawn from p give divergences -> 0 as n grows. Smoothing as discreteDivergence.
// The smoothed divergences are lower bounds on the unsmoothed ones (data processing).
DensityDivergence divergenceAgainstDensity(const Eigen::MatrixXd& fake, const Distribution& p, const Box& box,
                                           int bins);

}  // namespace gs
