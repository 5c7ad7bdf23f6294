// The negative examples of an energy model without a generator (Negatives::Langevin) and the
// samples that stand in for G in its views: Langevin chains on exp(-E/T) run on the critic
// through the backend. Short-run chains start from uniform noise in the data's box every time
// (Nijkamp et al. 2019); persistent ones live in a buffer and go on from where they stopped
// (Tieleman 2008; with a replay buffer and restarts as in Du & Mordatch 2019).
#pragma once
#include <Eigen/Core>

#include "backend/Backend.h"
#include "data/Distribution.h"
#include "objectives/Objective.h"
#include "train/ReplayBuffer.h"

namespace gs {

template <class S>
class LangevinChains {
 public:
  using Mat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;

  void configure(const LangevinSettings& s, int dim);
  void clear() { persistent_.clear(); }
  // m samples (dim x m) from the chains, advanced s.steps updates on the current energy.
  void sample(Backend<S>& be, Critic<S>& critic, Rng& rng, const Box& box, double temperature, int m, Mat& out);
  // Short-run chains from uniform noise, whatever the settings say (views of a run not yet sampled).
  void sampleShortRun(Backend<S>& be, Critic<S>& critic, Rng& rng, const Box& box, double temperature, int m,
                      Mat& out);
  ReplayBuffer<S>& persistent() { return persistent_; }
  const ReplayBuffer<S>& persistent() const { return persistent_; }

 private:
  void fromNoise(Rng& rng, const Box& box, Mat& x, Eigen::Index first, Eigen::Index count) const;
  void run(Backend<S>& be, Critic<S>& critic, Rng& rng, const Box& box, double temperature, Mat& x);

  LangevinSettings s_;
  int dim_ = 0;
  ReplayBuffer<S> persistent_;
  Mat ones_, grad_, noise_;
};

extern template class LangevinChains<float>;
extern template class LangevinChains<double>;

}  // namespace gs
