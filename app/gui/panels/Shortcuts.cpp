// Keyboard shortcuts (the help window lists them).
#include "gui/panels/Panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/TestProbe.h"
#include "gui/Widgets.h"
#include "gui/panels/ExportPanel.h"
#include "gui/panels/RecordPanel.h"
#include "gui/panels/SessionDialog.h"

namespace gs {

namespace {

// GLFW key codes (ImGui 1.86 indexes io.KeysDown by the backend's codes): letters and digits
// are their ASCII codes.
constexpr int kKeySpace = 32, kKeyEscape = 256, kKeyF1 = 290, kKeyLeftBracket = 91, kKeyRightBracket = 93;
constexpr int kKeyF9 = 298;   // start / stop recording (panels/RecordPanel.h)
constexpr int kKeyF12 = 301;  // screenshot (panels/ExportPanel.h)

}  // namespace

void shortcuts(PanelContext& ctx) {
  GuiState& ui = ctx.cmd.ui();
  ImGuiIO& io = ImGui::GetIO();
  if (io.KeyCtrl && !io.WantTextInput && ImGui::IsKeyPressed('S', false))
    openSessionDialog(ctx, SessionDialogMode::Save);
  if (io.KeyCtrl && !io.WantTextInput && ImGui::IsKeyPressed('O', false))
    openSessionDialog(ctx, SessionDialogMode::Open);
  if (io.WantTextInput || io.KeyCtrl || io.KeyAlt) return;
  if (ImGui::IsKeyPressed(kKeySpace, false)) ctx.cmd.session().toggleRunning();
  if (ImGui::IsKeyPressed(kKeyF9, false)) toggleRecording(ctx);
  if (ImGui::IsKeyPressed(kKeyF12, false)) screenshotKey(ctx);
  if (ImGui::IsKeyPressed('S')) ctx.cmd.session().stepIteration();
  if (ImGui::IsKeyPressed('D')) ctx.cmd.session().stepCritic();
  if (ImGui::IsKeyPressed('G')) ctx.cmd.session().stepGenerator();
  if (ImGui::IsKeyPressed('R', false)) ctx.cmd.session().reset();
  if (ImGui::IsKeyPressed('M', false)) {
    ui.slowMotion = !ui.slowMotion;
    ctx.cmd.session().setSlowMotion(ui.slowMotion);
  }
  if (ImGui::IsKeyPressed('H', false) || ImGui::IsKeyPressed(kKeyF1, false)) ui.showHelp = !ui.showHelp;
  if (ImGui::IsKeyPressed(kKeyEscape, false)) {
    ui.showHelp = false;
    ctx.cmd.views().data().drawing = false;
  }
  // 1-9 and 0 pick presets 1-10; [ and ] step through all of them.
  for (int k = 0; k <= 9; ++k)
    if (ImGui::IsKeyPressed('0' + k, false)) ctx.cmd.pickPreset(size_t(k == 0 ? 9 : k - 1));
  if (!ui.presets.empty()) {
    size_t current = ui.presets.size();
    for (size_t i = 0; i < ui.presets.size(); ++i)
      if (ui.presets[i].name == ui.presetName) current = i;
    if (ImGui::IsKeyPressed(kKeyRightBracket, false))
      ctx.cmd.pickPreset(current >= ui.presets.size() ? 0 : (current + 1) % ui.presets.size());
    if (ImGui::IsKeyPressed(kKeyLeftBracket, false))
      ctx.cmd.pickPreset(current >= ui.presets.size() ? ui.presets.size() - 1
                                                      : (current + ui.presets.size() - 1) % ui.presets.size());
  }
}

}  // namespace gs
