// Save / open a session (Ctrl+S / Ctrl+O): a small window with a path field (saving proposes
// ~/ganscope-sessions/<preset>-step<N>.gsession) and the recent files. Both go through the
// Session; the outcome shows in the banner ("saved session ...", or the reason a file was
// refused, the current run kept). Paths that worked join the recent list.
#pragma once
#include <string>
#include <vector>

#include "gui/panels/Panel.h"

namespace gs {

enum class SessionDialogMode { Save, Open };

// What the dialog edits and remembers (GuiState::sessionDialog).
struct SessionDialogState {
  bool open = false;
  SessionDialogMode mode = SessionDialogMode::Save;
  std::string path;  // being typed
  std::vector<std::string> recent;
  std::string pending;  // saved or opened, joins the recent list once the session confirms it
  SessionDialogMode pendingMode = SessionDialogMode::Save;
  bool focusPath = false;
};

void openSessionDialog(PanelContext& ctx, SessionDialogMode mode);
// Every frame: draws the dialog when open and follows the outcome of its last action.
void sessionDialog(PanelContext& ctx);

// Recent files: $XDG_CONFIG_HOME/ganscope/recent.json, else ~/.config/ganscope/recent.json.
constexpr size_t kMaxRecentSessions = 8;
std::string recentSessionsFile();
std::vector<std::string> loadRecentSessions();  // newest first; [] when missing or unreadable
// Moves `path` to the front (at most kMaxRecentSessions kept) and writes the list atomically.
// Returns "" or why it could not be written.
std::string addRecentSession(const std::string& path);
// ~/ganscope-sessions/<preset, or "session">-step<N>.gsession
std::string defaultSessionPath(const std::string& presetName, long long step);

}  // namespace gs
