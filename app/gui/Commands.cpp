// Commands (see Commands.h).
#include "gui/Commands.h"

#include <imgui.h>

#include <exception>

#include "gui/Exports.h"

namespace gs {

void Commands::applyConfig() {
  session_.setConfig(cfg_);
  ui_.lastEdit = ImGui::GetTime();
}

void Commands::pickPreset(size_t index) {
  if (index >= ui_.presets.size()) return;
  const PresetInfo& p = ui_.presets[index];
  try {
    Config c = configFromJson(loadPreset(p.name));
    session_.setConfig(c);
    session_.reset();
    cfg_ = c;
    ui_.lastEdit = ImGui::GetTime();
    ui_.presetName = p.name;
    views_.data().resetView();
    views_.data().drawing = false;
    views_.data().pendingPoints.clear();
    toast("preset " + p.name + ": " + c.title);
  } catch (const std::exception& e) { toast(std::string("cannot load preset: ") + e.what()); }
}

void Commands::nextPreset(int direction) {
  const size_t n = ui_.presets.size();
  if (n == 0) return;
  size_t current = n;
  for (size_t i = 0; i < n; ++i)
    if (ui_.presets[i].name == ui_.presetName) current = i;
  if (current == n)
    pickPreset(direction > 0 ? 0 : n - 1);
  else
    pickPreset((current + n + size_t(direction > 0 ? 1 : n - 1)) % n);
}

void Commands::toggleSlowMotion() {
  ui_.slowMotion = !ui_.slowMotion;
  session_.setSlowMotion(ui_.slowMotion);
}

void Commands::applyDrawnPoints() {
  const auto& points = views_.data().pendingPoints;
  if (points.size() < 2) return;
  cfg_.data.name = "points";
  cfg_.data.points = points;
  cfg_.data.scale = 1.0;
  cfg_.data.path.clear();
  applyConfig();
}

void Commands::exportView(View& view, const Snapshot& snap) { saveViewShot(*this, view, snap, exportState(ui_).scale); }

void Commands::toast(const std::string& message) {
  ui_.toast = message;
  ui_.toastUntil = ImGui::GetTime() + 6.0;
}

}  // namespace gs
