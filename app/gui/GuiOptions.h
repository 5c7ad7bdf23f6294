// What `ganscope` (no subcommand) hands the GUI: the resolved starting config and the
// scripting options used by tests and screenshots.
#pragma once
#include <optional>
#include <string>

#include "config/Config.h"
#include "train/SessionFile.h"

namespace gs {

struct GuiOptions {
  Config config;           // validated: preset or --config file plus every --set
  std::string presetName;  // "" when started from --config
  double quitAfter = 0;    // seconds; 0 = run until the window is closed
  std::string screenshot;  // PNG written just before quitting ("" = none)
  float fontScale = 0;     // 0 = automatic (monitor content scale)
  std::string testState;   // JSON file the test probe keeps updated ("" = off); see TestProbe.h
  // --backend / --threads: what trains (Session::setCompute); main has checked both. A runtime
  // choice of this window, never saved in a config or a session.
  std::string backend = "cpu";
  int threads = 1;
  // --session FILE: opened at start (main has checked that its state fits its config).
  std::optional<SessionData> session;
  std::string sessionFile;
};

}  // namespace gs
