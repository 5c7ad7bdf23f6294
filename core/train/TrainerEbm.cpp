// Trainer: energy models without a generator (objectives whose Negatives are not Generator).
// ebm-cd draws its negatives by Langevin dynamics on the current energy; ebm-score trains on
// the real batch alone (score matching). In both the generator network is never trained and
// never shown: the sampler's recent output (pool_, eval.samples points) stands in for G(z) in
// the views and metrics, and travels to the view mirror with the parameters.
#include <algorithm>

#include "train/Trainer.h"
#include "util/Error.h"

namespace gs {

namespace {

// ebm-score is not sampled to train; a batch of Langevin samples for the views every this many
// iterations keeps its pool current at a fifth of ebm-cd's sampling cost.
constexpr int kScoreSampleEvery = 5;

}  // namespace

template <class S>
void Trainer<S>::checkEnergyModel(const CriticShape& cs) const {
  if (!generatorFree()) return;
  if (cfg_.frozenToData) throw ConfigError("g.frozen_to_data: '" + cfg_.objective + "' has no generator to freeze");
  if (cfg_.unroll > 0) throw ConfigError("train.unroll: '" + cfg_.objective + "' has no generator to unroll for");
  if (cfg_.replay > 0)
    throw ConfigError("train.replay: '" + cfg_.objective +
                      "' has no generator fakes to replay (ebm-cd keeps persistent chains: objective.chains)");
  std::string why;
  if (objective_->scoreMatching() == ScoreMatching::Exact && !scoreMatchingSupports(cs, &why))
    throw ConfigError("d.activation: exact score matching (" + cfg_.objective + "): " + why +
                      " (or objective.form=denoising)");
}

template <class S>
void Trainer<S>::configureEnergyModel() {
  const int dim = data_->dim();
  chains_.configure(objective_->langevin(), dim);
  pool_.configure(generatorFree() ? cfg_.evalSamples : 1, dim);
  if (!generatorFree()) chains_.clear(), pool_.clear();
}

template <class S>
void Trainer<S>::sampleNegatives(StepBatch<S>& b, int n) {
  chains_.sample(*backend_, model_.critic(0), rng_, data_->bounds(), objective_->samplingTemperature(), n, b.fake);
}

template <class S>
double Trainer<S>::scoreMatchingLossAndGrad(const StepBatch<S>& b) {
  Critic<S>& critic = model_.critic(0);
  Backend<S>& be = *backend_;
  be.zeroGrad(critic);
  Workspace& ws = wsD_;
  ws.noisy = b.real;
  if (b.noiseReal.cols()) ws.noisy += b.noiseReal;
  double loss = 0;
  if (objective_->scoreMatching() == ScoreMatching::Exact) {
    loss = hyvarinenLossAndGrad(critic, ws.noisy, 1.0, scoreWork_);
  } else {
    // Denoising (Vincent 2011), weighted by σ²: J = mean ½‖ε − σ U‖², U = ∇_x E(x + σε)
    // (σ·score + ε, with score = -U); dJ/dU = -σ(ε − σU)/n.
    const S sigma = S(objective_->denoisingSigma());
    const Eigen::Index n = ws.noisy.cols();
    ws.noisy += sigma * b.denoise;
    be.forward(critic, ws.noisy);
    PenaltyWork<S>& w = ws.penalty;
    be.inputGradient(critic, w.U);
    Mat& r = ws.dX;  // ε − σU
    r = b.denoise - sigma * w.U;
    loss = 0.5 * double(r.squaredNorm()) / double(n);
    w.dU = (-sigma / S(n)) * r;
    be.inputGradientBackward(critic, w.dU);
  }
  // What the curves show for D(real) and D(fake): the mean energy on the data batch and on as
  // many of the recent samples, in one evaluation of the critic (work buffers reused).
  const Eigen::Index n = b.real.cols(), m = std::min<Eigen::Index>(pool_.size(), n);
  ws.xAll.resize(b.real.rows(), n + m);
  ws.xAll.leftCols(n) = b.real;
  for (Eigen::Index k = 0; k < m; ++k) ws.xAll.col(n + k) = pool_.point(int(k));
  be.evaluate(critic, ws.xAll, ws.dAll);
  diag_.dReal = double(ws.dAll.leftCols(n).mean());
  diag_.dFake = m > 0 ? double(ws.dAll.rightCols(m).mean()) : diag_.dReal;
  diag_.penalty = 0;
  return loss;
}

template <class S>
void Trainer<S>::refreshSamplePool() {
  if (objective_->negatives() != Negatives::None || (step_ - 1) % kScoreSampleEvery != 0) return;
  Mat& x = poolFresh_;
  chains_.sample(*backend_, model_.critic(0), rng_, data_->bounds(), objective_->samplingTemperature(), cfg_.batch,
                 x);
  pool_.push(x);
}

template <class S>
void Trainer<S>::generateFromPool(Eigen::MatrixXd& x, Eigen::Index n) {
  x.resize(data_->dim(), n);
  if (pool_.size() == 0) {
    // Not sampled yet (a fresh run, a view mirror before its first parameters): short-run
    // chains on the energy as it is, from a private stream (views must not perturb rng_).
    Rng viewRng(cfg_.seed + 4243);
    Mat fresh;
    chains_.sampleShortRun(*backend_, model_.critic(0), viewRng, data_->bounds(), objective_->samplingTemperature(),
                           int(std::min<Eigen::Index>(n, 512)), fresh);
    for (Eigen::Index k = 0; k < n; ++k) x.col(k) = fresh.col(k % fresh.cols()).template cast<double>();
    return;
  }
  // Newest first, so a small request sees the latest state of the sampler.
  for (Eigen::Index k = 0; k < n; ++k)
    x.col(k) = pool_.point(pool_.size() - 1 - int(k % pool_.size())).template cast<double>();
}

template <class S>
void Trainer<S>::exportParams(ParamState<S>& out) const {
  model_.exportParams(out);
  out.samples.resize(pool_.dim(), pool_.size());
  for (int k = 0; k < pool_.size(); ++k) out.samples.col(k) = pool_.point(k);
}

template <class S>
void Trainer<S>::importParams(const ParamState<S>& in) {
  model_.importParams(in);
  if (!generatorFree() || in.samples.rows() != pool_.dim()) return;
  pool_.clear();
  pool_.push(in.samples);
}

#define GS_TRAINER_EBM(S)                                                         \
  template void Trainer<S>::checkEnergyModel(const CriticShape&) const;          \
  template void Trainer<S>::configureEnergyModel();                              \
  template void Trainer<S>::sampleNegatives(StepBatch<S>&, int);                 \
  template double Trainer<S>::scoreMatchingLossAndGrad(const StepBatch<S>&);     \
  template void Trainer<S>::refreshSamplePool();                                 \
  template void Trainer<S>::generateFromPool(Eigen::MatrixXd&, Eigen::Index);    \
  template void Trainer<S>::exportParams(ParamState<S>&) const;                  \
  template void Trainer<S>::importParams(const ParamState<S>&);
GS_TRAINER_EBM(float)
GS_TRAINER_EBM(double)
#undef GS_TRAINER_EBM

}  // namespace gs
