// Training curves from the snapshot's History: one stacked plot per group of series
// (losses, D outputs, divergences, modes, gradients, objective state, mixture weights), each
// auto-scaled, with legends showing the latest (or hovered) value, log scale and a window.
#pragma once
#include <set>
#include <string>
#include <vector>

#include "gui/views/View.h"

namespace gs {

struct CurveGroup {
  const char* title;
  std::vector<const char*> members;  // exact names; the last group catches the rest
};
// The fixed groups, in display order.
const std::vector<CurveGroup>& curveGroups();
int curveGroupOf(const std::string& seriesName);
// Colour of a timeline mark (branch, objective/data change, reset...), shared with the scrubber.
ImU32 timelineMarkColour(MarkKind kind);

class CurvesView : public View {
 public:
  const char* name() const override { return "curves"; }
  const char* title() const override { return "Training curves"; }
  void render(const ViewInput& in, Canvas& c) override;

  // Hidden by default: scales that would flatten their neighbours, and the gradient norms.
  std::set<std::string> hiddenSeries = {"kl",          "reverse_kl", "energy_distance", "reverse_kl_modes",
                                        "modes_total", "d_gap"};
  std::set<int> hiddenGroups = {8};  // by index into curveGroups()
  bool logY = false;
  long long windowSteps = 0;  // 0 = the whole run; else the last N iterations (scrolls)
  int shownGroups = 0;        // plots drawn by the last render (tests read it through the probe)
};

}  // namespace gs
