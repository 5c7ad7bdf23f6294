// The optimal discriminator for a fixed generator, estimated from samples on a grid.
//   D*(x) = p_data(x) / (p_data(x) + p_g(x))   (Goodfellow et al. 2014, Proposition 1)
// Both densities are Gaussian KDEs with one shared bandwidth, so their smoothing biases cancel:
// when p_g = p_data the estimate is 1/2 up to sampling noise, also in the tails, where a ratio
// of an exact p to a smoothed q̂ would drift (q̂ has the wider tails).
#pragma once
#include <Eigen/Core>
#include <vector>

#include "data/Distribution.h"

namespace gs {

// Silverman's rule of thumb (Silverman 1986, eq. 3.31 in 1-D; the normal-reference rule
// h = σ (4/(d+2))^(1/(d+4)) n^(-1/(d+4)) in 2-D, σ = root mean per-coordinate variance):
//   1-D: h = 0.9 · min(σ, IQR/1.34) · n^(-1/5)
// never below `floor` (a generator collapsed to a point has no spread to measure).
double silvermanBandwidth(const Eigen::MatrixXd& samples, double floor);

struct OptimalDiscriminatorGrid {
  std::vector<double> values;  // nodes as kdeGrid; NaN where too few samples to say
  double bandwidth = 0;
};

// Smallest kernel-weighted sample count Σ_j exp(-|x - x_j|²/2h²), real and generated
// together, at which D*(x) is shown. Below it D* is a ratio of noise (or of nothing); at it the
// standard error of D* is about 0.05 when p = q. Where only one side has mass D* is a
// confident 0 or 1, which is the point of the picture (a generator off the data), so the two
// counts are pooled rather than each required.
constexpr double kOptimalDiscriminatorMinCount = 60.0;

// D* on the grid of kdeGrid(box, nx, ny). The bandwidth is Silverman's rule on the generated
// batch, floored at 1% of the box's larger side.
// Instance noise (Sønderby et al. 2016): when D only ever sees inputs plus N(0, σ² I), the
// optimal D is the ratio of the blurred densities p_σ = p * N(0, σ²), q_σ = q * N(0, σ²).
// A Gaussian KDE blurred by that noise is the KDE with bandwidth sqrt(h² + σ²), so
// noiseStd > 0 widens both kernels (and `bandwidth` reports the widened one).
OptimalDiscriminatorGrid optimalDiscriminatorGrid(const Eigen::MatrixXd& real, const Eigen::MatrixXd& fake,
                                                  const Box& box, int nx, int ny, double noiseStd = 0);

}  // namespace gs
