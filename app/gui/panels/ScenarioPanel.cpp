// The preset list and the running preset's teaching note.
#include "gui/panels/Panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/TestProbe.h"
#include "gui/Widgets.h"

namespace gs {

void scenarioPanel(PanelContext& ctx) {
  GuiState& ui = ctx.cmd.ui();
  const bool open = ImGui::CollapsingHeader("Scenario", ImGuiTreeNodeFlags_DefaultOpen);
  probeItem("section.Scenario", "header");
  if (!open) return;
  ProbeScope scope("scenario");
  std::string current = ui.presetName.empty() ? "(custom)" : ui.presetName;
  size_t currentIndex = ui.presets.size();
  for (size_t i = 0; i < ui.presets.size(); ++i)
    if (ui.presets[i].name == ui.presetName) currentIndex = i;
  if (currentIndex < ui.presets.size() && !ui.presets[currentIndex].title.empty())
    current = ui.presets[currentIndex].title;
  ImGui::SetNextItemWidth(-1);
  probeNextFrame("preset", "combo");
  if (ImGui::BeginCombo("##preset", current.c_str(), ImGuiComboFlags_HeightLarge)) {
    for (size_t i = 0; i < ui.presets.size(); ++i) {
      const PresetInfo& p = ui.presets[i];
      char label[256];
      const std::string keyName = i < 9 ? std::to_string(i + 1) + "." : i == 9 ? "0." : "  ";
      std::snprintf(label, sizeof label, "%s  %s##%s", keyName.c_str(),
                    p.title.empty() ? p.name.c_str() : p.title.c_str(), p.name.c_str());
      if (!p.error.empty()) ImGui::BeginDisabled();
      if (ImGui::Selectable(label, i == currentIndex)) ctx.cmd.pickPreset(i);
      probeItem(("preset." + p.name).c_str(), "menuitem");
      if (!p.error.empty()) ImGui::EndDisabled();
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", p.error.empty() ? firstSentence(p.note).c_str() : p.error.c_str());
    }
    ImGui::EndCombo();
  }
  if (!ui.presetError.empty()) ImGui::TextColored(ImVec4(1, 0.5f, 0.3f, 1), "%s", ui.presetError.c_str());
  const std::string& note = !ctx.snap.config.note.empty() ? ctx.snap.config.note : ctx.cfg.note;
  if (!note.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.86f, 0.86f, 0.80f, 1));
    ImGui::TextWrapped("%s", note.c_str());
    ImGui::PopStyleColor();
  }
}

}  // namespace gs
