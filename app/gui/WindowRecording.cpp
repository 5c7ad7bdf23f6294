// Whole-window recording in the frame loop (see WindowRecording.h).
#include "gui/WindowRecording.h"

#include <epoxy/gl.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>

#include <exception>
#include <string>
#include <vector>

#include "gui/App.h"
#include "gui/GlUtil.h"
#include "gui/Recorder.h"
#include "gui/WindowCapture.h"
#include "gui/panels/RecordPanel.h"

namespace gs {

Recorder* windowRecorder(App& app) {
  const auto& rs = app.commands().ui().record;
  if (!rs || !rs->recorder || !rs->recorder->recordsWindow()) return nullptr;
  return rs->recorder.get();
}

void renderWindowFrame(App& app, int fbW, int fbH) {
  ImDrawData* dd = ImGui::GetDrawData();
  Recorder* rec = windowRecorder(app);
  if (!dd || !rec || !rec->wantsWindowFrame() || rec->settings().mode != RecordMode::RealTime) {
    if (dd) ImGui_ImplOpenGL3_RenderDrawData(dd);
    return;
  }
  // The indicator's own draw list goes after the read-back (a top-level window with no children).
  const ImGuiWindow* indicator = ImGui::FindWindowByName(kRecIndicatorWindow);
  std::vector<ImDrawList*> all(dd->CmdLists, dd->CmdLists + dd->CmdListsCount), picture, overlay;
  for (ImDrawList* list : all) (indicator && list == indicator->DrawList ? overlay : picture).push_back(list);
  ImDrawData part = *dd;
  part.CmdLists = picture.data();
  part.CmdListsCount = int(picture.size());
  ImGui_ImplOpenGL3_RenderDrawData(&part);
  glReadBuffer(GL_BACK);
  try {
    rec->takeWindowFrame(readPixelsTopDown(fbW, fbH), fbW, fbH);
  } catch (const std::exception& e) {
    rec->stop();
    app.commands().toast(std::string("recording failed: ") + e.what());
  }
  if (!overlay.empty()) {
    part.CmdLists = overlay.data();
    part.CmdListsCount = int(overlay.size());
    ImGui_ImplOpenGL3_RenderDrawData(&part);
  }
}

void takeWindowRecordingFrame(App& app) {
  Recorder* rec = windowRecorder(app);
  if (!rec || !rec->wantsWindowFrame() || rec->settings().mode != RecordMode::PerK) return;
  try {
    int w = 0, h = 0;
    rec->setCapturing(true);
    std::vector<uint8_t> px = captureWindow(app, rec->windowScale(), w, h);
    rec->setCapturing(false);
    rec->takeWindowFrame(std::move(px), w, h);
  } catch (const std::exception& e) {
    rec->setCapturing(false);
    rec->stop();
    app.commands().toast(std::string("recording failed: ") + e.what());
  }
}

}  // namespace gs
