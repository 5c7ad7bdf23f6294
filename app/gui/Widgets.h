// The controls' shared widgets: ImGui widgets on our value types (double, std::string), each
// recorded by the test probe under its label (TestProbe.h), so every control a panel draws
// can be found and driven by the real-input tests.
#pragma once
#include <imgui.h>

#include <initializer_list>
#include <string>
#include <vector>

namespace gs {

// "(?)" after the last item, with `text` as its tooltip.
void helpMarker(const char* text);
// A combo over strings (tooltips per entry optional); true when the value changed.
bool comboStrings(const char* label, std::string& value, const std::vector<std::string>& items,
                  const std::vector<std::string>* tooltips = nullptr, ImGuiComboFlags flags = 0);
bool sliderDouble(const char* label, double& v, double lo, double hi, const char* fmt, bool log = false);
bool button(const char* label, ImVec2 size = ImVec2(0, 0));
bool checkbox(const char* label, bool* v);
bool inputInt(const char* label, int* v, int step = 1, int stepFast = 100);

// Widgets for one config key: range, slider span, log scale, choices and tooltip come from its
// declaration (core/config/Settings.h), so a control can never offer a value the config would
// reject, nor disagree with `ganscope settings`. The probe records the key and the range used.
bool settingSlider(const char* key, double& v, const char* label, const char* fmt);
bool settingSlider(const char* key, float& v, const char* label, const char* fmt);
bool settingInt(const char* key, int& v, const char* label);
bool settingCombo(const char* key, std::string& v, const char* label,
                  const std::vector<std::string>* tooltips = nullptr, ImGuiComboFlags flags = 0);
// A combo over a few useful values of an integer key (batch sizes, widths); values outside the
// key's range are not offered.
bool settingIntChoices(const char* key, int& v, const char* label, std::initializer_list<int> options);

// Flags for the fixed, full-window layout: nothing moves, resizes or remembers.
constexpr ImGuiWindowFlags kFixedWindow = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                          ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                          ImGuiWindowFlags_NoBringToFrontOnFocus;
constexpr ImGuiWindowFlags kViewWindow =
    kFixedWindow | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;

// Colours the panels share (status yellow: slow-motion captions, key names).
inline const ImVec4 kYellowText(0.94f, 0.89f, 0.26f, 1);

}  // namespace gs
