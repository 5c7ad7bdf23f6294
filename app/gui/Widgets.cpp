// Shared control widgets (see Widgets.h).
#include "gui/Widgets.h"

#include "gui/TestProbe.h"

namespace gs {

void helpMarker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

bool comboStrings(const char* label, std::string& value, const std::vector<std::string>& items,
                  const std::vector<std::string>* tooltips, ImGuiComboFlags flags) {
  bool changed = false;
  probeNextFrame(label, "combo");
  if (ImGui::BeginCombo(label, value.c_str(), flags)) {
    for (size_t i = 0; i < items.size(); ++i) {
      const bool selected = items[i] == value;
      if (ImGui::Selectable(items[i].c_str(), selected)) {
        changed = items[i] != value;
        value = items[i];
      }
      probeItem((std::string(label) + "." + items[i]).c_str(), "menuitem");
      if (tooltips && i < tooltips->size() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", (*tooltips)[i].c_str());
      if (selected) ImGui::SetItemDefaultFocus();
    }
    ImGui::EndCombo();
  }
  return changed;
}

bool sliderDouble(const char* label, double& v, double lo, double hi, const char* fmt, bool log) {
  float f = float(v);
  const bool changed =
      ImGui::SliderFloat(label, &f, float(lo), float(hi), fmt, log ? ImGuiSliderFlags_Logarithmic : 0);
  if (changed) v = double(f);
  probeItem(label, "slider", v);
  return changed;
}

bool comboInt(const char* label, int& value, std::initializer_list<int> options) {
  bool changed = false;
  const std::string cur = std::to_string(value);
  probeNextFrame(label, "combo");
  if (ImGui::BeginCombo(label, cur.c_str())) {
    for (int o : options) {
      if (ImGui::Selectable(std::to_string(o).c_str(), o == value)) {
        changed = o != value;
        value = o;
      }
      probeItem((std::string(label) + "." + std::to_string(o)).c_str(), "menuitem");
    }
    ImGui::EndCombo();
  }
  return changed;
}

bool button(const char* label, ImVec2 size) {
  const bool pressed = ImGui::Button(label, size);
  probeItem(label, "button");
  return pressed;
}

bool checkbox(const char* label, bool* v) {
  const bool changed = ImGui::Checkbox(label, v);
  probeItem(label, "checkbox", *v);
  return changed;
}

bool inputInt(const char* label, int* v, int step, int stepFast) {
  const bool changed = ImGui::InputInt(label, v, step, stepFast);
  probeItem(label, "input");
  return changed;
}

}  // namespace gs
