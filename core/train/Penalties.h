// Critic regularisers around the loss: the gradient penalty of WGAN-GP at interpolates of
// real and fake (Gulrajani et al. 2017), R1 on (noisy) real samples (Mescheder et al. 2018),
// instance noise on D's inputs and WGAN's weight clipping (applied by Backend::step).
#pragma once
#include <Eigen/Core>

#include "backend/Backend.h"
#include "objectives/Objective.h"

namespace gs {

template <class S>
struct PenaltyWork {
  using Mat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
  Mat points, U, dU;  // reused between steps
};

// x̂_k = α_k real_k + (1 - α_k) fake_{k mod m} (dim x n).
template <class S>
void interpolates(const Eigen::Matrix<S, -1, -1>& real, const Eigen::Matrix<S, -1, -1>& fake,
                  const Eigen::Matrix<S, -1, -1>& alpha, Eigen::Matrix<S, -1, -1>& out);

// Adds scale · ∂P/∂θ to the critic's gradients and returns the unweighted mean term at
// `points`: GP: mean((||∇_x D|| - 1)²), P = λ·that; R1: mean(||∇_x D||²), P = γ/2·that.
template <class S>
double addPenaltyGradient(Backend<S>& backend, Critic<S>& critic, const Eigen::Matrix<S, -1, -1>& points,
                          const Penalty& pen, double scale, PenaltyWork<S>& work);

// Instance noise: N(0, σ²) per coordinate, or an empty (dim x 0) matrix when σ = 0.
template <class S>
void sampleInstanceNoise(Backend<S>& backend, Rng& rng, Eigen::Matrix<S, -1, -1>& noise, int dim, int cols,
                         double sigma);

}  // namespace gs
