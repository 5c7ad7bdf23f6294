// Training: batch, D and G steps, each network's optimiser and learning rate, and the
// remedies for mode collapse the lecture shows (packing, unrolling, experience replay).
#include "gui/panels/Panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>

#include <string>
#include "config/Settings.h"
#include "gui/TestProbe.h"
#include "gui/Widgets.h"
#include "objectives/Registry.h"

namespace gs {

namespace {

bool optimizerControls(const char* id, NetConfig& n) {
  bool changed = false;
  ImGui::PushID(id);
  ProbeScope scope(id);
  const std::string k = id;  // "d" or "g": the keys are d.lr, g.beta1, ...
  changed |= settingCombo((k + ".optimizer").c_str(), n.optimizer, "optimizer");
  changed |= settingSlider((k + ".lr").c_str(), n.lr, "learning rate", "%.1e");
  const bool sgd = n.optimizer == "sgd";
  changed |= settingSlider((k + ".beta1").c_str(), n.beta1, sgd ? "momentum" : "beta1", "%.2f");
  if (!sgd)
    changed |= settingSlider((k + ".beta2").c_str(), n.beta2, n.optimizer == "rmsprop" ? "alpha" : "beta2", "%.4f");
  ImGui::PopID();
  return changed;
}

// Does the current objective take train.pack > 1? Asked of the objective itself (the same
// rule the trainer enforces); a name the registry does not know offers no packing.
bool packingOffered(const std::string& objective) {
  static std::string cachedName;
  static bool cached = false;
  if (objective != cachedName) {
    cachedName = objective;
    try {
      cached = supportsPacking(*makeObjective(objective));
    } catch (const std::exception&) {
      cached = false;
    }
  }
  return cached;
}

bool remedyControls(Config& c) {
  bool changed = false;
  ImGui::TextDisabled("Mode-collapse remedies");
  if (packingOffered(c.objective) || c.pack > 1) changed |= settingInt("train.pack", c.pack, "pack (PacGAN)");
  changed |= settingInt("train.unroll", c.unroll, "unroll D steps");
  if (c.unroll > 0 || c.unrollSecondOrder) {
    changed |= checkbox("through the unrolled steps (2nd order)", &c.unrollSecondOrder);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", settingSpec("train.unroll_second_order").help.c_str());
  }
  changed |= settingSlider("train.replay", c.replay, "replay fraction", "%.2f");
  if (c.replay > 0) changed |= settingInt("train.replay_size", c.replaySize, "replay buffer");
  return changed;
}

}  // namespace

void trainingPanel(PanelContext& ctx) {
  const bool open = ImGui::CollapsingHeader("Training");
  probeItem("section.Training", "header");
  if (!open) return;
  ProbeScope scope("training");
  bool changed = false;
  changed |= settingIntChoices("train.batch", ctx.cfg.batch, "batch", {16, 32, 64, 128, 256, 512, 1024});
  changed |= settingInt("train.d_steps", ctx.cfg.dSteps, "D steps");
  if (ctx.cfg.objective == "wgan" || ctx.cfg.criticWarmup) {
    changed |= checkbox("WGAN warm-up (100 D steps early on)", &ctx.cfg.criticWarmup);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", settingSpec("train.critic_warmup").help.c_str());
  }
  changed |= settingInt("train.g_steps", ctx.cfg.gSteps, "G steps");
  ImGui::TextDisabled("Discriminator");
  changed |= optimizerControls("d", ctx.cfg.d);
  ImGui::TextDisabled("Generator");
  changed |= optimizerControls("g", ctx.cfg.g);
  changed |= remedyControls(ctx.cfg);
  if (changed) ctx.cmd.applyConfig();
}

}  // namespace gs
