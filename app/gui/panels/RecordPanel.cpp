// Record section, REC indicator and F9 (see RecordPanel.h).
#include "gui/panels/RecordPanel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iterator>
#include <vector>

#include "gui/TestProbe.h"
#include "gui/Widgets.h"

namespace gs {

namespace {

struct SizeChoice {
  const char* label;
  int w, h;
};
// The whole window: its own size times 1, 2 or 4 (2x and 4x per K only: a re-render).
constexpr SizeChoice kWindowScales[] = {{"window size (1x)", 1, 1}, {"2x window size", 2, 2}, {"4x window size", 4, 4}};
constexpr SizeChoice kSizes[] = {{"on-screen size", 0, 0},
                                 {"1280x720", 1280, 720},
                                 {"1920x1080", 1920, 1080},
                                 {"640x360", 640, 360},
                                 {"3840x2160", 3840, 2160}};

// ganscope-rec-001.mp4, -002, ...: the first name not taken in the working folder.
std::string nextRecordingName() {
  for (int i = 1; i < 1000; ++i) {
    char name[64];
    std::snprintf(name, sizeof name, "ganscope-rec-%03d.mp4", i);
    std::error_code ec;
    if (!std::filesystem::exists(name, ec)) return name;
  }
  return "ganscope-rec.mp4";
}

RecordState& state(PanelContext& ctx) {
  auto& rs = ctx.cmd.ui().record;
  if (!rs) {
    rs = std::make_shared<RecordState>();
    rs->path = nextRecordingName();
  }
  if (!rs->recorder) rs->recorder = std::make_unique<Recorder>(ctx.cmd.session(), ctx.cmd.views());
  return *rs;
}

std::string clock(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%d:%02d", int(s) / 60, int(s) % 60);
  return buf;
}

// The red indicator at the top of the window while recording (and while the file is written).
void recIndicator(PanelContext& ctx, RecordState& rs) {
  Recorder& r = *rs.recorder;
  if (!r.recording() && !r.finishing()) return;
  if (r.capturing()) return;  // not in the recorded picture
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, ctx.fontPx * 0.3f), ImGuiCond_Always, ImVec2(0.5f, 0));
  ImGui::SetNextWindowBgAlpha(0.85f);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                 ImGuiWindowFlags_NoNav;
  if (ImGui::Begin(kRecIndicatorWindow, nullptr, flags)) {
    ProbeScope scope("rec");
    char line[160];
    if (r.recording()) {
      std::snprintf(line, sizeof line, "\xE2\x97\x8F REC  %s  %lld frames", clock(r.elapsedSeconds()).c_str(),
                    r.frames());
      ImGui::TextColored(ImVec4(1.0f, 0.25f, 0.2f, 1), "%s", line);
      if (r.dropped() > 0) {
        ImGui::SameLine();
        ImGui::TextColored(kYellowText, "(%lld dropped)", r.dropped());
      }
      ImGui::SameLine();
      if (button("Stop (F9)##stop")) r.stop();
    } else {
      ImGui::TextColored(kYellowText, "writing %s ...", r.settings().path.c_str());
    }
    probeItem("indicator", "text", r.frames());
  }
  ImGui::End();
}

}  // namespace

void toggleRecording(PanelContext& ctx) {
  RecordState& rs = state(ctx);
  Recorder& r = *rs.recorder;
  if (r.recording()) {
    r.stop();
    return;
  }
  if (r.finishing()) {
    ctx.cmd.toast("still writing the last recording");
    return;
  }
  RecordSettings s = rs.settings;
  s.path = rs.path;
  s.width = kSizes[rs.sizeChoice].w;
  s.height = kSizes[rs.sizeChoice].h;
  int w = 0, h = 0;
  if (s.view == kRecordWindow) {  // the window's framebuffer, times the chosen scale
    const ImGuiIO& io = ImGui::GetIO();
    s.width = s.height = 0;
    s.scale = rs.scaleChoice < 0 ? 1 : kWindowScales[rs.scaleChoice].w;
    if (s.mode == RecordMode::RealTime) s.scale = 1;
    w = int(std::lround(io.DisplaySize.x * io.DisplayFramebufferScale.x)) * s.scale;
    h = int(std::lround(io.DisplaySize.y * io.DisplayFramebufferScale.y)) * s.scale;
  } else if (View* v = ctx.cmd.views().find(s.view)) {
    ctx.cmd.views().shownSize(*v, w, h);
  }
  if (s.view != kRecordWindow && s.width == 0 && (w == 0 || h == 0)) {  // not on screen (another tab): its export size
    w = 1280;
    h = 720;
  }
  const std::string err = r.start(s, w, h);
  if (!err.empty()) {
    ctx.cmd.toast("cannot record: " + err);
    return;
  }
  if (!r.notice().empty()) ctx.cmd.toast(r.notice());
}

void recordPanel(PanelContext& ctx) {
  RecordState& rs = state(ctx);
  Recorder& r = *rs.recorder;
  if (r.capturing()) return;  // the window is being re-rendered for a recorded frame
  r.tick(ctx.snap);
  std::string saved, error;
  if (r.poll(saved, error)) {
    if (error.empty()) {
      ctx.cmd.ui().lastSaved = saved;
      std::string msg = "saved " + saved + " (" + std::to_string(r.frames()) + " frames";
      if (r.dropped() > 0) msg += ", " + std::to_string(r.dropped()) + " dropped";
      ctx.cmd.toast(msg + ")");
      rs.path = nextRecordingName();
    } else {
      ctx.cmd.toast("recording failed: " + error);
    }
  }
  recIndicator(ctx, rs);

  const bool open = ImGui::CollapsingHeader("Record");
  probeItem("section.Record", "header");
  if (!open) return;
  ProbeScope scope("record");
  const bool busy = r.recording() || r.finishing();
  ImGui::BeginDisabled(busy);
  std::vector<std::string> names{kRecordWindow};  // the whole window, as the room sees it
  for (View* v : ctx.cmd.views().views()) names.push_back(v->name());
  comboStrings("view", rs.settings.view, names);
  bool perK = rs.settings.mode == RecordMode::PerK;
  if (rs.settings.view == kRecordWindow) {
    const int shown = perK ? rs.scaleChoice : 0;  // real time: the framebuffer as it is
    if (ImGui::BeginCombo("size", kWindowScales[shown].label)) {
      for (int i = 0; i < (perK ? int(std::size(kWindowScales)) : 1); ++i) {
        if (ImGui::Selectable(kWindowScales[i].label, i == shown)) rs.scaleChoice = i;
        probeItem((std::string("size.") + kWindowScales[i].label).c_str(), "menuitem");
      }
      ImGui::EndCombo();
    }
  } else if (ImGui::BeginCombo("size", kSizes[rs.sizeChoice].label)) {
    for (int i = 0; i < int(std::size(kSizes)); ++i) {
      if (ImGui::Selectable(kSizes[i].label, i == rs.sizeChoice)) rs.sizeChoice = i;
      probeItem((std::string("size.") + kSizes[i].label).c_str(), "menuitem");
    }
    ImGui::EndCombo();
  }
  probeItem(
      "size", "combo",
      rs.settings.view == kRecordWindow ? kWindowScales[perK ? rs.scaleChoice : 0].label : kSizes[rs.sizeChoice].label);
  if (ImGui::RadioButton("every K iterations", perK)) rs.settings.mode = RecordMode::PerK;
  probeItem("mode.perK", "radio");
  ImGui::SameLine();
  if (ImGui::RadioButton("real time", !perK)) rs.settings.mode = RecordMode::RealTime;
  probeItem("mode.realtime", "radio");
  helpMarker(
      "Every K iterations: training is paused and paced by the recorder, one frame after each K "
      "iterations; the same frames as `ganscope render` from the same state, none dropped.\n"
      "Real time: what the room sees, at the frame rate; frames the encoder cannot take in time "
      "are dropped and counted.\n"
      "View 'window': the whole window (without the REC indicator); per K at 1x, 2x or 4x its "
      "size (a re-render with larger text), in real time as shown.");
  if (perK) {
    int k = int(rs.settings.every);
    if (inputInt("K", &k, 1, 10)) rs.settings.every = std::max(1, k);
  }
  int fps = int(rs.settings.fps);
  if (inputInt("frames/s", &fps, 1, 10)) rs.settings.fps = std::clamp(fps, 1, 120);
  ImGui::BeginDisabled(rs.settings.view == kRecordWindow);  // the window shows its own iteration
  checkbox("caption", &rs.settings.caption);
  ImGui::EndDisabled();
  ImGui::InputText("file", &rs.path);
  probeItem("file", "input", rs.path);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip(".mp4, .gif, .webm, or a folder for numbered PNG frames");
  ImGui::EndDisabled();
  const float full = ImGui::GetContentRegionAvail().x;
  if (r.recording()) {
    if (button("Stop recording (F9)##toggle", ImVec2(full, 0))) r.stop();
  } else {
    ImGui::BeginDisabled(r.finishing());
    if (button("Record (F9)##toggle", ImVec2(full, 0))) toggleRecording(ctx);
    ImGui::EndDisabled();
  }
  if (!ctx.cmd.ui().lastSaved.empty()) ImGui::TextDisabled("last saved: %s", ctx.cmd.ui().lastSaved.c_str());
}

}  // namespace gs
