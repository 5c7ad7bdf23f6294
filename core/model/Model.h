// The model: T generators, T critics and the mixture logits (T = 1 for ordinary GANs).
// ParamState is its serialised form (what a view mirror needs to reproduce it). The model
// holds parameters only; Trainer owns the schedule, the objective and the optimisers, and
// runs every pass through a Backend.
#pragma once
#include <Eigen/Core>
#include <memory>
#include <vector>

#include "model/Mixture.h"
#include "nn/Critic.h"
#include "nn/Mlp.h"

namespace gs {

template <class S>
struct ParamState {
  std::vector<Eigen::Matrix<S, Eigen::Dynamic, 1>> generators, critics;
  Eigen::VectorXd mixLogitsG, mixLogitsD;
  // Energy models without a generator: the sampler's recent output, which stands in for G's
  // samples in the views (Trainer::exportParams fills it).
  Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic> samples;
};

template <class S>
class Model {
 public:
  struct Rebuilt {
    bool generators = false, critics = false;
  };
  // Fresh networks for T pairs, initialised from their own stream of `seed` (so data sampling
  // does not shift them); keepG / keepC keep the current networks when count and shape match.
  Rebuilt build(int T, const MlpShape& g, const CriticShape& c, bool keepG, bool keepC, uint64_t seed);

  int components() const { return int(generators_.size()); }
  Mlp<S>& generator(int i) { return generators_[size_t(i)]; }
  const Mlp<S>& generator(int i) const { return generators_[size_t(i)]; }
  Critic<S>& critic(int j) { return *critics_[size_t(j)]; }
  const Critic<S>& critic(int j) const { return *critics_[size_t(j)]; }
  Mixture& mixture() { return mixture_; }
  const Mixture& mixture() const { return mixture_; }

  // Copies parameters out / in (in: entries whose shapes do not match are left alone).
  void exportParams(ParamState<S>& out) const;
  void importParams(const ParamState<S>& in);

 private:
  std::vector<Mlp<S>> generators_;
  std::vector<std::unique_ptr<Critic<S>>> critics_;
  Mixture mixture_;
};

extern template class Model<float>;
extern template class Model<double>;

}  // namespace gs
