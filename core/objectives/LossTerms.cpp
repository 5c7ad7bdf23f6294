// Loss terms shared by several objectives (see LossTerms.h for the formulas and sources).
#include "objectives/LossTerms.h"

#include <algorithm>

namespace gs::loss {

double logisticCritic(const Eigen::VectorXd& r, const Eigen::VectorXd& f, LossGrads& g) {
  const double n = double(r.size()), m = double(f.size());
  double loss = 0;
  for (Eigen::Index i = 0; i < r.size(); ++i) {
    loss += softplus(-r[i]) / n;
    g.dReal[i] = -sigmoid(-r[i]) / n;
  }
  for (Eigen::Index i = 0; i < f.size(); ++i) {
    loss += softplus(f[i]) / m;
    g.dFake[i] = sigmoid(f[i]) / m;
  }
  return loss;
}

void logisticCriticCurvature(const Eigen::VectorXd& r, const Eigen::VectorXd& f, Eigen::VectorXd& d2Real,
                             Eigen::VectorXd& d2Fake) {
  const double n = double(r.size()), m = double(f.size());
  d2Real.resize(r.size());
  d2Fake.resize(f.size());
  for (Eigen::Index i = 0; i < r.size(); ++i) d2Real[i] = sigmoid(r[i]) * sigmoid(-r[i]) / n;
  for (Eigen::Index i = 0; i < f.size(); ++i) d2Fake[i] = sigmoid(f[i]) * sigmoid(-f[i]) / m;
}

double wassersteinCritic(const Eigen::VectorXd& r, const Eigen::VectorXd& f, LossGrads& g) {
  g.dReal.setConstant(-1.0 / double(r.size()));
  g.dFake.setConstant(1.0 / double(f.size()));
  return f.mean() - r.mean();
}

double negativeMeanFake(const Eigen::VectorXd& f, LossGrads& g) {
  g.dFake.setConstant(-1.0 / double(f.size()));
  return -f.mean();
}

double nonSaturatingGenerator(const Eigen::VectorXd& f, LossGrads& g) {
  const double m = double(f.size());
  double loss = 0;
  for (Eigen::Index i = 0; i < f.size(); ++i) {
    loss += softplus(-f[i]) / m;
    g.dFake[i] = -sigmoid(-f[i]) / m;
  }
  return loss;
}

double energyMarginCritic(const Eigen::VectorXd& r, const Eigen::VectorXd& f, double margin, LossGrads& g) {
  const double n = double(r.size()), m = double(f.size());
  double loss = 0;
  for (Eigen::Index i = 0; i < r.size(); ++i) {
    loss += r[i] / n;
    g.dReal[i] = 1.0 / n;
  }
  for (Eigen::Index i = 0; i < f.size(); ++i) {
    const double gap = margin - f[i];
    loss += std::max(gap, 0.0) / m;
    g.dFake[i] = gap > 0 ? -1.0 / m : 0.0;
  }
  return loss;
}

double meanFakeEnergy(const Eigen::VectorXd& f, LossGrads& g) {
  const double m = double(f.size());
  for (Eigen::Index i = 0; i < f.size(); ++i) g.dFake[i] = 1.0 / m;
  return f.mean();
}

}  // namespace gs::loss
