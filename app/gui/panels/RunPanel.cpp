// Run controls: play/pause, single steps, reset and seed, slow motion, speed limit.
#include "gui/panels/Panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/TestProbe.h"
#include "gui/Widgets.h"

namespace gs {

void runPanel(PanelContext& ctx) {
  GuiState& ui = ctx.cmd.ui();
  ProbeScope scope("run");
  const Snapshot& s = ctx.snap;
  const float full = ImGui::GetContentRegionAvail().x;
  const float sp = ImGui::GetStyle().ItemSpacing.x;
  ImGui::PushStyleColor(ImGuiCol_Button, s.running ? ImVec4(0.55f, 0.36f, 0.08f, 1) : ImVec4(0.10f, 0.45f, 0.28f, 1));
  if (button(s.running ? "Pause  (space)##play (space)" : "Play  (space)##play (space)",
             ImVec2(full, ImGui::GetFrameHeight() * 1.4f)))
    ctx.cmd.session().toggleRunning();
  ImGui::PopStyleColor();
  const float third = (full - 2 * sp) / 3;
  // Big text: the key hints move into the tooltips rather than being cut off.
  const bool roomy = ImGui::CalcTextSize("D only (D)").x + ImGui::GetStyle().FramePadding.x * 2 <= third;
  if (button(roomy ? "Step (S)" : "Step##Step (S)", ImVec2(third, 0))) ctx.cmd.session().stepIteration();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("One full iteration: %d D step(s), then %d G step(s)", ctx.cfg.dSteps, ctx.cfg.gSteps);
  ImGui::SameLine();
  if (button(roomy ? "D only (D)" : "D only##D only (D)", ImVec2(third, 0))) ctx.cmd.session().stepCritic();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("One discriminator step only (key D)");
  ImGui::SameLine();
  if (button(roomy ? "G only (G)" : "G only##G only (G)", ImVec2(third, 0))) ctx.cmd.session().stepGenerator();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("One generator step only (key G)");
  const float half = (full - sp) / 2;
  // The seed field needs room for a number and its -/+ buttons; else it takes its own row and
  // Reset the whole width.
  const float seedW = ImGui::CalcTextSize("seed 0000000").x + ImGui::GetFrameHeight() * 2 + sp * 3;
  const bool seedBeside = half >= seedW;
  if (button("Reset (R)", ImVec2(seedBeside ? half : full, 0))) ctx.cmd.session().reset();
  if (seedBeside) ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("seed");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  int seed = int(ctx.cfg.seed);
  if (inputInt("##seed", &seed, 1, 10)) {
    ctx.cfg.seed = uint64_t(std::max(0, seed));
    ctx.cmd.applyConfig();
    ctx.cmd.session().reset();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Seed: changing it restarts with fresh networks");
  if (checkbox("Slow motion (M)", &ui.slowMotion)) ctx.cmd.session().setSlowMotion(ui.slowMotion);
  helpMarker(
      "Walks through an iteration one sub-step at a time (each D step, each G step), so the class "
      "can see who moves when. The status bar names the sub-step.");
  if (ui.slowMotion) {
    if (ImGui::SliderFloat("sub-steps/s", &ui.subStepRate, 0.2f, 20.0f, "%.1f", ImGuiSliderFlags_Logarithmic))
      ctx.cmd.session().setSubStepsPerSecond(ui.subStepRate);
    probeItem("sub-steps/s", "slider");
    if (!s.subStepLabel.empty()) ImGui::TextColored(kYellowText, "%s", s.subStepLabel.c_str());
  }
  // A preset may start at a teaching pace (config speed_limit); the checkbox shows the session's.
  if (!ImGui::IsAnyItemActive() && ImGui::GetTime() - ui.speedEdit > 1.0) {
    ui.limitSpeed = s.config.speedLimit > 0;
    if (ui.limitSpeed) ui.speedLimit = float(s.config.speedLimit);
  }
  if (checkbox("Speed limit", &ui.limitSpeed)) {
    ctx.cmd.session().setSpeedLimit(ui.limitSpeed ? ui.speedLimit : 0.0);
    ui.speedEdit = ImGui::GetTime();
  }
  if (ui.limitSpeed) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (settingSlider("speed_limit", ui.speedLimit, "##speed", "%.0f it/s")) {
      ctx.cmd.session().setSpeedLimit(ui.speedLimit);
      ui.speedEdit = ImGui::GetTime();
    }
  }
  ImGui::Separator();
}

}  // namespace gs
