// Gradient penalty, R1 and instance noise (see Penalties.h).
#include "train/Penalties.h"

namespace gs {

template <class S>
void interpolates(const Eigen::Matrix<S, -1, -1>& real, const Eigen::Matrix<S, -1, -1>& fake,
                  const Eigen::Matrix<S, -1, -1>& alpha, Eigen::Matrix<S, -1, -1>& out) {
  const Eigen::Index n = real.cols(), m = fake.cols();
  out.resize(real.rows(), n);
  for (Eigen::Index k = 0; k < n; ++k) out.col(k) = alpha(0, k) * real.col(k) + (S(1) - alpha(0, k)) * fake.col(k % m);
}

template <class S>
double addPenaltyGradient(Backend<S>& backend, Critic<S>& critic, const Eigen::Matrix<S, -1, -1>& points,
                          const Penalty& pen, double scale, PenaltyWork<S>& w) {
  backend.forward(critic, points);
  backend.inputGradient(critic, w.U);
  const Eigen::Index n = w.U.cols();
  w.dU.resize(w.U.rows(), n);
  double value = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double norm = double(w.U.col(i).norm());
    if (pen.type == PenaltyType::GradientPenalty) {
      // λ·mean((||u|| - 1)²): d/du = 2λ(||u|| - 1) u / ||u|| / n
      value += (norm - 1) * (norm - 1) / double(n);
      const double k = norm > 0 ? 2.0 * pen.weight * (norm - 1) / norm / double(n) : 0.0;
      w.dU.col(i) = S(k * scale) * w.U.col(i);
    } else {
      // γ/2·mean(||u||²): d/du = γ u / n
      value += norm * norm / double(n);
      w.dU.col(i) = S(pen.weight / double(n) * scale) * w.U.col(i);
    }
  }
  backend.inputGradientBackward(critic, w.dU);
  return value;
}

template <class S>
void sampleInstanceNoise(Backend<S>& backend, Rng& rng, Eigen::Matrix<S, -1, -1>& noise, int dim, int cols,
                         double sigma) {
  if (sigma <= 0) {
    noise.resize(dim, 0);
    return;
  }
  backend.sampleNormal(rng, noise, dim, cols, sigma);
}

#define GS_PENALTIES(S)                                                                                           \
  template void interpolates<S>(const Eigen::Matrix<S, -1, -1>&, const Eigen::Matrix<S, -1, -1>&,                 \
                                const Eigen::Matrix<S, -1, -1>&, Eigen::Matrix<S, -1, -1>&);                      \
  template double addPenaltyGradient<S>(Backend<S>&, Critic<S>&, const Eigen::Matrix<S, -1, -1>&, const Penalty&, \
                                        double, PenaltyWork<S>&);                                                 \
  template void sampleInstanceNoise<S>(Backend<S>&, Rng&, Eigen::Matrix<S, -1, -1>&, int, int, double);
GS_PENALTIES(float)
GS_PENALTIES(double)
#undef GS_PENALTIES

}  // namespace gs
