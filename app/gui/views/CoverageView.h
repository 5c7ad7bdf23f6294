// Mode coverage: high-quality generated samples per mode as bars, the count a perfect
// generator would give as a tick, missed modes in red (VEEGAN / PacGAN 3σ protocol).
#pragma once
#include "gui/views/View.h"

namespace gs {

class CoverageView : public View {
 public:
  const char* name() const override { return "coverage"; }
  const char* title() const override { return "Mode coverage"; }
  void render(const ViewInput& in, Canvas& c) override;
};

}  // namespace gs
