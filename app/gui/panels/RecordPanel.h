// Record: the window's video recording section (source view or the whole window, size, per-K or real-time mode,
// file), the REC indicator over the window while recording, and the F9 key.
#pragma once
#include <memory>
#include <string>

#include "gui/Recorder.h"
#include "gui/panels/Panel.h"

namespace gs {

// The REC indicator's ImGui window (left out of whole-window recordings, WindowRecording.h).
inline constexpr const char* kRecIndicatorWindow = "##rec-indicator";

// What the Record section edits and owns (GuiState::record).
struct RecordState {
  RecordSettings settings;
  int sizeChoice = 0;   // index into the section's size list (0 = on-screen)
  int scaleChoice = 0;  // the whole window: 1x, 2x, 4x
  std::string path;     // file being typed
  std::unique_ptr<Recorder> recorder;
};

// Call once per frame inside the controls column: draws the section and the REC indicator
// and lets the recorder take the frames that are due.
void recordPanel(PanelContext& ctx);
// Starts a recording with the section's settings, or stops the one running (F9).
void toggleRecording(PanelContext& ctx);

}  // namespace gs
