// MIX+GAN mixture bookkeeping (Arora et al. 2017, protocols.md B10): softmax weights over T
// generators and T critics from learned logits, the entropy regulariser that keeps them
// spread, and its logit gradient. T = 1 gives the fixed weight 1 of an ordinary GAN.
#pragma once
#include <Eigen/Core>
#include <vector>

#include "optim/Optimizer.h"

namespace gs {

struct Mixture {
  Eigen::VectorXd logitsG, logitsD;  // u; w = softmax(u)
  Eigen::VectorXd gradG, gradD;      // ∂L/∂u of the last generator / critic update
  Optimizer<double> optG, optD;

  int components() const { return int(logitsG.size()); }
  void resetG(int T) { logitsG.setZero(T), optG.reset(); }
  void resetD(int T) { logitsD.setZero(T), optD.reset(); }
  // Both weight vectors (all ones when T = 1).
  void weights(Eigen::VectorXd& wG, Eigen::VectorXd& wD) const;
  std::vector<double> weightsG() const;
  std::vector<double> weightsD() const;

  // ent · Σ_k (-1/T) log(w_k + 1e-6): the regulariser added to either player's loss.
  static double entropyTerm(const Eigen::VectorXd& w);
  // ∂/∂u of Σ_k c_k w_k + the entropy term, w = softmax(u): w_k (g_k - Σ_j w_j g_j) with
  // g = ∂/∂w.
  static Eigen::VectorXd logitGradient(const Eigen::VectorXd& w, const Eigen::VectorXd& cost, double ent);
};

}  // namespace gs
