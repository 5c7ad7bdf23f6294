// An energy model trained by maximum likelihood, no generator: the "GAN as an EBM" lecture's
// other side. p_E(x) = exp(-E(x)) / Z; the log-likelihood gradient is
//   ∇_θ (-log p_E(x)) = ∇_θ E(x) - E_{x'~p_E} ∇_θ E(x'),
// so D minimises  mean E(real) - mean E(x'),  x' the negatives: Langevin chains on the current
// energy (contrastive divergence, Hinton 2002; short-run chains from noise: Nijkamp, Hill,
// Zhu & Wu 2019; persistent chains with a replay buffer and restarts: Tieleman 2008, Du &
// Mordatch 2019, whose α-term  α·(mean E(real)² + mean E(x')²)  keeps the energies from
// drifting, as the loss only sees differences). The chains are the model's samples: they
// stand in for G(z) in every view and metric. At the optimum E = -log p_data + const
// (energy_target_pearson compares with -log p).
#include "objectives/Objectives.h"

namespace gs {

namespace {

class EbmCd final : public Objective {
 public:
  EbmCd() {
    steps_ = declare({"langevin_steps", 40, 1, 500, "Langevin updates per negative sample", true, true});
    step_ = declare({"step_size", 0.01, 1e-5, 1.0, "Langevin step η: x ← x − η∇E + s·√(2η)·ε", false, true});
    noise_ = declare({"noise_scale", 1.0, 0.0, 2.0, "Langevin noise s (1 = the exact sampler's √(2η))", false, false});
    persistent_ = declare({.key = "chains",
                           .value = 0,
                           .min = 0,
                           .max = 1,
                           .help = "short-run: every negative from uniform noise; persistent: chains kept in a "
                                   "buffer and run on (PCD)",
                           .integer = true,
                           .choices = {"short-run", "persistent"}});
    buffer_ = declare({"buffer", 10000, 256, 100000, "persistent chains kept (chains = persistent)", true, true});
    reinit_ = declare({"reinit", 0.05, 0.0, 1.0, "fraction of persistent chains restarted from noise each step",
                       false, false});
    alpha_ = declare({"alpha", 0.1, 0.0, 10.0, "α of α·(E(real)² + E(neg)²): keeps the energies near 0", false,
                      false});
  }

  const ObjectiveInfo& info() const override {
    static const ObjectiveInfo i{"ebm-cd",
                                 "Energy model, contrastive divergence (no generator)",
                                 "D: E E(x) − E E(x'), x' ~ Langevin on exp(−E)   (+ α·(E(x)² + E(x')²))",
                                 "Hinton 2002; Nijkamp et al. 2019 (short-run); Du & Mordatch 2019 (replay, α); the "
                                 "lecture notes' EBM recap (DESIGN.md §1)",
                                 CriticKind::Scalar,
                                 ReconstructionNorm::L2,
                                 OutputKind::Energy};
    return i;
  }
  Negatives negatives() const override { return Negatives::Langevin; }
  EnergyTarget energyTarget() const override { return EnergyTarget::NegLogDensity; }
  LangevinSettings langevin() const override {
    LangevinSettings s;
    s.steps = int(p(steps_));
    s.stepSize = p(step_);
    s.noiseScale = p(noise_);
    s.persistent = p(persistent_) > 0.5;
    s.buffer = int(p(buffer_));
    s.reinit = p(reinit_);
    return s;
  }

  double criticLoss(const LossInputs& in, LossGrads& g) override {
    const Eigen::VectorXd& r = *in.real;
    const Eigen::VectorXd& f = *in.fake;
    const double n = double(r.size()), m = double(f.size()), a = p(alpha_);
    g.dReal = (1.0 + 2 * a * r.array()).matrix() / n;
    g.dFake = (-1.0 + 2 * a * f.array()).matrix() / m;
    return r.mean() - f.mean() + a * (r.squaredNorm() / n + f.squaredNorm() / m);
  }
  // No generator to train (the trainer skips its step); zero for the views that ask.
  double generatorLoss(const LossInputs& in, LossGrads& g) override {
    g.dFake.setZero(in.fake->size());
    return 0.0;
  }

 private:
  int steps_, step_, noise_, persistent_, buffer_, reinit_, alpha_;
};

}  // namespace

std::unique_ptr<Objective> makeEbmCd() { return std::make_unique<EbmCd>(); }

}  // namespace gs
