// Whole-window recording in the window's frame loop (Recorder with view "window"): the frame
// loop renders through renderWindowFrame and calls takeWindowRecordingFrame after presenting.
// Real time: the frame the room sees is read back from the window's framebuffer, without the
// REC indicator, only on the frames the recorder asks for. Per K: once the awaited snapshot is
// shown, the window is re-rendered (captureWindow) at the recording's scale, REC indicator left out.
#pragma once

namespace gs {

class App;
class Recorder;

// The recorder of the Record section when it records the whole window, else nullptr.
Recorder* windowRecorder(App& app);

// Renders this frame's ImGui draw data into the bound framebuffer (fbW x fbH). When a
// real-time whole-window recording wants this frame, the frame is first rendered without the
// REC indicator and read back (GL_BACK) for the recorder, then the indicator is drawn on top.
void renderWindowFrame(App& app, int fbW, int fbH);

// After the frame was presented: a per-K whole-window frame that is due is captured
// (captureWindow at the recording's scale) and queued. Needs the ImGui OpenGL3 backend.
void takeWindowRecordingFrame(App& app);

}  // namespace gs
