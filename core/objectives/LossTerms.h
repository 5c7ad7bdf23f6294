// Loss terms shared by several objectives, on raw critic outputs, in double. Each writes the
// gradient of its (mean) loss into every entry of the vectors it owns and returns the loss.
#pragma once
#include <Eigen/Core>

#include "objectives/Objective.h"

namespace gs::loss {

// Logistic D loss of the original GAN (protocols.md B1):
//   mean softplus(-D(x)) + mean softplus(D(G(z)))  = -E log σ(D(x)) - E log(1 - σ(D(G(z)))).
double logisticCritic(const Eigen::VectorXd& real, const Eigen::VectorXd& fake, LossGrads& g);
// Its diagonal second derivatives: σ(r)σ(-r)/n on the real outputs, σ(f)σ(-f)/m on the fakes.
void logisticCriticCurvature(const Eigen::VectorXd& real, const Eigen::VectorXd& fake, Eigen::VectorXd& d2Real,
                             Eigen::VectorXd& d2Fake);

// Non-saturating G loss (protocols.md B1): mean softplus(-D(G(z))) = -E log σ(D(G(z))).
double nonSaturatingGenerator(const Eigen::VectorXd& fake, LossGrads& g);

// Wasserstein critic loss (Arjovsky et al. 2017; protocols.md B2): mean D(G(z)) - mean D(x).
double wassersteinCritic(const Eigen::VectorXd& real, const Eigen::VectorXd& fake, LossGrads& g);

// Generator loss of WGAN, WGAN-GP and hinge (protocols.md B2, B11): -mean D(G(z)).
double negativeMeanFake(const Eigen::VectorXd& fake, LossGrads& g);

// Energy hinge of EBGAN and MAGAN (protocols.md B6, B7): mean E(x) + mean [m - E(G(z))]⁺.
// At the kink E(G(z)) = m the subgradient 0 is used.
double energyMarginCritic(const Eigen::VectorXd& real, const Eigen::VectorXd& fake, double margin, LossGrads& g);

// Mean of the energies with gradient 1/m written into dFake (EBGAN, MAGAN, BEGAN G loss).
double meanFakeEnergy(const Eigen::VectorXd& fake, LossGrads& g);

// Relativistic-average form (Jolicoeur-Martineau 2018; protocols.md B12):
//   ½ mean_i φ(r_i - mean f) + ½ mean_j ψ(f_j - mean r),
// φ and ψ return {value, derivative}. Writes dReal and dFake.
template <class Phi, class Psi>
double relativisticAverage(const Eigen::VectorXd& r, const Eigen::VectorXd& f, Phi phi, Psi psi, LossGrads& g) {
  const double n = double(r.size()), m = double(f.size());
  const double meanR = r.mean(), meanF = f.mean();
  double loss = 0, sumPhi = 0, sumPsi = 0;
  for (Eigen::Index i = 0; i < r.size(); ++i) {
    const auto [v, dv] = phi(r[i] - meanF);
    loss += 0.5 * v / n;
    g.dReal[i] = 0.5 * dv / n;
    sumPhi += dv;
  }
  for (Eigen::Index j = 0; j < f.size(); ++j) {
    const auto [v, dv] = psi(f[j] - meanR);
    loss += 0.5 * v / m;
    g.dFake[j] = 0.5 * dv / m;
    sumPsi += dv;
  }
  // Each r_i also enters every ψ term through mean r, each f_j every φ term through mean f.
  g.dReal.array() -= 0.5 * sumPsi / (m * n);
  g.dFake.array() -= 0.5 * sumPhi / (n * m);
  return loss;
}

}  // namespace gs::loss
