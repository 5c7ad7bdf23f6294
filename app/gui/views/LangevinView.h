// Energy-based objectives: the learned energy with the generator's samples beside the same
// energy with particles from Langevin dynamics x <- x - eta grad E(x) + sqrt(2 eta) eps,
// i.e. samples from exp(-E): what the discriminator itself "believes" the data look like.
#pragma once
#include "gui/views/View.h"

namespace gs {

class LangevinView : public View {
 public:
  const char* name() const override { return "langevin"; }
  const char* title() const override { return "Energy and Langevin samples"; }
  void render(const ViewInput& in, Canvas& c) override;
};

}  // namespace gs
