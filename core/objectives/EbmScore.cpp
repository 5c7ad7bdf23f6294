// An energy model trained by score matching, no generator and no negatives: p_E ∝ exp(-E),
// score s = -∇_x E. Two forms (objective.form):
//   exact      (Hyvärinen 2005)  J = E_data[ ½‖∇_x E‖² − Δ_x E ]   (Δ: the Laplacian, exact
//              second input derivatives of the network, core/nn/ScoreMatching; needs a smooth
//              activation: with ReLU the Laplacian is 0 almost everywhere)
//   denoising  (Vincent 2011)    J = E_{x, ε}[ ½‖ε − σ ∇_x E(x + σε)‖² ]   (the score of the
//              σ-blurred data: E → -log(p_data * N(0, σ²)) + const, close to -log p for small σ)
// The trainer computes both on the critic itself (Objective::scoreMatching); criticLoss is not
// called. Samples for the views come from Langevin chains on the energy (LangevinSettings),
// run every few iterations: they are not part of the training, unlike ebm-cd's negatives.
#include "objectives/Objectives.h"
#include "util/Error.h"

namespace gs {

namespace {

class EbmScore final : public Objective {
 public:
  EbmScore() {
    // Default denoising: it serves every activation (picked from the objective list with ReLU
    // networks it must work); the preset ebm-score-mixture trains the exact form.
    form_ = declare({.key = "form",
                     .value = 1,
                     .min = 0,
                     .max = 1,
                     .help = "exact: Hyvärinen's ½‖∇E‖² − ΔE; denoising: ½‖ε − σ∇E(x + σε)‖²",
                     .integer = true,
                     .choices = {"exact", "denoising"}});
    sigma_ = declare({"sigma", 0.1, 1e-3, 2.0, "noise σ of the denoising form, in data units", false, true});
    steps_ = declare({"langevin_steps", 40, 1, 500, "Langevin updates of the samples the views show", true, true});
    step_ = declare({"step_size", 0.01, 1e-5, 1.0, "Langevin step η of those samples", false, true});
  }

  const ObjectiveInfo& info() const override {
    static const ObjectiveInfo i{"ebm-score",
                                 "Energy model, score matching (no generator)",
                                 "D: E[½‖∇E‖² − ΔE]  or  E[½‖ε − σ∇E(x+σε)‖²]; samples: Langevin on exp(−E)",
                                 "Hyvärinen 2005 (exact); Vincent 2011 (denoising); the lecture notes' EBM recap "
                                 "(DESIGN.md §1)",
                                 CriticKind::Scalar,
                                 ReconstructionNorm::L2,
                                 OutputKind::Energy};
    return i;
  }
  Negatives negatives() const override { return Negatives::None; }
  ScoreMatching scoreMatching() const override {
    return p(form_) > 0.5 ? ScoreMatching::Denoising : ScoreMatching::Exact;
  }
  double denoisingSigma() const override { return p(sigma_); }
  EnergyTarget energyTarget() const override { return EnergyTarget::NegLogDensity; }
  LangevinSettings langevin() const override {
    LangevinSettings s;
    s.steps = int(p(steps_));
    s.stepSize = p(step_);
    return s;
  }

  double criticLoss(const LossInputs&, LossGrads&) override {
    throw ConfigError("ebm-score: the trainer computes score matching on the critic itself");
  }
  double generatorLoss(const LossInputs& in, LossGrads& g) override {
    g.dFake.setZero(in.fake->size());
    return 0.0;
  }

 private:
  int form_, sigma_, steps_, step_;
};

}  // namespace

std::unique_ptr<Objective> makeEbmScore() { return std::make_unique<EbmScore>(); }

}  // namespace gs
