// The session dialog and the recent-files list (see SessionDialog.h).
#include "gui/panels/SessionDialog.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "gui/TestProbe.h"
#include "gui/Widgets.h"
#include "train/SessionFile.h"
#include "util/AtomicFile.h"

namespace gs {

namespace fs = std::filesystem;

namespace {

std::string home() {
  const char* h = std::getenv("HOME");
  return h && *h ? h : ".";
}

// "~/x" -> "$HOME/x"
std::string expandHome(const std::string& path) {
  if (path == "~") return home();
  if (path.rfind("~/", 0) == 0) return home() + path.substr(1);
  return path;
}

SessionDialogState& state(PanelContext& ctx) {
  auto& p = ctx.cmd.ui().sessionDialog;
  if (!p) p = std::make_shared<SessionDialogState>();
  return *p;
}

void act(PanelContext& ctx, SessionDialogState& st) {
  const std::string path = expandHome(st.path);
  if (path.empty()) {
    ctx.cmd.toast("type a file name first");
    return;
  }
  if (st.mode == SessionDialogMode::Save) {
    // The default folder is made on first use; any other folder must exist (the banner says so).
    const fs::path dir = fs::path(path).parent_path();
    std::error_code ec;
    if (dir == fs::path(home()) / "ganscope-sessions") fs::create_directories(dir, ec);
    ctx.cmd.session().saveSession(path, ctx.cmd.ui().presetName);
  } else {
    ctx.cmd.session().openSessionFile(path);
  }
  st.pending = path;
  st.pendingMode = st.mode;
  st.open = false;
}

// The session confirms in its notice; a refusal names the file in its error.
void followPending(PanelContext& ctx, SessionDialogState& st) {
  if (st.pending.empty()) return;
  const Snapshot& s = ctx.snap;
  const bool saved = st.pendingMode == SessionDialogMode::Save && s.notice == "saved session " + st.pending;
  const bool opened =
      st.pendingMode == SessionDialogMode::Open && s.notice.rfind("opened session " + st.pending + " at", 0) == 0;
  if (saved || opened) {
    const std::string err = addRecentSession(st.pending);
    if (!err.empty()) ctx.cmd.toast(err);
    if (opened) {
      try {
        ctx.cmd.ui().presetName = readSessionFile(st.pending).presetName;
      } catch (const std::exception&) {}
    }
    st.pending.clear();
  } else if (s.error.rfind(st.pending + ":", 0) == 0) {
    st.pending.clear();  // the banner shows why
  }
}

}  // namespace

std::string recentSessionsFile() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const fs::path base = xdg && *xdg ? fs::path(xdg) : fs::path(home()) / ".config";
  return (base / "ganscope" / "recent.json").string();
}

std::vector<std::string> loadRecentSessions() {
  std::vector<std::string> out;
  std::ifstream in(recentSessionsFile());
  if (!in) return out;
  try {
    const nlohmann::json j = nlohmann::json::parse(in);
    for (const auto& e : j.value("recent", nlohmann::json::array()))
      if (e.is_string() && out.size() < kMaxRecentSessions) out.push_back(e.get<std::string>());
  } catch (const std::exception&) {}  // a damaged list is replaced by the next save
  return out;
}

std::string addRecentSession(const std::string& path) {
  std::vector<std::string> list = loadRecentSessions();
  std::erase(list, path);
  list.insert(list.begin(), path);
  if (list.size() > kMaxRecentSessions) list.resize(kMaxRecentSessions);
  const std::string file = recentSessionsFile();
  try {
    std::error_code ec;
    fs::create_directories(fs::path(file).parent_path(), ec);
    writeFileAtomic(file, nlohmann::json{{"recent", list}}.dump(2) + "\n");
  } catch (const std::exception& e) { return std::string("recent sessions: ") + e.what(); }
  return "";
}

std::string defaultSessionPath(const std::string& presetName, long long step) {
  const std::string name = (presetName.empty() ? "session" : presetName) + "-step" + std::to_string(step);
  return (fs::path(home()) / "ganscope-sessions" / (name + kSessionExtension)).string();
}

void openSessionDialog(PanelContext& ctx, SessionDialogMode mode) {
  SessionDialogState& st = state(ctx);
  st.open = true;
  st.mode = mode;
  st.recent = loadRecentSessions();
  st.focusPath = true;
  if (mode == SessionDialogMode::Save)
    st.path = defaultSessionPath(ctx.cmd.ui().presetName, ctx.snap.step);
  else
    st.path = st.recent.empty() ? "" : st.recent.front();
}

void sessionDialog(PanelContext& ctx) {
  SessionDialogState& st = state(ctx);
  followPending(ctx, st);
  if (!st.open) return;
  const bool saving = st.mode == SessionDialogMode::Save;
  const ImGuiIO& io = ImGui::GetIO();
  const float f = ctx.fontPx;
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.4f), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(io.DisplaySize.x * 0.9f, f * 34), 0), ImGuiCond_Always);
  ImGui::SetNextWindowFocus();
  const ImGuiWindowFlags flags =
      ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize;
  if (ImGui::Begin(saving ? "Save session###session-dialog" : "Open session###session-dialog", &st.open, flags)) {
    ProbeScope scope("session");
    ImGui::TextUnformatted(saving ? "Save the run (networks, optimiser state, curves) to:" : "Open a saved session:");
    if (st.focusPath) ImGui::SetKeyboardFocusHere(), st.focusPath = false;
    ImGui::SetNextItemWidth(-1);
    const bool enter = ImGui::InputText("##path", &st.path, ImGuiInputTextFlags_EnterReturnsTrue);
    probeItem("path", "input", st.path);
    bool go = enter;
    if (!st.recent.empty()) {
      ImGui::Spacing();
      ImGui::TextDisabled("Recent");
      for (size_t i = 0; i < st.recent.size(); ++i) {
        const std::string& r = st.recent[i];
        if (ImGui::Selectable((r + "##recent" + std::to_string(i)).c_str(), r == st.path,
                              ImGuiSelectableFlags_AllowDoubleClick)) {
          st.path = r;
          if (ImGui::IsMouseDoubleClicked(0)) go = true;
        }
        probeItem(("recent" + std::to_string(i)).c_str(), "selectable", r);
      }
    }
    ImGui::Spacing();
    if (button(saving ? "Save##go" : "Open##go")) go = true;
    ImGui::SameLine();
    if (button("Cancel##cancel")) st.open = false;
    if (go) act(ctx, st);
  }
  ImGui::End();
}

}  // namespace gs
