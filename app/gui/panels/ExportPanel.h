// Export: the controls section for screenshots (whole window or one view, 1x / 2x / 4x, F12)
// and the metrics CSV, with the folder they go to and the last saved path (app/gui/Exports.h).
#pragma once
#include "gui/panels/Panel.h"

namespace gs {

// Draws the section (inside the controls column).
void exportPanel(PanelContext& ctx);
// F12: a screenshot of the section's target at its scale.
void screenshotKey(PanelContext& ctx);

}  // namespace gs
