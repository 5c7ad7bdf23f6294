// Pictures and numbers out of the window: screenshots of the whole window or one view at 1x,
// 2x or 4x (a real re-render, see WindowCapture.h) and the run's metrics as CSV. Files get
// auto-numbered names in the export folder and never overwrite one another; a screenshot
// carries the preset, iteration, seed and full config as PNG text (`--config shot.png` reopens
// it); the saved path goes to GuiState::lastSaved and the toast.
#pragma once
#include <string>
#include <vector>

#include "gui/Commands.h"
#include "train/Snapshot.h"
#include "util/PngText.h"

namespace gs {

class App;

// What the Export section edits (GuiState::exports).
struct ExportState {
  std::string folder = ".";       // "~/" is the home folder; created when missing
  int scale = 1;                  // 1, 2 or 4
  std::string target = "window";  // "window" or a view name
  int pendingWindowScale = 0;     // a whole-window shot asked for this frame, taken between frames
};
ExportState& exportState(GuiState& ui);

// The PNG text of a screenshot: Software, ganscope:preset, ganscope:iteration, ganscope:seed
// and ganscope:config (configToJson of the snapshot's config).
std::vector<PngText> screenshotText(const Snapshot& snap, const std::string& presetName);

// <folder>/ganscope-<what>-<preset>-step<N>[-<k>x]-NNN.<ext> with the first NNN (from 001) that
// names no file yet; preset "" reads "config". `scale` 0 leaves out the -<k>x part. Throws
// std::runtime_error when the folder cannot be made.
std::string nextExportPath(const std::string& folder, const std::string& what, const std::string& preset,
                           long long step, int scale, const std::string& ext);

// One view at `scale` times its on-screen size (960x540 when it is not on screen).
void saveViewShot(Commands& cmd, View& view, const Snapshot& snap, int scale);
// The metrics table `train` writes (core/train/MetricsCsv.h), from the snapshot's history.
void saveMetricsCsv(Commands& cmd, const Snapshot& snap);
// F12 and the Screenshot button: the section's target at its scale. A view is saved at once;
// the whole window at the next frame boundary (takePendingWindowShot).
void requestScreenshot(Commands& cmd, const Snapshot& snap);
// The window's frame loop calls this after presenting a frame: takes an asked-for window shot.
void takePendingWindowShot(App& app);

}  // namespace gs
