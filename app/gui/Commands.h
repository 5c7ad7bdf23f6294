// Commands: where the panels send what a person asked for. Run commands go to the Session
// (applied between training steps); window actions (a preset, an export, a toast) are done
// here. Panels never call into the networks and never keep their own copy of a run.
#pragma once
#include <string>

#include "config/Config.h"
#include "gui/GuiState.h"
#include "gui/ViewHost.h"
#include "train/Session.h"

namespace gs {

class Commands {
 public:
  Commands(Session& session, Config& edited, GuiState& ui, ViewHost& views)
      : session_(session), cfg_(edited), ui_(ui), views_(views) {}

  Session& session() { return session_; }
  GuiState& ui() { return ui_; }
  ViewHost& views() { return views_; }

  // Posts the edited config whole; the session says in its snapshot what it did with it.
  void applyConfig();
  void pickPreset(size_t index);
  void nextPreset(int direction);  // +1 / -1 through every preset
  void toggleSlowMotion();
  void reset() { session_.reset(); }
  // The hand-drawn points become the data set (after each stroke).
  void applyDrawnPoints();
  // Saves `view` at the Export section's scale times its on-screen size, named and with the
  // config inside as every screenshot (gui/Exports.h); the toast says where.
  void exportView(View& view, const Snapshot& snap);
  void toast(const std::string& message);

 private:
  Session& session_;
  Config& cfg_;
  GuiState& ui_;
  ViewHost& views_;
};

}  // namespace gs
