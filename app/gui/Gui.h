// The GUI entry point: opens the window, runs a Session and shows its views until closed.
#pragma once
#include "gui/GuiOptions.h"

namespace gs {

// Returns the process exit code: 0 on a normal close (or after --quit-after), 1 when no
// window can be opened (no display, no OpenGL 3.3) or the config is rejected.
int runGui(const GuiOptions& options);

}  // namespace gs
