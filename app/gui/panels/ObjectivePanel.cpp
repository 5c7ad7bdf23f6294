// Objective: the loss, its formula and parameters, R1 and instance noise.
#include "gui/panels/Panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/TestProbe.h"
#include "gui/Widgets.h"
#include "objectives/Registry.h"

namespace gs {

namespace {

std::string objectiveTitle(const std::string& name) {
  try {
    return makeObjective(name)->info().title;
  } catch (const std::exception&) { return name; }
}

}  // namespace

void objectivePanel(PanelContext& ctx) {
  const bool open = ImGui::CollapsingHeader("Objective", ImGuiTreeNodeFlags_DefaultOpen);
  probeItem("section.Objective", "header");
  if (!open) return;
  ProbeScope scope("objective");
  // The registry's names and titles, read once per window (they never change while it runs).
  GuiState& ui = ctx.cmd.ui();
  if (ui.objectiveNames.empty()) {
    ui.objectiveNames = objectiveNames();
    for (const auto& n : ui.objectiveNames) ui.objectiveTitles.push_back(objectiveTitle(n));
  }
  const std::vector<std::string>& names = ui.objectiveNames;
  const std::vector<std::string>& titles = ui.objectiveTitles;
  std::string current = ctx.cfg.objective;
  if (comboStrings("objective", current, names, &titles)) {
    ctx.cfg.objective = current;
    ctx.cfg.objectiveParams.clear();  // the old objective's parameters mean nothing to the new one
    ctx.cmd.applyConfig();
  }
  // Parameter specs: the running objective's (current values) or the new one's defaults.
  std::vector<ParamSpec> specs;
  ObjectiveInfo info;
  if (ctx.snap.config.objective == ctx.cfg.objective) {
    specs = ctx.snap.objectiveParams;
    info = ctx.snap.objective;
  } else {
    try {
      auto o = makeObjective(ctx.cfg.objective);
      specs = o->params();
      info = o->info();
    } catch (const std::exception&) {}
  }
  if (!info.formula.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.85f, 1.0f, 1));
    ImGui::TextWrapped("%s", info.formula.c_str());
    ImGui::PopStyleColor();
  }
  if (!info.source.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", info.source.c_str());
  bool changed = false;
  for (const ParamSpec& p : specs) {
    auto it = ctx.cfg.objectiveParams.find(p.key);
    double v = it != ctx.cfg.objectiveParams.end() ? it->second : p.value;
    ImGui::PushID(p.key.c_str());
    bool c = false;
    if (!p.choices.empty()) {  // a choice (calibrated EBGAN's regulariser): its words
      std::string word = paramValueText(p, v);
      c = comboStrings(p.key.c_str(), word, p.choices);
      if (c) v = paramChoiceIndex(p, word);
    } else if (p.integer) {
      int iv = int(std::lround(v));
      c = ImGui::SliderInt(p.key.c_str(), &iv, int(p.min), int(p.max));
      probeItem(p.key.c_str(), "slider");
      v = iv;
    } else {
      c = sliderDouble(p.key.c_str(), v, p.min, p.max, "%.4g", p.logScale && p.min > 0);
    }
    if (!p.help.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.help.c_str());
    if (c) {
      ctx.cfg.objectiveParams[p.key] = v;
      changed = true;
    }
    ImGui::PopID();
  }
  changed |= settingSlider("reg.r1_gamma", ctx.cfg.r1Gamma, "R1 gamma", "%.3g");
  changed |= settingSlider("reg.instance_noise", ctx.cfg.instanceNoise, "inst. noise", "%.3f");
  if (changed) ctx.cmd.applyConfig();
}

}  // namespace gs
