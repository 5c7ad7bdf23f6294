// Calibrated EBGAN: the learned energy E(x) against the optimum the KKT argument predicts for
// the generator's regulariser K(p_g): -log p_data (entropy), -2 p_data (l2), a constant (none).
// One dot per real sample (both read from the snapshot's grids at the sample), the predicted
// line through the dots' mean with slope w (c* = -w ∂K/∂p_g + const), the least-squares fit,
// and Pearson(E, prediction) from the evaluation (energy_target_pearson).
#pragma once
#include "gui/views/View.h"

namespace gs {

class EnergyTargetView : public View {
 public:
  const char* name() const override { return "energy-target"; }
  const char* title() const override { return "Energy vs predicted optimum"; }
  void render(const ViewInput& in, Canvas& c) override;
};

}  // namespace gs
