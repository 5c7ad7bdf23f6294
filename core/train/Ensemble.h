// M independent training runs trained together: different seeds or hyper-parameters, the same
// network shapes (what lets a GPU backend batch their products). On the CPU the members are
// spread over the cores: each step, every member's iteration is one task on a WorkerPool, so
// M small runs keep all cores busy where one would not. Each member is a whole Trainer (its
// own RNG, optimiser state and diagnostics), so member i follows exactly the run that
// `Trainer(configs[i])` alone would: ensembles change speed, never results. The sweep view and
// `ganscope sweep` are built on this call; `ganscope bench --case ensemble-64-ns-128` times it.
#pragma once
#include <memory>
#include <vector>

#include "config/Config.h"
#include "train/Trainer.h"
#include "util/WorkerPool.h"

namespace gs {

template <class S>
class Ensemble {
 public:
  // Throws ConfigError when a member's shapes differ from the first's (naming the key and the
  // member) or a config is invalid (naming the member).
  Ensemble(const std::vector<Config>& configs, int threads);
  // The same config with seeds base.seed, base.seed + 1, ...
  static std::vector<Config> seeds(const Config& base, int members);

  int size() const { return int(members_.size()); }
  int threads() const { return pool_.threads(); }
  Trainer<S>& member(int i) { return *members_[size_t(i)]; }
  const Trainer<S>& member(int i) const { return *members_[size_t(i)]; }
  // `iterations` generator iterations of every member (members that diverged stop).
  void iterate(int iterations = 1);

 private:
  std::vector<std::unique_ptr<Trainer<S>>> members_;
  WorkerPool pool_;
};

extern template class Ensemble<float>;
extern template class Ensemble<double>;

}  // namespace gs
