// The timeline strip under the main view: a scrubber over the run's checkpoints with its event
// marks (branch, objective and data changes, reset), the state shown ("LIVE" or "VIEWING
// iteration S"), Live and Continue-from-here buttons and, in a small popup, how often a
// checkpoint is taken and how much memory the history may use. Dragging back pauses the live run
// and shows that state in every view; Live returns to it untouched; Continue makes the viewed
// state the run (with the current settings) and trains on.
#pragma once
#include "gui/panels/Panel.h"

namespace gs {

// The strip's height at this text size (App reserves it under the main view).
float timelinePanelHeight(float fontPx);
void timelinePanel(PanelContext& ctx, ImVec2 pos, ImVec2 size);

}  // namespace gs
