// Exact Hyvärinen score matching for the scalar critic read as an energy: p(x) ∝ exp(−E(x)),
// score s(x) = −∇_x E(x). Hyvärinen (2005), eq. (4) after integration by parts: per sample,
//   J(x) = ½‖∇_x E(x)‖² − Δ_x E(x)      (Δ = Σ_i ∂²/∂x_i², constant term dropped),
// which equals the Fisher divergence ½ E_p‖s_θ − s_p‖² up to a θ-independent constant.
//
// Both derivatives are exact (no denoising, no slicing): a forward-mode pass carries each unit's
// value, its input gradient and its diagonal second input derivatives through the MLP, and a
// hand-written reverse pass of that computation gives ∂J/∂θ (it needs σ''', activateDeriv3).
#pragma once
#include <Eigen/Core>
#include <string>
#include <vector>

#include "nn/Critic.h"

namespace gs {

// Buffers of one loss evaluation, reused across calls: after the first call with a given
// batch width and network shape, hyvarinenLossAndGrad allocates nothing. Contents are
// internal to ScoreMatching.cpp. Every block matrix stacks, side by side, n columns of values,
// then d blocks of n columns of ∂/∂x_i, then d blocks of n columns of ∂²/∂x_i² (d = input dim).
template <class S>
struct ScoreMatchingWork {
  using Mat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
  Mat X;                       // input jet: [x | e_1 … e_d | 0 … 0]   (d x n(1+2d))
  std::vector<Mat> Z;          // pre-activation jet of every layer    (m x n(1+2d))
  std::vector<Mat> A;          // post-activation jet of every hidden layer
  std::vector<Mat> D1, D2, D3;  // σ', σ'', σ''' at the pre-activations (m x n)
  Mat Zbar, Abar, topBar;      // adjoints of the reverse pass
};

// True when the critic's energy can be trained by exact score matching. Refuses the
// auto-encoder critic and activations whose second derivative vanishes almost everywhere
// (identity, relu, leaky_relu); *why (when given) then says which and why.
bool scoreMatchingSupports(const CriticShape& shape, std::string* why);
template <class S>
bool scoreMatchingSupports(const Critic<S>& critic, std::string* why) {
  return scoreMatchingSupports(critic.shape(), why);
}

// Mean over the n columns of x (d x n) of J(x). Adds scale·∂J/∂θ to critic.grads() (does not
// zero them). The critic must be scalar (CriticKind::Scalar); any activation is computed
// exactly, scoreMatchingSupports says which ones make sense to train.
template <class S>
double hyvarinenLossAndGrad(Critic<S>& critic, const Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>& x,
                            double scale, ScoreMatchingWork<S>& work);

// ∇_x E (d x n) and Δ_x E (n) at the columns of x, from the same forward-mode pass (for tests
// and views; allocates its own buffers).
template <class S>
void energyInputDerivatives(const Critic<S>& critic, const Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>& x,
                            Eigen::MatrixXd& grad, Eigen::VectorXd& laplacian);

extern template double hyvarinenLossAndGrad(Critic<float>&, const Eigen::MatrixXf&, double,
                                            ScoreMatchingWork<float>&);
extern template double hyvarinenLossAndGrad(Critic<double>&, const Eigen::MatrixXd&, double,
                                            ScoreMatchingWork<double>&);
extern template void energyInputDerivatives(const Critic<float>&, const Eigen::MatrixXf&, Eigen::MatrixXd&,
                                            Eigen::VectorXd&);
extern template void energyInputDerivatives(const Critic<double>&, const Eigen::MatrixXd&, Eigen::MatrixXd&,
                                            Eigen::VectorXd&);

}  // namespace gs
