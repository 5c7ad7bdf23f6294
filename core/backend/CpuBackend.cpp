// CPU reference backend (see CpuBackend.h) and the backend factory.
#include "backend/CpuBackend.h"

namespace gs {

template <class S>
double CpuBackend<S>::step(Optimizer<S>& opt, Mlp<S>& g) {
  Eigen::Map<Vec> p(g.params(), g.numParams());
  Eigen::Map<Vec> gr(g.grads(), g.numParams());
  const double norm2 = double(gr.squaredNorm());
  opt.step(p, gr);
  return norm2;
}

template <class S>
double CpuBackend<S>::step(Optimizer<S>& opt, Critic<S>& d, double clip) {
  const double norm2 = double(d.grads().squaredNorm());
  opt.step(d.params(), d.grads());
  clamp(d, clip);
  return norm2;
}

template <class S>
void CpuBackend<S>::clamp(Critic<S>& d, double clip) {
  if (clip > 0) d.params() = d.params().cwiseMax(S(-clip)).cwiseMin(S(clip));
}

template <class S>
bool CpuBackend<S>::allFinite(const Mlp<S>& g) {
  return Eigen::Map<const Vec>(g.params(), g.numParams()).allFinite();
}

template <class S>
void CpuBackend<S>::sampleLatent(Rng& rng, Mat& z, int rows, int cols, bool uniform) {
  z.resize(rows, cols);
  for (int j = 0; j < cols; ++j)
    for (int i = 0; i < rows; ++i) z(i, j) = S(uniform ? rng.uniform(-1.0, 1.0) : rng.normal());
}

template <class S>
void CpuBackend<S>::sampleNormal(Rng& rng, Mat& m, int rows, int cols, double sigma) {
  m.resize(rows, cols);
  for (int j = 0; j < cols; ++j)
    for (int i = 0; i < rows; ++i) m(i, j) = S(sigma * rng.normal());
}

template <class S>
void CpuBackend<S>::sampleUniform(Rng& rng, Mat& m, int rows, int cols) {
  m.resize(rows, cols);
  for (int j = 0; j < cols; ++j)
    for (int i = 0; i < rows; ++i) m(i, j) = S(rng.uniform());
}

template <class S>
std::unique_ptr<Backend<S>> makeBackend() {
  return std::make_unique<CpuBackend<S>>();
}

template class CpuBackend<float>;
template class CpuBackend<double>;
template std::unique_ptr<Backend<float>> makeBackend<float>();
template std::unique_ptr<Backend<double>> makeBackend<double>();

}  // namespace gs
