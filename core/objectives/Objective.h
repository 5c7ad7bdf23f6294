// The interface every GAN objective implements (one objective per file, one registry line).
//
// An objective sees the critic's raw scalar outputs on a real and a fake batch and returns
// a loss and its gradient with respect to those outputs; the trainer back-propagates. Losses
// are computed in double whatever the training scalar: they cost O(batch).
#pragma once
#include <Eigen/Core>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "nn/Critic.h"

namespace gs {

class ByteWriter;
class ByteReader;

// How views read the critic's scalar.
enum class OutputKind {
  Logit,   // D(x) = σ(raw) is a probability; 1/2 is the neutral value
  Critic,  // unbounded score, high = real
  Energy,  // energy, low = real
};

// A tunable number of an objective (margin, λ, γ, ...). The GUI shows these as sliders and
// the config addresses them as objective.<key>.
struct ParamSpec {
  std::string key;
  double value = 0;
  double min = 0, max = 1;
  std::string help;
  bool integer = false;
  bool logScale = false;  // for slider display
  bool rebuilds = false;  // changing it live builds fresh networks (MIX+GAN's number of pairs)
  // A choice: value is an index into these names (integer, min 0, max size - 1); the config
  // and the settings table name it by its word (objective.regulariser = l2).
  std::vector<std::string> choices{};
};

// The word of a choice parameter's value ("l2"), or the number as text.
std::string paramValueText(const ParamSpec& p, double value);
// The index of `word` among p's choices; ConfigError naming objective.<key> and the choices.
double paramChoiceIndex(const ParamSpec& p, const std::string& word);

enum class PenaltyType { None, GradientPenalty, R1 };

struct Penalty {
  PenaltyType type = PenaltyType::None;
  double weight = 0;  // λ for GP: λ·mean((||∇D(x̂)|| - 1)²); γ for R1: γ/2·mean(||∇D(x)||²)
};

// What a loss sees. Pointers are null when the objective did not ask for them.
struct LossInputs {
  const Eigen::VectorXd* real = nullptr;       // raw critic outputs on the real batch (n)
  const Eigen::VectorXd* fake = nullptr;       // raw critic outputs on the fake batch (m)
  const Eigen::MatrixXd* realX = nullptr;      // real samples (dim x n)
  const Eigen::MatrixXd* fakeX = nullptr;      // fake samples (dim x m)
  const Eigen::MatrixXd* realCodes = nullptr;  // auto-encoder codes (code x n)
  const Eigen::MatrixXd* fakeCodes = nullptr;  // auto-encoder codes (code x m)
};

// Gradients a loss writes. The trainer sizes dReal/dFake and zeroes them; the optional
// parts are used only when their flag is set by the objective.
struct LossGrads {
  Eigen::VectorXd dReal, dFake;
  bool useFakeCodes = false;
  Eigen::MatrixXd dFakeCodes;  // dL/d codes of the fake batch (pulling-away term)
  bool useFakeX = false;
  Eigen::MatrixXd dFakeX;  // a direct dL/dx on the fake samples (entropy terms)
};

// The optimal energy, up to a constant and a positive scale, when it is known in closed form
// at p_g = p_data (energy_target_pearson compares the learned energy with it).
enum class EnergyTarget {
  Unknown,        // no closed form (or not an energy objective)
  NegLogDensity,  // c* = -w log p_data (calibrated EBGAN, entropy)
  NegDensity,     // c* = -2w p_data (calibrated EBGAN, l2)
  Flat,           // c* = const (an energy GAN without a regulariser): no correlation to report
};

// Where the critic's negative examples come from. The lecture's "GAN as an energy model": the
// generator is one way to find them; Langevin dynamics on the energy itself is another, and
// score matching needs none.
enum class Negatives {
  Generator,  // G(z): every GAN
  Langevin,   // chains on exp(-E/T) from the current energy (contrastive divergence, ebm-cd)
  None,       // the loss reads the real batch only (score matching, ebm-score)
};

// Langevin dynamics on exp(-E/T): x <- x - η ∇E(x)/T + s·sqrt(2η)·ε, ε ~ N(0, I), kept in the
// data's view box (s = 1 is the exact sampler's noise).
struct LangevinSettings {
  int steps = 60;
  double stepSize = 0.01;  // η
  double noiseScale = 1.0;  // s
  bool persistent = false;  // chains kept in a buffer between steps (PCD) instead of fresh from noise
  int buffer = 10000;       // persistent chains
  double reinit = 0.05;     // fraction of the drawn persistent chains restarted from noise each step
};

// Score matching (Hyvärinen 2005; denoising: Vincent 2011) on the energy E, p ∝ exp(-E).
enum class ScoreMatching { None, Exact, Denoising };

struct ObjectiveInfo {
  std::string name;     // registry key, e.g. "wgan-gp"
  std::string title;    // "WGAN-GP"
  std::string formula;  // one line for the GUI
  std::string source;   // paper and where the defaults were read
  CriticKind critic = CriticKind::Scalar;
  ReconstructionNorm norm = ReconstructionNorm::L2;  // for auto-encoder critics
  OutputKind output = OutputKind::Logit;
};

class Objective {
 public:
  virtual ~Objective() = default;
  virtual const ObjectiveInfo& info() const = 0;

  // Loss minimised by the discriminator; writes dL/d(raw outputs).
  virtual double criticLoss(const LossInputs& in, LossGrads& out) = 0;
  // Loss minimised by the generator; writes dL/d(raw fake outputs) (dReal is ignored).
  virtual double generatorLoss(const LossInputs& in, LossGrads& out) = 0;
  // Does the generator loss read the critic on the real batch (relativistic, LS-GAN)?
  virtual bool generatorNeedsReal() const { return false; }
  // ∂²criticLoss/∂raw², diagonal (the objectives that give it are sums of per-sample terms):
  // what the unrolled GAN's exact second-order gradient needs (train.unroll_second_order).
  // Resizes d2Real / d2Fake; false = not available (the trainer then refuses that option).
  virtual bool criticLossCurvature(const LossInputs& in, Eigen::VectorXd& d2Real, Eigen::VectorXd& d2Fake) const {
    (void)in, (void)d2Real, (void)d2Fake;
    return false;
  }
  // Does a loss need the samples themselves (LS-GAN margin, entropy terms)?
  virtual bool needsSamples() const { return false; }
  // Energy objectives: the temperature T at which exp(-E/T) is the density the energy was
  // trained toward (Langevin samples at T). 1 for a plain energy; calibrated EBGAN's optimum
  // is c* = -w log p + const, so its T is w.
  virtual double samplingTemperature() const { return 1.0; }
  virtual EnergyTarget energyTarget() const { return EnergyTarget::Unknown; }
  // Energy models without a generator: the negatives' source and the sampler's settings (also
  // what stands in for G's samples in every view and metric).
  virtual Negatives negatives() const { return Negatives::Generator; }
  virtual LangevinSettings langevin() const { return {}; }
  // Score matching objectives: the trainer computes the loss on the critic itself (its input
  // derivatives), criticLoss is not called. denoisingSigma() is σ of the denoising form.
  virtual ScoreMatching scoreMatching() const { return ScoreMatching::None; }
  virtual double denoisingSigma() const { return 0.1; }

  virtual Penalty penalty() const { return {}; }
  // > 0: clamp every critic parameter to [-c, c] after each critic step (WGAN).
  virtual double weightClip() const { return 0.0; }

  // Called after every critic update with the inputs of that update (k_t, margins).
  virtual void afterCriticStep(const LossInputs& in) { (void)in; }
  // Called after every generator update.
  virtual void afterGeneratorStep(const LossInputs& in) { (void)in; }
  // Internal state for diagnostics and curves: ("k_t", 0.01), ("m_global", 0.3), ...
  virtual void state(std::vector<std::pair<std::string, double>>& out) const { (void)out; }
  // Restores initial internal state (k_t = 0, margin = initial...).
  virtual void resetState() {}
  // Everything of that state that evolves during training, bit for bit (saved sessions; the
  // trainer checks the bytes on a scratch objective first). Default: no state.
  virtual void saveState(ByteWriter& w) const { (void)w; }
  virtual void loadState(ByteReader& r) { (void)r; }

  // What views plot for a raw critic value.
  virtual double displayValue(double raw) const;

  // MIX+GAN: number of generator/discriminator pairs and the weight of the entropy
  // regulariser on the softmax mixture weights (protocols.md B10). 1 = an ordinary GAN.
  virtual int components() const { return 1; }
  virtual double mixtureEntropyWeight() const { return 0.0; }

  // Tunable numbers. setParam throws ConfigError naming the key and the allowed range.
  const std::vector<ParamSpec>& params() const { return params_; }
  double param(const std::string& key) const;
  void setParam(const std::string& key, double value);

 protected:
  // Declares a tunable number; returns its index for fast reads with p(i).
  int declare(ParamSpec spec);
  double p(int index) const { return params_[size_t(index)].value; }
  // Hook for objectives whose state depends on a parameter (e.g. MAGAN's initial margin).
  virtual void onParamChanged(const std::string& key) { (void)key; }

 private:
  std::vector<ParamSpec> params_;
};

// PacGAN packing (train.pack > 1) needs a scalar discriminator whose loss reads only D's
// outputs (not the samples themselves) and is not an energy model; the trainer refuses the
// others and the Training section does not offer it for them.
bool supportsPacking(const Objective& o);

// Numerically stable helpers shared by the logit-based objectives.
double softplus(double x);  // log(1 + e^x)
double sigmoid(double x);

}  // namespace gs
