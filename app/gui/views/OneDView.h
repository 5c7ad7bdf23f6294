// The 1-D view: p_data, the generator's density (histogram of samples + KDE), D(x), the
// optimal D*(x) = p/(p+q) and the 1/2 line, with the gap between D and 1/2 shaded.
#pragma once
#include "gui/views/View.h"

namespace gs {

class OneDView : public View {
 public:
  const char* name() const override { return "1d"; }
  const char* title() const override { return "1-D densities and D(x)"; }
  void render(const ViewInput& in, Canvas& c) override;

  bool showHistogram = true, showKde = true, showDStar = true, showArrows = true;
};

}  // namespace gs
