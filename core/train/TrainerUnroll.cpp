// Unrolled GAN (Metz, Poole, Pfau & Sohl-Dickstein 2017): the generator is scored by the critic
// it would face after k more critic updates. The k updates run on one critic batch (as the
// paper's 2-D mixture notebook does: the unrolled graph reuses its inputs), with the critics'
// own optimisers, and are undone afterwards: only the generator's gradient survives.
//
// train.unroll_second_order adds the gradient through those updates (the paper's §2.2 term
// ∂L_G/∂θ_D^k · dθ_D^k/dθ_G), exactly, by the reverse recursion of train/UnrollReverse.h; off,
// θ_D^k is treated as a constant (the first-order surrogate).
#include <string>
#include <vector>

#include "train/Trainer.h"
#include "util/Error.h"

namespace gs {

template <class S>
void Trainer<S>::checkUnrollConfig() const {
  if (cfg_.unroll <= 0 || !cfg_.unrollSecondOrder) return;
  auto refuse = [](const std::string& why) {
    throw ConfigError("train.unroll_second_order: " + why +
                      "; set train.unroll_second_order=false for the first-order unrolled GAN");
  };
  const Objective& obj = *objective_;
  if (obj.components() > 1)
    refuse("the reverse pass through the unrolled updates covers one generator/discriminator pair, MIX+GAN has " +
           std::to_string(obj.components()));
  if (obj.info().critic == CriticKind::AutoEncoder)
    refuse("objective '" + cfg_.objective + "' uses an auto-encoder discriminator; the exact Hessian products are "
           "implemented for a scalar MLP discriminator");
  const Eigen::VectorXd probe = Eigen::VectorXd::Zero(1);
  LossInputs in;
  in.real = in.fake = &probe;
  Eigen::VectorXd d2Real, d2Fake;
  if (!obj.criticLossCurvature(in, d2Real, d2Fake))
    refuse("objective '" + cfg_.objective + "' gives no second derivative of its discriminator loss "
           "(non-saturating, minimax, lsgan and hinge do)");
  if (obj.penalty().type != PenaltyType::None || cfg_.r1Gamma > 0)
    refuse("a gradient penalty (objective '" + cfg_.objective + "', reg.r1_gamma) puts ∇_x D in the discriminator "
           "loss, whose Hessian products would need third derivatives of D");
  if (obj.weightClip() > 0)
    refuse("weight clipping (objective '" + cfg_.objective + "') is a projection after each update that the "
           "reverse pass does not differentiate");
  if (cfg_.pack > 1) refuse("train.pack > 1 packs D's inputs, which the reverse pass does not model");
  if (cfg_.replay > 0)
    refuse("train.replay puts earlier generators' fakes in D's batch, which the reverse pass does not model");
}

template <class S>
double Trainer<S>::unrolledGeneratorLossAndGrad(const StepBatch<S>& g, const StepBatch<S>& d) {
  const int T = components();
  UnrollSaved& saved = unrollSaved_;
  saved.params.resize(size_t(T));
  for (int j = 0; j < T; ++j) saved.params[size_t(j)] = model_.critic(j).params();
  saved.optimizers = dOpt_;
  // D's side of the mixture only: the generator's logit gradient computed below must survive.
  saved.mixture = model_.mixture();
  saved.diag = diag_;

  // frozen_to_data: D's fakes do not depend on θ_G, so the second-order term is exactly 0.
  const bool exact = cfg_.unrollSecondOrder && !fakeData_;
  Critic<S>& critic = model_.critic(0);
  const CriticShape& cs = critic.shape();
  if (exact) unroll_.begin(cfg_.unroll, MlpShape{cs.in, 1, cs.width, cs.depth, cs.act});
  for (int k = 0; k < cfg_.unroll; ++k) {
    criticLossAndGrad(d);
    if (exact) unroll_.recordBefore(k, critic.params(), critic.grads());
    updateCritics();
    if (exact) unroll_.recordAfter(k, dOpt_[0]);
  }
  const double loss = generatorLossAndGrad(g);  // ∂L_G/∂θ_G at θ_D^k held fixed

  if (exact) {
    Backend<S>& be = *backend_;
    // Λ_k = ∂L_G/∂θ_D^k: generatorLossAndGrad (T = 1) left D's forward pass on G's batch and
    // the loss gradient of its outputs in wsG_.dAll.
    be.zeroGrad(critic);
    be.backward(critic, wsG_.dAll, nullptr, nullptr, true);
    // D's batch of the unrolled steps, as criticLossAndGrad built it (same noise).
    Mlp<S>& gen = model_.generator(0);
    const Eigen::Index n = d.real.cols(), m = d.z[0].cols();
    const Mat& fake = be.forward(gen, d.z[0]);
    Mat& x = wsD_.xAll;
    x.resize(d.real.rows(), n + m);
    x.leftCols(n) = d.real;
    if (d.noiseReal.cols()) x.leftCols(n) += d.noiseReal;
    x.rightCols(m) = fake;
    if (d.noiseFake.cols()) x.rightCols(m) += d.noiseFake;
    UnrollCriticBatch<S> batch{&x, n, nullptr, nullptr};
    if (objective_->needsSamples()) {
      wsD_.realD = d.real.template cast<double>();
      wsD_.fakeD = fake.template cast<double>();
      batch.realX = &wsD_.realD;
      batch.fakeX = &wsD_.fakeD;
    }
    unroll_.reverse(*objective_, dOpt_[0].settings(), critic.grads(), batch, dFakes_[0]);
    be.backward(gen, dFakes_[0]);  // += Σ_i (∂g_i/∂θ_G)^T ḡ_i, through G at D's latent batch
  }

  for (int j = 0; j < T; ++j) model_.critic(j).params() = saved.params[size_t(j)];
  dOpt_ = saved.optimizers;
  Mixture& mix = model_.mixture();
  mix.logitsD = saved.mixture.logitsD;
  mix.gradD = saved.mixture.gradD;
  mix.optD = saved.mixture.optD;
  diag_ = saved.diag;
  return loss;
}

template void Trainer<float>::checkUnrollConfig() const;
template void Trainer<double>::checkUnrollConfig() const;
template double Trainer<float>::unrolledGeneratorLossAndGrad(const StepBatch<float>&, const StepBatch<float>&);
template double Trainer<double>::unrolledGeneratorLossAndGrad(const StepBatch<double>&, const StepBatch<double>&);

}  // namespace gs
