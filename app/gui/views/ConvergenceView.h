// The convergence panel: the run's verdict in plain language, big enough for the back row,
// with the numbers behind it.
#pragma once
#include "gui/views/View.h"

namespace gs {

class ConvergenceView : public View {
 public:
  const char* name() const override { return "convergence"; }
  const char* title() const override { return "Convergence"; }
  void render(const ViewInput& in, Canvas& c) override;
};

}  // namespace gs
