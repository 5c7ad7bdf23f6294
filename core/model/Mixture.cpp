// Mixture weights and their regulariser (see Mixture.h).
#include "model/Mixture.h"

#include <cmath>

namespace gs {

namespace {

Eigen::VectorXd softmax(const Eigen::VectorXd& u) {
  Eigen::VectorXd w = (u.array() - u.maxCoeff()).exp();
  return w / w.sum();
}

std::vector<double> toVector(const Eigen::VectorXd& w) { return std::vector<double>(w.data(), w.data() + w.size()); }

}  // namespace

void Mixture::weights(Eigen::VectorXd& wG, Eigen::VectorXd& wD) const {
  if (components() > 1) {
    wG = softmax(logitsG);
    wD = softmax(logitsD);
  } else {
    wG.setOnes(1);
    wD.setOnes(1);
  }
}

std::vector<double> Mixture::weightsG() const { return toVector(softmax(logitsG)); }
std::vector<double> Mixture::weightsD() const { return toVector(softmax(logitsD)); }

double Mixture::entropyTerm(const Eigen::VectorXd& w) {
  double e = 0;
  for (Eigen::Index k = 0; k < w.size(); ++k) e += (-1.0 / double(w.size())) * std::log(w[k] + 1e-6);
  return e;
}

Eigen::VectorXd Mixture::logitGradient(const Eigen::VectorXd& w, const Eigen::VectorXd& cost, double ent) {
  const double T = double(w.size());
  Eigen::VectorXd g = cost;
  for (Eigen::Index k = 0; k < w.size(); ++k) g[k] += ent * (-1.0 / T) / (w[k] + 1e-6);
  const double mean = w.dot(g);
  return w.array() * (g.array() - mean);
}

}  // namespace gs
