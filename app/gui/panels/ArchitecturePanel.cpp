// Architecture: depth, width, activation and code size of each network, the latent space.
#include "gui/panels/Panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <string>
#include "gui/TestProbe.h"
#include "gui/Widgets.h"

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
    const std::string k = id;  // the keys are g.depth, d.width, ...
    changed |= settingInt((k + ".depth").c_str(), n.depth, "depth");
    changed |= settingIntChoices((k + ".width").c_str(), n.width, "width", {8, 16, 32, 64, 128, 256, 512, 1024});
    changed |= settingCombo((k + ".activation").c_str(), n.activation, "activation");
    if (critic && ctx.snap.objective.critic == CriticKind::AutoEncoder)
      changed |= settingInt("d.code_dim", n.codeDim, "code dim");
    ImGui::PopID();
  };
  net("g", "Generator", ctx.cfg.g, false);
  net("d", "Discriminator", ctx.cfg.d, true);
  ImGui::TextDisabled("Latent");
  changed |= settingInt("latent.dim", ctx.cfg.latentDim, "latent dim");
  changed |= settingCombo("latent.dist", ctx.cfg.latentDist, "latent dist");
  if (changed) ctx.cmd.applyConfig();
}

}  // namespace gs
