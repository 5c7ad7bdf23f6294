// The GUI application: layout and frame (see App.h).
#include "gui/App.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "backend/CudaBackend.h"
#include "gui/TestProbe.h"
#include "gui/panels/Panel.h"
#include "gui/panels/SessionDialog.h"
#include "gui/panels/TimelinePanel.h"

namespace gs {

App::App(Session& session, const GuiFonts& fonts, std::string presetName, bool withGl)
    : session_(session), fonts_(fonts), host_(withGl), cfg_(session.config()), cmd_(session, cfg_, ui_, host_) {
  ui_.presetName = std::move(presetName);
  setFonts(fonts);
  snap_ = session_.latest();
  ui_.threads = snap_->threads;
  ui_.cudaUnavailable = cudaUnavailableReason();
  try {
    ui_.presets = listPresets();
  } catch (const std::exception& e) { ui_.presetError = e.what(); }
  if (cfg_.data.name == "csv" || cfg_.data.name == "image") ui_.fileBuffer = cfg_.data.path;
}

void App::setFonts(const GuiFonts& fonts) {
  fonts_ = fonts;
  ui_.fontPx = ui_.wantedFontPx = fonts.px;
  host_.setFonts(fonts);
}

std::string App::exportView(const std::string& name, int width, int height, const std::string& path) {
  return host_.exportPng(name, *snap_, width, height, path);
}

// The controls edit a local copy; each edit is posted whole. The session's config (which
// changes only once a command is applied) wins again when the user is idle, so a rejected
// value springs back and the banner says why.
void App::syncConfig() {
  if (ImGui::IsAnyItemActive() || ImGui::GetTime() - ui_.lastEdit < 1.0) return;
  cfg_ = session_.config();
}

void App::frame() {
  snap_ = session_.latest();
  host_.update(*snap_);
  syncConfig();
  PanelContext ctx{cfg_, *snap_, cmd_, fonts_.px};
  shortcuts(ctx);

  const ImGuiIO& io = ImGui::GetIO();
  const float W = io.DisplaySize.x, H = io.DisplaySize.y, f = fonts_.px;
  const float statusH = std::round(f * 1.9f);
  // The main view gets the space first, at every text size: the side columns take fixed
  // shares of the window (their contents scroll or wrap), never a share that grows with the font.
  const float bodyH = std::max(100.0f, H - statusH);
  const float leftW = std::round(std::clamp(W * 0.22f, std::min(W * 0.3f, f * 14.0f), W * 0.26f));
  const float rightW = std::round(std::clamp(W * 0.27f, std::min(W * 0.3f, f * 15.0f), W * 0.30f));
  const float centreW = std::max(100.0f, W - leftW - rightW);
  {
    ProbeScope scope("controls");
    controlsPanel(ctx, ImVec2(0, 0), ImVec2(leftW, bodyH));
  }
  const float timelineH = timelinePanelHeight(f);  // the scrubber under the main view
  mainViewsPanel(ctx, ImVec2(leftW, 0), ImVec2(centreW, bodyH - timelineH));
  timelinePanel(ctx, ImVec2(leftW, bodyH - timelineH), ImVec2(centreW, timelineH));
  const float convH = std::round(bodyH * 0.23f), curvesH = std::round(bodyH * 0.49f);
  const float rx = leftW + centreW;
  viewPanel(ctx, "Convergence", host_.convergence(), ImVec2(rx, 0), ImVec2(rightW, convH));
  curvesPanel(ctx, ImVec2(rx, convH), ImVec2(rightW, curvesH));
  viewPanel(ctx, "Mode coverage", host_.coverage(), ImVec2(rx, convH + curvesH),
            ImVec2(rightW, bodyH - convH - curvesH));
  statusBar(ctx, ImVec2(0, H - statusH), ImVec2(W, statusH));
  // Banners float over the bottom of the main view: the layout never moves under the pointer.
  bannerPanel(ctx, ImVec2(leftW, bodyH - timelineH), centreW);
  if (ui_.showHelp) helpWindow(ctx);
  sessionDialog(ctx);
  if (activeProbe()) fillProbeState();
}

// What the real-input tests check after driving the window (TestProbe.h).
void App::fillProbeState() {
  nlohmann::json& st = activeProbe()->state();
  const Snapshot& s = *snap_;
  st["step"] = s.step;
  st["version"] = s.version;
  st["running"] = s.running;
  st["config"] = configToJson(s.config);
  st["edited_config"] = configToJson(cfg_);
  st["help_visible"] = ui_.showHelp;
  st["slow_motion"] = ui_.slowMotion;
  st["sub_step_label"] = s.subStepLabel;
  st["toast"] = ImGui::GetTime() < ui_.toastUntil ? ui_.toast : "";
  st["banner"] = ui_.bannerText;
  st["last_saved"] = ui_.lastSaved;
  st["preset"] = ui_.presetName;
  st["font_px"] = fonts_.px;
  st["display"] = {ImGui::GetIO().DisplaySize.x, ImGui::GetIO().DisplaySize.y};
  st["text"] = {{"controls.data.file", ui_.fileBuffer}, {"controls.run.seed", std::to_string(cfg_.seed)}};
  st["want_text_input"] = ImGui::GetIO().WantTextInput;
  st["drawing"] = host_.data().drawing;
  st["history_rows"] = s.history ? s.history->steps().size() : 0;
  st["history_last_step"] = s.history && !s.history->steps().empty() ? s.history->steps().back() : -1;
  st["curves_groups_shown"] = host_.curves().shownGroups;
  st["modes_captured"] = s.coverage.modesCaptured;
  st["verdict"] = s.verdict;
  st["compute"] = {{"backend", s.backend}, {"threads", s.threads}, {"device", s.device}, {"label", computeLabel(s)}};
  st["timeline"] = {{"viewed_step", s.timeline.viewedStep},
                    {"live_step", s.timeline.liveStep},
                    {"checkpoints", s.timeline.steps},
                    {"marks", s.timeline.marks.size()}};
}

}  // namespace gs
