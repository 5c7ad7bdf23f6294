// Architecture: depth, width, activation and code size of each network, the latent space.
#include "gui/panels/Panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/TestProbe.h"
#include "gui/Widgets.h"
#include "nn/Activation.h"

namespace gs {

void architecturePanel(PanelContext& ctx) {
  const bool open = ImGui::CollapsingHeader("Architecture");
  probeItem("section.Architecture", "header");
  if (!open) return;
  ProbeScope scope("architecture");
  ImGui::TextColored(ImVec4(0.95f, 0.75f, 0.35f, 1), "Changes here rebuild that network.");
  bool changed = false;
  auto net = [&](const char* id, const char* label, NetConfig& n, bool critic) {
    ImGui::PushID(id);
    ProbeScope scope(id);
    ImGui::TextDisabled("%s", label);
    if (inputInt("depth", &n.depth)) { n.depth = std::clamp(n.depth, 1, 8); changed = true; }
    changed |= comboInt("width", n.width, {8, 16, 32, 64, 128, 256, 512});
    changed |= comboStrings("activation", n.activation, activationNames());
    if (critic && ctx.snap.objective.critic == CriticKind::AutoEncoder)
      if (inputInt("code dim", &n.codeDim)) { n.codeDim = std::clamp(n.codeDim, 1, 64); changed = true; }
    ImGui::PopID();
  };
  net("g", "Generator", ctx.cfg.g, false);
  net("d", "Discriminator", ctx.cfg.d, true);
  ImGui::TextDisabled("Latent");
  if (inputInt("latent dim", &ctx.cfg.latentDim)) { ctx.cfg.latentDim = std::clamp(ctx.cfg.latentDim, 1, 64); changed = true; }
  changed |= comboStrings("latent dist", ctx.cfg.latentDist, {"gaussian", "uniform"});
  if (changed) ctx.cmd.applyConfig();
}

}  // namespace gs
