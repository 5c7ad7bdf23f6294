// Wasserstein-1 distances between sample sets: exact in 1D, sliced in 2D (protocols.md D).
#pragma once
#include <Eigen/Core>
#include <vector>

#include "util/Rng.h"

namespace gs {

// W1 between the empirical laws of two sorted samples: integral over t in (0,1) of
// |F_a^-1(t) - F_b^-1(t)| with the step quantile functions; for equal n this is
// (1/n) sum_i |a_(i) - b_(i)|. Exact for any sizes.
double wasserstein1Sorted(const std::vector<double>& a, const std::vector<double>& b);

// Exact W1 of two 1D sample sets (1 x n and 1 x m), any n, m >= 1.
double wasserstein1Exact1d(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b);

// SW1 = E_theta W1(theta^T # A, theta^T # B) over unit directions theta, estimated with
// `directions` projections: in 2D stratified angles theta_k = pi (k + u) / L with one random
// u (W1 is symmetric in theta -> -theta, so half a turn suffices); in higher dimensions
// random Gaussian directions; in 1D the exact W1 (no randomness). Any n, m >= 1.
double slicedWasserstein1(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, int directions, Rng& rng);

}  // namespace gs
