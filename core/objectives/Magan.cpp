// MAGAN: margin adaptation for GANs (R. Wang, Cully, Chang, Demiris 2017; official code
// RuohanW/magan gan_release.py magan_train; protocols.md B7). Auto-encoder critic, energy
// E(x) = per-sample reconstruction MSE.
//   D: min  mean E(x) + mean [m - E(G(z))]⁺        G: min  mean E(G(z))
//   Margin schedule, over "epochs" of epoch_iters critic steps, with R and F the per-step means
//   of the batch-mean energies over the epoch (R from the critic steps, F from the generator
//   steps, where the official code sums E(G(z)) too):
//     end of the first epoch:  m <- min(m, R); remember F.
//     later epochs: if F > previous F and R < F and R < m then m <- R; remember F.
//   so m never grows. The official code compares sums S = epoch_step · mean; with a fixed epoch
//   length that is the same test, and means stay comparable when epoch_iters is changed live
//   (a longer epoch's sum would look like a rise).
// Deviations: the official code pre-trains D on real data alone for two epochs and then sets
// m to the mean real energy of one epoch. A live teaching run cannot pause the generator, so
// the first epoch here plays that role while both nets train, and the param margin is an
// upper bound for it (taking the minimum keeps "m never grows" true from step 0).
// Epochs count critic steps (the trainer calls afterCriticStep after each). Setting
// margin restarts the schedule (the user asked for that margin); setting epoch_iters restarts
// the current epoch only. Defaults: margin 1 (toy-scale energies, as
// EBGAN here), epoch_iters 100; the official optimiser is Adamax 5e-4, β1 0.5.
#include <algorithm>

#include "objectives/LossTerms.h"
#include "objectives/Objectives.h"
#include "util/ByteStream.h"

namespace gs {

namespace {

class Magan final : public Objective {
 public:
  Magan() {
    marginParam_ = declare({"margin", 1.0, 0.0, 100.0,
                            "initial hinge margin (an upper bound: the first epoch lowers it to the "
                            "mean real energy)",
                            false, false});
    epochParam_ = declare({"epoch_iters", 100, 1, 100000, "critic steps per epoch of the margin schedule", true, true});
    resetState();
  }

  const ObjectiveInfo& info() const override {
    static const ObjectiveInfo i{"magan",
                                 "MAGAN (margin adaptation)",
                                 "D: E(x) + [m - E(G(z))]⁺, m only shrinks   G: E(G(z))",
                                 "R. Wang et al. 2017; RuohanW/magan gan_release.py; "
                                 "protocols.md B7",
                                 CriticKind::AutoEncoder,
                                 ReconstructionNorm::L2,
                                 OutputKind::Energy};
    return i;
  }

  double criticLoss(const LossInputs& in, LossGrads& g) override {
    return loss::energyMarginCritic(*in.real, *in.fake, margin_, g);
  }

  double generatorLoss(const LossInputs& in, LossGrads& g) override { return loss::meanFakeEnergy(*in.fake, g); }

  // E(G(z)) as the generator step saw it (after the critic's update, as gan_release.py sums it).
  void afterGeneratorStep(const LossInputs& in) override {
    sumFake_ += in.fake->mean();
    ++fakeSteps_;
  }

  void afterCriticStep(const LossInputs& in) override {
    sumReal_ += in.real->mean();
    if (++steps_ < long(p(epochParam_))) return;
    const double meanReal = sumReal_ / double(steps_);
    // An epoch without a generator step yet (single critic steps) has no F: nothing to compare.
    const double meanFake = fakeSteps_ > 0 ? sumFake_ / double(fakeSteps_) : prevFake_;
    if (epochs_ == 0) {
      margin_ = std::min(margin_, meanReal);
    } else if (meanFake > prevFake_ && meanReal < meanFake && meanReal < margin_) {
      margin_ = meanReal;
    }
    prevFake_ = meanFake;
    sumReal_ = sumFake_ = 0;
    steps_ = fakeSteps_ = 0;
    ++epochs_;
  }

  void state(std::vector<std::pair<std::string, double>>& out) const override { out.emplace_back("margin", margin_); }

  void resetState() override {
    margin_ = p(marginParam_);
    sumReal_ = sumFake_ = prevFake_ = 0;
    steps_ = fakeSteps_ = 0;
    epochs_ = 0;
  }

  void saveState(ByteWriter& w) const override {
    w.f64(margin_);
    w.f64(sumReal_);
    w.f64(sumFake_);
    w.f64(prevFake_);
    w.i64(steps_);
    w.i64(fakeSteps_);
    w.i64(epochs_);
  }

  void loadState(ByteReader& r) override {
    const double margin = r.f64(), sumReal = r.f64(), sumFake = r.f64(), prevFake = r.f64();
    const long steps = long(r.i64()), fakeSteps = long(r.i64()), epochs = long(r.i64());
    margin_ = margin;
    sumReal_ = sumReal;
    sumFake_ = sumFake;
    prevFake_ = prevFake;
    steps_ = steps;
    fakeSteps_ = fakeSteps;
    epochs_ = epochs;
  }

 protected:
  // A new margin restarts the schedule; a new epoch length restarts only the current epoch.
  void onParamChanged(const std::string& key) override {
    if (key == "margin") {
      resetState();
    } else {
      sumReal_ = sumFake_ = 0;
      steps_ = fakeSteps_ = 0;
    }
  }

 private:
  int marginParam_, epochParam_;
  double margin_ = 0;  // current m
  double sumReal_ = 0, sumFake_ = 0, prevFake_ = 0;
  long steps_ = 0, fakeSteps_ = 0;  // critic / generator steps in the current epoch
  long epochs_ = 0;
};

}  // namespace

std::unique_ptr<Objective> makeMagan() { return std::make_unique<Magan>(); }

}  // namespace gs
