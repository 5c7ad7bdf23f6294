// The timeline strip (see TimelinePanel.h).
#include "gui/panels/TimelinePanel.h"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <string>

#include "gui/Colormap.h"
#include "gui/TestProbe.h"
#include "gui/Widgets.h"
#include "gui/views/CurvesView.h"

namespace gs {

namespace {

constexpr int kNone = -2, kLive = -1;  // what a drag last asked for (else a checkpoint index)

// The checkpoint index at or before `step` (0 when every checkpoint is later).
int checkpointAtOrBefore(const std::vector<long long>& steps, double step) {
  const auto it = std::upper_bound(steps.begin(), steps.end(), (long long)std::floor(step));
  return it == steps.begin() ? 0 : int(it - steps.begin()) - 1;
}

std::string withThousands(long long v) {
  std::string s = std::to_string(v < 0 ? -v : v);
  for (int i = int(s.size()) - 3; i > 0; i -= 3) s.insert(size_t(i), ",");
  return v < 0 ? "-" + s : s;
}

// A coloured badge with dark text ("LIVE", "VIEWING"), as wide as the widest of them.
float badge(ImDrawList* dl, ImVec2 at, float h, const char* text, ImU32 colour) {
  const ImVec2 ts = ImGui::CalcTextSize(text);
  const float pad = ts.y * 0.45f, w = ImGui::CalcTextSize("VIEWING").x + 2 * pad;
  dl->AddRectFilled(at, ImVec2(at.x + w, at.y + h), colour, h * 0.25f);
  dl->AddText(ImVec2(at.x + (w - ts.x) * 0.5f, at.y + (h - ts.y) * 0.5f), IM_COL32(15, 15, 18, 255), text);
  return w;
}

void settingsPopup(PanelContext& ctx, const TimelineSummary& t) {
  if (!ImGui::BeginPopup("timeline-settings")) return;
  ProbeScope scope("settings");
  ImGui::TextUnformatted("Timeline: checkpoints to rewind to");
  ImGui::TextDisabled("%zu checkpoints, %.1f of %.0f MB", t.steps.size(), double(t.bytesUsed) / (1 << 20),
                      double(t.budgetBytes) / (1 << 20));
  ImGuiStorage* st = ImGui::GetStateStorage();
  const ImGuiID kId = ImGui::GetID("k-edit"), mbId = ImGui::GetID("mb-edit");
  const int budgetMb = int(std::lround(double(t.budgetBytes) / (1 << 20)));
  if (ImGui::IsWindowAppearing()) {
    st->SetInt(kId, t.interval);
    st->SetInt(mbId, budgetMb);
  }
  const float w = ImGui::GetFontSize() * 12;
  int k = st->GetInt(kId, t.interval);
  ImGui::SetNextItemWidth(w);
  ImGui::SliderInt("every K iterations##K", &k, 1, 10000, "%d", ImGuiSliderFlags_Logarithmic);
  probeItem("K", "slider", k);
  st->SetInt(kId, k);
  if (ImGui::IsItemDeactivatedAfterEdit()) ctx.cmd.session().setTimelineInterval(std::max(1, k));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("A checkpoint is kept every K training iterations");
  int mb = st->GetInt(mbId, budgetMb);
  ImGui::SetNextItemWidth(w);
  ImGui::SliderInt("MB of memory##MB", &mb, 16, 8192, "%d", ImGuiSliderFlags_Logarithmic);
  probeItem("MB", "slider", mb);
  st->SetInt(mbId, mb);
  if (ImGui::IsItemDeactivatedAfterEdit()) ctx.cmd.session().setTimelineBudgetMB(std::max(16, mb));
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("When the history is full, old checkpoints are thinned: recent ones stay dense, old ones sparse");
  ImGui::EndPopup();
}

}  // namespace

// Two rows: the scrubber with the marks' labels above it, then the state and the buttons.
float timelinePanelHeight(float fontPx) {
  const ImGuiStyle& st = ImGui::GetStyle();
  return std::round(fontPx * 2.15f + fontPx + st.FramePadding.y * 2 + st.WindowPadding.y * 2);
}

void timelinePanel(PanelContext& ctx, ImVec2 pos, ImVec2 size) {
  const TimelineSummary& t = ctx.snap.timeline;
  const bool viewing = t.viewedStep >= 0;
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  // Viewing the past tints the whole strip amber: the room sees at once that this is not live.
  ImGui::PushStyleColor(ImGuiCol_WindowBg, viewing ? ImVec4(0.33f, 0.24f, 0.04f, 1) : ImVec4(0.09f, 0.09f, 0.11f, 1));
  ImGui::Begin("##timeline", nullptr, kViewWindow | ImGuiWindowFlags_NoTitleBar);
  ImGui::PopStyleColor();
  ProbeScope scope("timeline");
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float f = ImGui::GetFontSize();
  const ImVec2 c0 = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float frameH = ImGui::GetFrameHeight();
  // The scrubber across the whole strip (the marks' labels above it); state and buttons below.
  const float trackY = c0.y + f * 1.35f;
  const float rowY = std::max(trackY + f * 0.75f, c0.y + avail.y - frameH);

  // ---- state ----
  const ImU32 green = palette::kGreen, amber = palette::rgb(255, 176, 32);
  float x = c0.x;
  x += badge(dl, ImVec2(x, rowY), frameH, viewing ? "VIEWING" : "LIVE", viewing ? amber : green) + f * 0.5f;
  const std::string what = viewing ? "iteration " + withThousands(t.viewedStep) + " of " + withThousands(t.liveStep)
                                   : "iteration " + withThousands(t.liveStep);
  dl->AddText(ImVec2(x, rowY + (frameH - f) * 0.5f), viewing ? amber : palette::kText, what.c_str());

  // ---- buttons (right) ----
  const char* liveLabel = "Live \xE2\x96\xB6##live";  // ▶
  const char* contLabel = "Continue from here##continue";
  const char* setLabel = "\xE2\x89\xA1##settings";  // ≡
  auto bw = [&](const char* l) { return ImGui::CalcTextSize(l, nullptr, true).x + style.FramePadding.x * 2; };
  const float buttonsW = bw(liveLabel) + bw(contLabel) + bw(setLabel) + style.ItemSpacing.x * 2;
  const float bx = c0.x + avail.x - buttonsW;
  ImGui::SetCursorScreenPos(ImVec2(bx, rowY));
  ImGui::BeginDisabled(!viewing);
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.10f, 0.45f, 0.28f, 1));
  if (button(liveLabel)) ctx.cmd.session().viewLive();
  ImGui::PopStyleColor();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip(viewing ? "Back to the live run, untouched (it plays again if it was playing)"
                              : "Showing the live run: drag the timeline back to see an earlier state");
  ImGui::SameLine();
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.62f, 0.40f, 0.05f, 1));
  if (button(contLabel)) {
    ctx.cmd.session().branchFromViewed();
    ctx.cmd.session().setRunning(true);
  }
  ImGui::PopStyleColor();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip(
        "Train on from the state shown, with the current settings; the later history is dropped "
        "and the curves mark the branch");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (button(setLabel)) ImGui::OpenPopup("timeline-settings");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("How often a checkpoint is kept, and how much memory the history uses");
  settingsPopup(ctx, t);

  // ---- scrubber ----
  // The same place live or viewing: the track never moves under the pointer.
  const float tx0 = c0.x + f * 0.6f, tx1 = std::max(tx0 + f * 2, c0.x + avail.x - f * 0.6f);
  const long long s0 = t.steps.empty() ? 0 : t.steps.front();
  const long long s1 = std::max(s0 + 1, std::max(t.liveStep, t.steps.empty() ? 0 : t.steps.back()));
  auto mapX = [&](double step) { return tx0 + float((step - double(s0)) / double(s1 - s0)) * (tx1 - tx0); };
  const float grab = f * 0.5f;  // the live end is the last `grab` pixels
  ImGui::SetCursorScreenPos(ImVec2(tx0 - grab, trackY - f * 0.65f));
  ImGui::InvisibleButton("##scrubber", ImVec2(tx1 - tx0 + 2 * grab, f * 1.3f));
  probeItem("scrubber", "slider", viewing ? t.viewedStep : -1);
  if (TestProbe* p = activeProbe()) {
    p->setLast("range", {s0, s1});
    p->setLast("track", {tx0, tx1});
  }
  ImGuiStorage* st = ImGui::GetStateStorage();
  const ImGuiID dragId = ImGui::GetID("drag-target");
  const ImGuiIO& io = ImGui::GetIO();
  auto targetAt = [&](float mx) {
    if (t.steps.empty() || mx >= tx1 - grab * 0.5f) return kLive;
    const double step = double(s0) + double(std::clamp(mx, tx0, tx1) - tx0) / double(tx1 - tx0) * double(s1 - s0);
    return checkpointAtOrBefore(t.steps, step);
  };
  if (ImGui::IsItemActivated()) st->SetInt(dragId, kNone);
  int shown = viewing ? checkpointAtOrBefore(t.steps, double(t.viewedStep)) : kLive;
  if (ImGui::IsItemActive()) {
    const int target = targetAt(io.MousePos.x);
    if (target != st->GetInt(dragId, kNone)) {
      st->SetInt(dragId, target);
      if (target == kLive) {
        if (viewing) ctx.cmd.session().viewLive();
      } else {
        ctx.cmd.session().viewCheckpoint(t.steps[size_t(target)]);
      }
    }
    shown = target;
  }
  if (ImGui::IsItemHovered() && !ImGui::IsItemActive()) {
    const int h = targetAt(io.MousePos.x);
    if (h == kLive)
      ImGui::SetTooltip("Live run (iteration %s)", withThousands(t.liveStep).c_str());
    else
      ImGui::SetTooltip("Checkpoint at iteration %s: drag or click to view it",
                        withThousands(t.steps[size_t(h)]).c_str());
  }

  const float th = f * 0.32f;
  const float hx = shown == kLive ? tx1 : mapX(double(t.steps[size_t(shown)]));
  dl->AddRectFilled(ImVec2(tx0, trackY - th), ImVec2(tx1, trackY + th), IM_COL32(60, 60, 70, 255), th);
  dl->AddRectFilled(ImVec2(tx0, trackY - th), ImVec2(hx, trackY + th),
                    viewing ? IM_COL32(150, 110, 30, 255) : IM_COL32(40, 110, 80, 255), th);
  // Checkpoints: thin ticks (dense recent history reads as a solid bar).
  for (long long s : t.steps) {
    const float cx = mapX(double(s));
    dl->AddLine(ImVec2(cx, trackY - th * 1.6f), ImVec2(cx, trackY + th * 1.6f), IM_COL32(235, 235, 235, 120), 1.0f);
  }
  // Marks: a coloured line through the track, the label above (left out where it would overlap).
  const float labelPx = f * 0.72f;
  float labelRight = -1e9f;
  for (const TimelineMark& m : t.marks) {
    const float mx = mapX(double(m.step));
    const ImU32 col = timelineMarkColour(m.kind);
    const bool branch = m.kind == MarkKind::Branch;
    dl->AddLine(ImVec2(mx, trackY - f * 0.55f), ImVec2(mx, trackY + f * 0.55f), col, branch ? f * 0.22f : f * 0.12f);
    const std::string label = m.label.empty() ? markKindName(m.kind) : m.label;
    const ImVec2 ls = ImGui::GetFont()->CalcTextSizeA(labelPx, FLT_MAX, 0, label.c_str());
    const float lx = std::clamp(mx - ls.x * 0.5f, c0.x, c0.x + avail.x - ls.x);
    if (lx > labelRight) {
      dl->AddText(ImGui::GetFont(), labelPx, ImVec2(lx, trackY - f * 0.6f - ls.y), col, label.c_str());
      labelRight = lx + ls.x + f * 0.4f;
    }
  }
  // The handle: where the views are (the live end while live).
  dl->AddCircleFilled(ImVec2(hx, trackY), f * 0.5f, viewing ? amber : green);
  dl->AddCircle(ImVec2(hx, trackY), f * 0.5f, IM_COL32(15, 15, 18, 255), 0, f * 0.1f);
  if (t.steps.empty()) dl->AddText(ImVec2(tx0, trackY - f * 1.3f), palette::kTextDim, "no checkpoints yet");
  ImGui::End();
}

}  // namespace gs
