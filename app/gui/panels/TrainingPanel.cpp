// Training: what trains it (backend and CPU threads), batch, D and G steps, each network's
// optimiser and learning rate, and the remedies for mode collapse the lecture shows (packing,
// unrolling, experience replay).
#include "gui/panels/Panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <string>
#include <thread>

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

// The compute row, under its heading: [cpu|cuda] [N threads] across the panel's whole width, so
// the count stays readable at projector text sizes. What trains is a runtime choice of the
// window (Session::setCompute between iterations, same model, no restart), not part of the
// config; both controls show the snapshot's values, so a rejected cuda springs back and the
// banner says why.
void computeRow(PanelContext& ctx) {
  GuiState& ui = ctx.cmd.ui();
  const Snapshot& s = ctx.snap;
  const ImGuiStyle& style = ImGui::GetStyle();
  const int cores = std::max(1, int(std::thread::hardware_concurrency()));
  const bool onCpu = s.backend == "cpu";
  const float gap = style.ItemSpacing.x;
  ImGui::TextDisabled("Compute");
  const float comboW = std::round(ImGui::CalcTextSize("cuda").x + style.FramePadding.x * 2 + ImGui::GetFrameHeight());

  ImGui::SetNextItemWidth(comboW);
  probeNextFrame("##backend", "combo");
  if (TestProbe* p = activeProbe()) p->setLastValue(s.backend);
  const bool open = ImGui::BeginCombo("##backend", s.backend.c_str());
  if (ImGui::IsItemHovered() && !open) {
    std::string tip = "Which backend trains: cpu (the reference, over the threads beside it) or cuda (the GPU";
    tip += s.device.empty() ? ")" : ": " + s.device + ")";
    if (!ui.cudaUnavailable.empty()) tip += "\ncuda: " + ui.cudaUnavailable;
    ImGui::SetTooltip("%s", tip.c_str());
  }
  if (open) {
    for (const std::string b : {"cpu", "cuda"}) {
      const std::string why = b == "cuda" ? ui.cudaUnavailable : std::string();
      ImGui::BeginDisabled(!why.empty());
      if (ImGui::Selectable(b.c_str(), b == s.backend) && b != s.backend) ctx.cmd.session().setCompute(b, ui.threads);
      ImGui::EndDisabled();
      probeItem(("backend." + b).c_str(), "menuitem");
      if (!why.empty()) {
        if (TestProbe* p = activeProbe()) p->setLast("disabled", true), p->setLast("tooltip", why);
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("cuda: %s", why.c_str());
      }
    }
    ImGui::EndCombo();
  }

  // The slider follows the session once it is left alone (a value set elsewhere, a rejection).
  if (!ImGui::IsAnyItemActive() && ImGui::GetTime() - ui.threadsEdit > 1.0) ui.threads = s.threads;
  ImGui::SameLine(0, gap);
  ImGui::SetNextItemWidth(-1);
  const bool fixed = !onCpu || cores < 2;
  ImGui::BeginDisabled(fixed);
  ImGui::SliderInt("##threads", &ui.threads, 1, cores, ui.threads == 1 ? "%d thread" : "%d threads",
                   ImGuiSliderFlags_AlwaysClamp);
  // Applied on release: every drag step would build a new worker pool.
  const bool released = ImGui::IsItemDeactivatedAfterEdit();
  ImGui::EndDisabled();
  probeItem("##threads", "slider", ui.threads);
  if (TestProbe* p = activeProbe()) p->setLast("min", 1), p->setLast("max", cores), p->setLast("disabled", fixed);
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip(onCpu ? "CPU threads, data-parallel over the batch (1 to %d, the cores here): the same model "
                              "trains on, without a restart; deterministic for a given number"
                            : "Threads apply to the cpu backend (%d cores here)",
                      cores);
  if (released) {
    ui.threadsEdit = ImGui::GetTime();
    ctx.cmd.session().setCompute(s.backend, ui.threads);
  }
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
  computeRow(ctx);
}

}  // namespace gs
