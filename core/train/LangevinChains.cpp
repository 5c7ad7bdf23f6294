#include "train/LangevinChains.h"

#include <algorithm>
#include <cmath>

namespace gs {

template <class S>
void LangevinChains<S>::configure(const LangevinSettings& s, int dim) {
  s_ = s;
  dim_ = dim;
  persistent_.configure(s.persistent ? s.buffer : 1, dim);
  if (!s.persistent) persistent_.clear();
}

template <class S>
void LangevinChains<S>::fromNoise(Rng& rng, const Box& box, Mat& x, Eigen::Index first, Eigen::Index count) const {
  for (Eigen::Index k = first; k < first + count; ++k) {
    x(0, k) = S(rng.uniform(box.xmin, box.xmax));
    if (dim_ > 1) x(1, k) = S(rng.uniform(box.ymin, box.ymax));
  }
}

template <class S>
void LangevinChains<S>::run(Backend<S>& be, Critic<S>& critic, Rng& rng, const Box& box, double temperature,
                            Mat& x) {
  const S drift = S(s_.stepSize / temperature);
  const S sigma = S(s_.noiseScale * std::sqrt(2.0 * s_.stepSize));
  ones_.setOnes(1, x.cols());
  for (int t = 0; t < s_.steps; ++t) {
    be.forward(critic, x);
    be.backward(critic, ones_, nullptr, &grad_, false);  // ∇_x E, no parameter gradients
    be.sampleNormal(rng, noise_, int(x.rows()), int(x.cols()), 1.0);
    x += -drift * grad_ + sigma * noise_;
    // Kept in the box: where the energy was never trained the chains would otherwise run off.
    x.row(0) = x.row(0).cwiseMax(S(box.xmin)).cwiseMin(S(box.xmax));
    if (dim_ > 1) x.row(1) = x.row(1).cwiseMax(S(box.ymin)).cwiseMin(S(box.ymax));
  }
}

template <class S>
void LangevinChains<S>::sampleShortRun(Backend<S>& be, Critic<S>& critic, Rng& rng, const Box& box,
                                       double temperature, int m, Mat& out) {
  out.resize(dim_, m);
  fromNoise(rng, box, out, 0, m);
  run(be, critic, rng, box, temperature, out);
}

template <class S>
void LangevinChains<S>::sample(Backend<S>& be, Critic<S>& critic, Rng& rng, const Box& box, double temperature,
                               int m, Mat& out) {
  if (!s_.persistent || persistent_.capacity() < m) {
    sampleShortRun(be, critic, rng, box, temperature, m, out);
    return;
  }
  const int cap = persistent_.capacity();
  if (persistent_.size() < cap) {
    // Filling up: new chains from noise join the buffer once they have run.
    sampleShortRun(be, critic, rng, box, temperature, m, out);
    persistent_.push(out);
    return;
  }
  // m consecutive chains from a random place (no chain twice in one batch), a fraction of
  // them restarted from noise, run on and written back.
  const int first = int(rng.below(uint64_t(cap)));
  out.resize(dim_, m);
  for (int k = 0; k < m; ++k) out.col(k) = persistent_.point((first + k) % cap);
  const int restart = int(std::lround(s_.reinit * m));
  fromNoise(rng, box, out, 0, restart);
  run(be, critic, rng, box, temperature, out);
  for (int k = 0; k < m; ++k) persistent_.point((first + k) % cap) = out.col(k);
}

template class LangevinChains<float>;
template class LangevinChains<double>;

}  // namespace gs
