// Training: batch, D and G steps, each network's optimiser and learning rate.
#include "gui/panels/Panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/TestProbe.h"
#include "gui/Widgets.h"
#include "optim/Optimizer.h"

namespace gs {

namespace {

bool optimizerControls(const char* id, NetConfig& n) {
  bool changed = false;
  ImGui::PushID(id);
  ProbeScope scope(id);
  changed |= comboStrings("optimizer", n.optimizer, optimizerNames());
  changed |= sliderDouble("learning rate", n.lr, 1e-6, 1e-1, "%.1e", true);
  const bool sgd = n.optimizer == "sgd";
  changed |= sliderDouble(sgd ? "momentum" : "beta1", n.beta1, 0.0, 0.99, "%.2f");
  if (!sgd) changed |= sliderDouble(n.optimizer == "rmsprop" ? "alpha" : "beta2", n.beta2, 0.0, 0.9999, "%.4f");
  ImGui::PopID();
  return changed;
}

}  // namespace

void trainingPanel(PanelContext& ctx) {
  const bool open = ImGui::CollapsingHeader("Training");
  probeItem("section.Training", "header");
  if (!open) return;
  ProbeScope scope("training");
  bool changed = false;
  changed |= comboInt("batch", ctx.cfg.batch, {16, 32, 64, 128, 256, 512, 1024});
  if (inputInt("D steps", &ctx.cfg.dSteps)) { ctx.cfg.dSteps = std::clamp(ctx.cfg.dSteps, 1, 50); changed = true; }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Discriminator updates per iteration (WGAN: 5)");
  if (inputInt("G steps", &ctx.cfg.gSteps)) { ctx.cfg.gSteps = std::clamp(ctx.cfg.gSteps, 1, 50); changed = true; }
  ImGui::TextDisabled("Discriminator");
  changed |= optimizerControls("d", ctx.cfg.d);
  ImGui::TextDisabled("Generator");
  changed |= optimizerControls("g", ctx.cfg.g);
  if (changed) ctx.cmd.applyConfig();
}

}  // namespace gs
