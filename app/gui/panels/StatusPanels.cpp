// Messages and help: the banner over the main view, the status bar, the keyboard help.
#include "gui/panels/Panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "gui/TestProbe.h"
#include "gui/Widgets.h"

namespace gs {

// Over the main view: brought to the front when it appears (ImGui puts a window that never
// comes to the front at the back, behind the view), without taking the keyboard focus.
constexpr ImGuiWindowFlags kBannerFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                          ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                          ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar |
                                          ImGuiWindowFlags_NoFocusOnAppearing;

void bannerPanel(PanelContext& ctx, ImVec2 bottomLeft, float width) {
  GuiState& ui = ctx.cmd.ui();
  const Snapshot& s = ctx.snap;
  std::string text;
  ImVec4 colour;
  std::string* dismissed = nullptr;
  std::string key;
  bool offerReset = false;  // only when something failed: a notice is not a problem to fix
  if (s.diverged && !s.divergence.empty() && s.divergence != ui.dismissedDivergence) {
    text = "Training diverged: " + s.divergence;
    colour = ImVec4(0.62f, 0.12f, 0.08f, 0.96f);
    dismissed = &ui.dismissedDivergence;
    key = s.divergence;
    offerReset = true;
  } else if (!s.error.empty() && s.error != ui.dismissedError) {
    text = "Rejected: " + s.error;
    colour = ImVec4(0.58f, 0.20f, 0.04f, 0.96f);
    dismissed = &ui.dismissedError;
    key = s.error;
  } else if (!s.notice.empty() && s.notice != ui.dismissedNotice) {
    // Notices fade out by themselves after a few seconds.
    if (s.notice != ui.noticeShown) ui.noticeShown = s.notice, ui.noticeSince = ImGui::GetTime();
    if (ImGui::GetTime() - ui.noticeSince > 8.0)
      ui.dismissedNotice = s.notice;
    else {
      text = s.notice;
      colour = ImVec4(0.10f, 0.26f, 0.44f, 0.94f);
      dismissed = &ui.dismissedNotice;
      key = s.notice;
    }
  }
  ui.bannerText = text;
  if (text.empty()) return;
  const float f = ctx.fontPx, pad = std::round(f * 0.5f);
  const float height = std::round(f * 2.3f);
  ImGui::SetNextWindowPos(ImVec2(bottomLeft.x + pad, bottomLeft.y - height - pad));
  ImGui::SetNextWindowSize(ImVec2(width - 2 * pad, height));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, colour);
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0.35f));
  ProbeScope scope("banner");
  if (ImGui::Begin("##banner", nullptr, kBannerFlags)) {
    const float buttons = ImGui::CalcTextSize(offerReset ? "Reset  Dismiss" : "Dismiss").x + f * 2.5f;
    const float x0 = ImGui::GetCursorScreenPos().x;
    ImGui::AlignTextToFramePadding();
    ImGui::PushClipRect(ImGui::GetCursorScreenPos(), ImVec2(x0 + width - 2 * pad - buttons, bottomLeft.y), true);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopClipRect();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text.c_str());
    ImGui::SameLine(width - 2 * pad - buttons);
    if (offerReset) {
      if (button("Reset")) {
        ctx.cmd.session().reset();
        *dismissed = key;
      }
      ImGui::SameLine();
    }
    if (button("Dismiss")) *dismissed = key;
  }
  ImGui::End();
  ImGui::PopStyleColor(2);
}

std::string computeLabel(const Snapshot& s) {
  if (s.backend != "cpu") return "backend " + s.backend + (s.device.empty() ? "" : " · " + s.device);
  return "backend cpu · " + std::to_string(s.threads) + (s.threads == 1 ? " thread" : " threads");
}

void statusBar(PanelContext& ctx, ImVec2 pos, ImVec2 size) {
  GuiState& ui = ctx.cmd.ui();
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.11f, 0.11f, 0.14f, 1));
  if (ImGui::Begin("##status", nullptr, kFixedWindow | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar)) {
    const Snapshot& s = ctx.snap;
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(s.running ? ImVec4(0.35f, 0.85f, 0.55f, 1) : ImVec4(0.95f, 0.8f, 0.3f, 1), "%s",
                       s.running ? "RUNNING" : "PAUSED");
    ImGui::SameLine();
    const std::string compute = computeLabel(s);
    if (ui.scripted)  // scripted runs and `render --views window`: no timing-dependent read-outs
      ImGui::Text("  iteration %lld   |   %s", s.step, compute.c_str());
    else
      ImGui::Text("  iteration %lld   |   %.0f it/s   |   %.0f frames/s   |   %s", s.step, s.itersPerSecond,
                  io.Framerate, compute.c_str());
    // A step caption belongs to a paused or slow-motion run only.
    if (!s.subStepLabel.empty() && (!s.running || ui.slowMotion)) {
      ImGui::SameLine();
      ImGui::TextColored(kYellowText, "  |  %s", s.subStepLabel.c_str());
    }
    if (!ui.toast.empty() && ImGui::GetTime() < ui.toastUntil) {
      ImGui::SameLine();
      ImGui::TextColored(ImVec4(0.6f, 0.85f, 1.0f, 1), "  |  %s", ui.toast.c_str());
    }
    const char* hint = "H: help";
    ImGui::SameLine(size.x - ImGui::CalcTextSize(hint).x - ctx.fontPx);
    ImGui::TextDisabled("%s", hint);
  }
  ImGui::End();
  ImGui::PopStyleColor();
}

void helpWindow(PanelContext& ctx) {
  GuiState& ui = ctx.cmd.ui();
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x / 2, io.DisplaySize.y / 2), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowBgAlpha(0.97f);
  if (ImGui::Begin(
          "Keyboard and mouse (H or F1 to close)", &ui.showHelp,
          ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
    const char* rows[][2] = {{"Space", "play / pause training"},
                             {"S", "one iteration (in slow motion: one sub-step)"},
                             {"D", "one discriminator step only"},
                             {"G", "one generator step only"},
                             {"R", "reset: fresh networks, same settings and seed"},
                             {"M", "slow motion on / off"},
                             {"1 - 9, 0", "pick preset 1 to 10"},
                             {"[  ]", "previous / next preset (all of them)"},
                             {"H, F1", "this help"},
                             {"Esc", "close help, stop drawing points"},
                             {"F9", "start / stop recording a video (Record section)"},
                             {"Drag", "pan the data view"},
                             {"Wheel", "zoom the data view at the cursor"},
                             {"Double-click", "reset the data view"},
                             {"Right-click", "a view's menu: export PNG"}};
    if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
      for (auto& r : rows) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextColored(kYellowText, "%s", r[0]);
        ImGui::TableSetColumnIndex(1);
        ImGui::TextUnformatted(r[1]);
      }
      ImGui::EndTable();
    }
    ImGui::Separator();
    ImGui::TextDisabled("Colours: orange = real data, sky blue = generated samples.");
    ImGui::TextDisabled("Logit objectives: dark = D(x) = 1/2 (cannot tell), purple = looks real, green = looks fake.");
  }
  ImGui::End();
}

}  // namespace gs
