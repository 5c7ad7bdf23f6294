// Shared control widgets (see Widgets.h).
#include "gui/Widgets.h"

#include <algorithm>

#include "config/Settings.h"
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
  if (TestProbe* p = activeProbe()) p->setLastValue(value);  // what the combo shows
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
  const bool changed = ImGui::SliderFloat(label, &f, float(lo), float(hi), fmt, log ? ImGuiSliderFlags_Logarithmic : 0);
  if (changed) v = double(f);
  probeItem(label, "slider", v);
  return changed;
}

namespace {

// A combo over the options that `offered` accepts.
template <class Pred>
bool comboIntIf(const char* label, int& value, std::initializer_list<int> options, Pred offered) {
  bool changed = false;
  const std::string cur = std::to_string(value);
  probeNextFrame(label, "combo");
  if (ImGui::BeginCombo(label, cur.c_str())) {
    for (int o : options) {
      if (!offered(o)) continue;
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

}  // namespace

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
  probeItem(label, "input", *v);
  return changed;
}

namespace {

// The span a slider covers: the declared slider span, else the valid range.
void sliderSpan(const SettingSpec& spec, double& lo, double& hi) {
  lo = spec.min;
  hi = spec.max;
  if (spec.sliderMin != 0 || spec.sliderMax != 0) lo = spec.sliderMin, hi = spec.sliderMax;
}

void noteSetting(const SettingSpec& spec, const char* label, const char* kind, const nlohmann::json& value) {
  if (TestProbe* p = activeProbe()) {
    p->item(label, kind);
    p->setLastValue(value);
    p->setLast("setting", spec.key);
    if (spec.type == SettingType::Int || spec.type == SettingType::Double) {
      p->setLast("min", spec.min);
      p->setLast("max", spec.max);
    }
    if (spec.type == SettingType::Choice) p->setLast("choices", spec.choices);
  }
  if (!spec.help.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", spec.help.c_str());
}

// A typed or dragged value still has to be valid: clamp into the declared range (open ends
// stay just inside).
double clampToSpec(const SettingSpec& spec, double v) {
  double lo = spec.min, hi = spec.max;
  if (spec.minOpen) lo = std::nextafter(lo, hi);
  if (spec.maxOpen) hi = std::nextafter(hi, lo);
  return std::clamp(v, lo, hi);
}

}  // namespace

bool settingSlider(const char* key, double& v, const char* label, const char* fmt) {
  const SettingSpec& spec = settingSpec(key);
  double lo, hi;
  sliderSpan(spec, lo, hi);
  const bool changed = sliderDouble(label, v, lo, hi, fmt, spec.logScale && lo > 0);
  // Ctrl+click types a value: it may leave the slider's span but not the valid range.
  if (changed) v = clampToSpec(spec, v);
  noteSetting(spec, label, "slider", v);
  return changed;
}

bool settingSlider(const char* key, float& v, const char* label, const char* fmt) {
  double d = v;
  const bool changed = settingSlider(key, d, label, fmt);
  if (changed) v = float(d);
  return changed;
}

bool settingInt(const char* key, int& v, const char* label) {
  const SettingSpec& spec = settingSpec(key);
  int x = v;
  bool changed = ImGui::InputInt(label, &x);
  if (changed) {
    x = int(clampToSpec(spec, double(x)));
    changed = x != v;
    v = x;
  }
  noteSetting(spec, label, "input", v);
  return changed;
}

bool settingCombo(const char* key, std::string& v, const char* label, const std::vector<std::string>* tooltips,
                  ImGuiComboFlags flags) {
  const SettingSpec& spec = settingSpec(key);
  const bool changed = comboStrings(label, v, spec.choices, tooltips, flags);
  if (TestProbe* p = activeProbe()) {
    p->selectLast(label);
    p->setLast("setting", spec.key);
    p->setLast("choices", spec.choices);
  }
  return changed;
}

bool settingIntChoices(const char* key, int& v, const char* label, std::initializer_list<int> options) {
  const SettingSpec& spec = settingSpec(key);
  const bool changed = comboIntIf(label, v, options, [&](int o) { return settingInRange(spec, o); });
  if (TestProbe* p = activeProbe()) {
    p->selectLast(label);
    p->setLast("setting", spec.key);
    p->setLast("min", spec.min);
    p->setLast("max", spec.max);
  }
  return changed;
}

}  // namespace gs
