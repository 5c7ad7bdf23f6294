// The exact second-order term of the unrolled GAN (Metz, Poole, Pfau & Sohl-Dickstein 2017,
// §2.2). The k unrolled critic steps θ_D^{i+1} = θ_D^i + u_i(g_i) with
// g_i = ∇_{θ_D} L_D(θ_D^i, θ_G) on one critic batch are recorded on a tape; the reverse
// (adjoint) recursion from Λ_k = ∂L_G/∂θ_D^k through each optimiser update gives the adjoint
// ḡ_i of every g_i, and the generator's gradient gains Σ_i (∂g_i/∂θ_G)^T ḡ_i. Both products
// that needs, H_DD ḡ_i (carried back to θ_D^i) and H_GD ḡ_i, come from one R-operator pass
// (nn/MlpRop.h) at θ_D^i; H_GD ḡ_i = J_G^T R{∂L_D/∂x_fake}, and J_G is the same for every i,
// so the caller back-propagates the summed R{∂L_D/∂x_fake} through G once.
#pragma once
#include <Eigen/Core>
#include <vector>

#include "nn/MlpRop.h"
#include "objectives/Objective.h"
#include "optim/Optimizer.h"
#include "train/LossBatch.h"

namespace gs {

// D's inputs of the unrolled steps as criticLossAndGrad builds them: the real columns [0, n)
// then the fakes, instance noise included (fixed for the batch). realX / fakeX: the samples
// for objectives that read them (nullptr otherwise).
template <class S>
struct UnrollCriticBatch {
  const Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>* x = nullptr;
  Eigen::Index n = 0;
  const Eigen::MatrixXd* realX = nullptr;
  const Eigen::MatrixXd* fakeX = nullptr;
};

template <class S>
class UnrollReverse {
 public:
  using Mat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
  using Vec = Eigen::Matrix<S, Eigen::Dynamic, 1>;

  // A tape for k steps of a scalar MLP critic of this shape (buffers kept across calls).
  void begin(int k, const MlpShape& critic);
  // Before unrolled step i: θ_D^i and the loss gradient g_i the step reads.
  void recordBefore(int i, const Vec& params, const Vec& grads);
  // After it: the optimiser's moments and step count.
  void recordAfter(int i, const Optimizer<S>& opt);

  // The reverse recursion from lambda = ∂L_G/∂θ_D^k for the critic's optimiser settings s.
  // Writes dFake = Σ_i R_{ḡ_i}{∂L_D/∂x_fake}(θ_D^i) (dim x m): back-propagated through G it is
  // the second-order term of the generator's gradient.
  void reverse(Objective& obj, const OptimizerSettings& s, const Vec& lambda, const UnrollCriticBatch<S>& batch,
               Mat& dFake);

  // One exact product at critic parameters p in direction v: Hv = H_DD v = R{∇_{θ_D} L_D}
  // (skipped when Hv is null) and RdX = R{∂L_D/∂x} on every column of the batch. Throws
  // std::logic_error when obj gives no curvature (the trainer refuses that configuration first).
  void criticHvp(Objective& obj, const S* p, const S* v, const UnrollCriticBatch<S>& batch, Vec* Hv, Mat& RdX);

 private:
  int k_ = 0;
  Mat params_, grads_, m_, v_;  // P x k: θ_D^i and g_i before step i, moments after it
  std::vector<long long> t_;    // optimiser step count after step i (Adam's bias correction)
  MlpRop<S> rop_;
  LossBatch loss_;
  LossGrads lossGrads_;
  Eigen::VectorXd d2Real_, d2Fake_;
  Mat dY_, d2Y_, rdx_;
  Vec pBar_, mBar_, vBar_, gBar_, hv_;
};

extern template class UnrollReverse<float>;
extern template class UnrollReverse<double>;

}  // namespace gs
