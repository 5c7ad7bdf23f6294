// Unrolled GAN (Metz, Poole, Pfau & Sohl-Dickstein 2017): the generator is scored by the critic
// it would face after k more critic updates. The k updates run on one critic batch (as the
// paper's 2-D mixture notebook does: the unrolled graph reuses its inputs), with the critics'
// own optimisers, and are undone afterwards: only the generator's gradient survives.
#include <vector>

#include "train/Trainer.h"
#include "util/Error.h"

namespace gs {

template <class S>
double Trainer<S>::unrolledGeneratorLossAndGrad(const StepBatch<S>& b) {
  const int T = components();
  std::vector<Vec> params(static_cast<size_t>(T));
  for (int j = 0; j < T; ++j) params[size_t(j)] = model_.critic(j).params();
  const std::vector<Optimizer<S>> optimizers = dOpt_;
  const Mixture mixture = model_.mixture();
  const Diagnostics diag = diag_;

  sampleBatch(batchU_, true);
  for (int k = 0; k < cfg_.unroll; ++k) {
    criticLossAndGrad(batchU_);
    updateCritics();
  }
  const double loss = generatorLossAndGrad(b);  // first order: θ_D^k treated as a constant

  for (int j = 0; j < T; ++j) model_.critic(j).params() = params[size_t(j)];
  dOpt_ = optimizers;
  model_.mixture() = mixture;
  diag_ = diag;
  return loss;
}

template double Trainer<float>::unrolledGeneratorLossAndGrad(const StepBatch<float>&);
template double Trainer<double>::unrolledGeneratorLossAndGrad(const StepBatch<double>&);

}  // namespace gs
