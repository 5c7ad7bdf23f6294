// The steppable GAN trainer: builds data, model, objective and optimisers from a Config and
// runs iterations (k critic updates, then g generator updates), every pass through a Backend.
// It knows nothing about threads; Session drives it on a background thread, the CLI and
// tests drive it inline.
//
// Every run is a mixture of T generator/critic pairs with softmax weights (MIX+GAN, Arora et
// al. 2017, protocols.md B10); ordinary objectives have T = 1 and fixed weight 1, so one code
// path serves both.
#pragma once
#include <Eigen/Core>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "backend/Backend.h"
#include "config/Config.h"
#include "data/Distribution.h"
#include "model/Model.h"
#include "objectives/Objective.h"
#include "optim/Optimizer.h"
#include "nn/ScoreMatching.h"
#include "train/Diagnostics.h"
#include "train/LangevinChains.h"
#include "train/LossBatch.h"
#include "train/Penalties.h"
#include "train/ReplayBuffer.h"
#include "train/UnrollReverse.h"
#include "util/Rng.h"

namespace gs {

// Inputs of one critic or generator update, explicit so tests can replay them.
template <class S>
struct StepBatch {
  using Mat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
  Mat real;                  // dim x n
  std::vector<Mat> z;        // per generator: latent x m
  Mat alpha;                 // 1 x n interpolation weights for the gradient penalty
  Mat noiseReal, noiseFake;  // instance noise added to D's inputs (empty = none)
  Mat fake;                  // g.frozen_to_data: the fake batch itself (dim x n)
  Mat replayed;              // train.replay: earlier fakes that replace the first columns of each fake batch
  Mat denoise;               // denoising score matching: ε ~ N(0, I) per real sample (dim x n)
};

template <class S>
class Trainer {
 public:
  using Mat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
  using Vec = Eigen::Matrix<S, Eigen::Dynamic, 1>;

  explicit Trainer(const Config& cfg);  // throws ConfigError
  ~Trainer();

  // One iteration. A no-op once diverged (until reset()).
  void iterate();
  void criticStep();
  void generatorStep();
  // Closes an iteration made of single steps (iterate() calls it itself).
  void finishIteration();
  // Critic updates in the coming iteration: train.d_steps, or 100 while the WGAN warm-up
  // schedule (train.critic_warmup) asks for it.
  int criticStepsThisIteration() const;

  // Applies a new config between iterations, keeping what it can: optimiser numbers and
  // objective parameters change in place; a new objective keeps the networks when their
  // shapes allow; changed shapes rebuild that network. Returns what was rebuilt, for the UI
  // ("" when nothing had to be rebuilt). Throws ConfigError and leaves the run untouched.
  std::string applyConfig(const Config& cfg);
  // Fresh networks, optimisers and objective state from the current config and seed.
  void reset();

  // Every evolving thing of the run, bit for bit, as bytes (saved sessions, timeline): the
  // networks, optimiser moments, mixture logits, objective state, RNG, counters, divergence
  // and diagnostics. Training on after loadState gives the numbers of never having stopped.
  std::string saveState() const;
  // Into a trainer built from the same Config. Throws ConfigError naming the mismatch (or
  // the damage) and leaves *this unchanged on failure.
  void loadState(const std::string& bytes);

  // ---- explicit-batch access (tests, gradient checks) ----
  void sampleBatch(StepBatch<S>& b, bool forCritic);
  // Zeroes and fills critic (resp. generator) gradients; returns the loss incl. penalties.
  double criticLossAndGrad(const StepBatch<S>& b);
  double generatorLossAndGrad(const StepBatch<S>& b);
  // train.unroll > 0 (Metz et al. 2017): the generator's loss and gradient on batch g against
  // the critic after train.unroll updates on the critic batch d, which are then undone; with
  // train.unroll_second_order the gradient also flows through those updates
  // (core/train/TrainerUnroll.cpp).
  double unrolledGeneratorLossAndGrad(const StepBatch<S>& g, const StepBatch<S>& d);

  // ---- state ----
  const Config& config() const { return cfg_; }
  std::string backendName() const { return backend_->name(); }
  // Training passes split over n threads, data-parallel over the batch
  // (ParallelCpuBackend); 1 = the serial reference backend. Deterministic for a given n.
  void setThreads(int n);
  int threads() const { return threads_; }
  // Which backend runs the training passes: "cpu" (the reference; over threads() threads),
  // "cuda" (CudaBackend; ConfigError naming --backend and the reason when this build or machine
  // has none) or "auto" (cuda when a device is usable, else cpu). Returns a one-line notice for
  // the caller to print ("" = none): auto fell back to the CPU, and why. threads() applies to
  // the CPU backend only; call setThreads first (a later change of it picks the CPU again).
  std::string setBackend(const std::string& kind);
  const Objective& objective() const { return *objective_; }
  Objective& objective() { return *objective_; }
  const Distribution& data() const { return *data_; }
  const Diagnostics& diagnostics() const { return diag_; }
  const ReplayBuffer<S>& replayBuffer() const { return replay_; }
  // Energy models without a generator: the Langevin chains and the recent samples.
  const LangevinChains<S>& chains() const { return chains_; }
  const ReplayBuffer<S>& samplePool() const { return pool_; }
  long long step() const { return step_; }
  bool diverged() const { return diverged_; }
  const std::string& divergenceMessage() const { return divergence_; }
  int components() const { return model_.components(); }
  const Model<S>& model() const { return model_; }
  Model<S>& model() { return model_; }  // gradient checks perturb the mixture logits
  Mlp<S>& generator(int i = 0) { return model_.generator(i); }
  Critic<S>& critic(int j = 0) { return model_.critic(j); }
  std::vector<double> mixtureWeightsG() const;
  std::vector<double> mixtureWeightsD() const;

  // Copies parameters out / in (shapes must match the current config); energy models without a
  // generator carry their recent samples along (the views' stand-in for G).
  void exportParams(ParamState<S>& out) const;
  void importParams(const ParamState<S>& in);

  // ---- views (call between iterations) ----
  // Latent samples from the configured prior (latent x n).
  void sampleLatent(Rng& rng, Eigen::MatrixXd& z, int n) const;
  // G(z); with a mixture, column i uses the generator picked by u(i) ∈ [0,1) against the
  // cumulative mixture weights; component (optional) receives that generator's index.
  void generate(const Eigen::MatrixXd& z, const Eigen::VectorXd& u, Eigen::MatrixXd& x,
                std::vector<int>* component = nullptr);
  // Display value of the critic (σ(D) for logits; a mixture averages with D's weights).
  void evaluateCritic(const Eigen::MatrixXd& x, Eigen::VectorXd& value);
  // Raw critic values (a mixture averages raw values with D's weights).
  void evaluateCriticRaw(const Eigen::MatrixXd& x, Eigen::VectorXd& raw);
  // -dL_G/dx at generated samples x: the direction the generator is pushed (first critic).
  void generatorPush(const Eigen::MatrixXd& x, Eigen::MatrixXd& push);
  // ∇_x of the raw critic value (Langevin sampling on energies, arrows).
  void criticInputGradient(const Eigen::MatrixXd& x, Eigen::MatrixXd& grad);

 private:
  void build(bool keepCritic, bool keepGenerator);
  void buildNetworks(bool keepCritic, bool keepGenerator);
  void configureOptimizers();
  void applyObjectiveParams();
  CriticShape criticShape() const;
  MlpShape generatorShape() const;
  enum class Updated { None, Critics, Generators };  // which weights the update just changed
  bool checkFinite(const char* phase, double loss, Updated updated);
  void checkUnrollConfig() const;  // ConfigError for what train.unroll_second_order cannot cover
  // One optimiser step of every critic (and D's mixture logits) from the gradients in place;
  // returns the squared gradient norm.
  double updateCritics();
  // ---- energy models without a generator (core/train/TrainerEbm.cpp) ----
  void checkEnergyModel(const CriticShape& cs) const;  // ConfigError for what cannot work
  void configureEnergyModel();
  bool generatorFree() const { return objective_->negatives() != Negatives::Generator; }
  void sampleNegatives(StepBatch<S>& b, int n);  // Langevin negatives into b.fake
  double scoreMatchingLossAndGrad(const StepBatch<S>& b);
  void refreshSamplePool();  // ebm-score: a batch of Langevin samples for the views
  void generateFromPool(Eigen::MatrixXd& x, Eigen::Index n);
  static std::unique_ptr<Distribution> makeFakeData(const Config& c);

  Config cfg_;
  std::unique_ptr<Distribution> data_;
  std::unique_ptr<Distribution> fakeData_;  // g.frozen_to_data: the second sample (a FiniteSample)
  std::unique_ptr<Objective> objective_;
  std::unique_ptr<Backend<S>> backend_;
  int threads_ = 1;
  Model<S> model_;
  std::vector<Optimizer<S>> gOpt_, dOpt_;
  Rng rng_;
  long long step_ = 0;
  long long updates_ = 0;  // critic and generator updates since the last reset
  long long kindUpdates_[2] = {0, 0};  // [critic, generator] updates, for the finite checks' cadence
  bool diverged_ = false;
  std::string divergence_;
  Diagnostics diag_;
  ReplayBuffer<S> replay_;  // train.replay: earlier generators' fakes
  LangevinChains<S> chains_;  // energy models: negatives / samples
  ReplayBuffer<S> pool_;      // energy models: the recent samples (eval.samples points)
  Mat poolFresh_;             // the batch of samples that joins pool_ next
  ScoreMatchingWork<S> scoreWork_;

  // Work buffers reused across steps (no allocation once shapes settle). Critic and
  // generator updates have different batch shapes, so each has its own set.
  struct Workspace {
    Mat xAll, dAll, dX, dCodes, noisy;
    Mat packAll, packReal, packFake, tiled;  // train.pack: reshaped copies (see packed())
    Eigen::MatrixXd realD, fakeD;
    LossBatch loss;
    LossGrads grads;
    PenaltyWork<S> penalty;
  };
  Workspace wsD_, wsG_, wsView_;
  StepBatch<S> batchD_, batchG_, batchU_;
  UnrollReverse<S> unroll_;  // train.unroll_second_order: the unrolled steps' tape
  // train.unroll: what the unrolled critic updates change, saved before and restored after
  // (kept as members so their buffers are reused: no allocation per step).
  struct UnrollSaved {
    std::vector<Vec> params;
    std::vector<Optimizer<S>> optimizers;
    Mixture mixture;
    Diagnostics diag;
  } unrollSaved_;
  Eigen::MatrixXd sampleTmp_;
  std::vector<Mat> fakes_, dFakes_, freshFakes_;
  Eigen::VectorXd wG_, wD_, cost_;
  std::vector<std::vector<double>> pairLoss_;
};

extern template class Trainer<float>;
extern template class Trainer<double>;

}  // namespace gs
