// The GUI application: the layout of the window and its frame. Controls on the left, the main
// view in the centre, convergence / curves / coverage on the right, a status bar, a banner
// over the main view and a help overlay. Panels (app/gui/panels/) draw the widgets and post
// Commands; views (app/gui/views/) draw Snapshots through ViewHost. App itself only reads the
// latest Snapshot, keeps the edited config in step with the session's, and places windows.
//
// Without GL (headless tests) every panel and view is still built each frame; only the
// framebuffer rendering and texture uploads are skipped.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "config/Config.h"
#include "gui/Commands.h"
#include "gui/GuiState.h"
#include "gui/Theme.h"
#include "gui/ViewHost.h"
#include "train/Session.h"

namespace gs {

class App {
 public:
  App(Session& session, const GuiFonts& fonts, std::string presetName, bool withGl);
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Builds every window for this frame (call between ImGui::NewFrame and ImGui::Render).
  void frame();

  // Font size the user asked for in the Display section; the owner rebuilds the atlas when it
  // differs from the current fonts and then calls setFonts.
  float wantedFontPx() const { return ui_.wantedFontPx; }
  void setFonts(const GuiFonts& fonts);

  // Renders one view ("data", "1d", "curves", "coverage", "convergence", "langevin")
  // offscreen at width x height and writes it as PNG. Needs GL. Returns "" or an error.
  std::string exportView(const std::string& name, int width, int height, const std::string& path);
  std::vector<View*> views() { return host_.views(); }

  const Snapshot& snapshot() const { return *snap_; }
  Commands& commands() { return cmd_; }
  // Scripted runs (--quit-after) ignore the pointer, so screenshots have no hover read-outs.
  void setScripted(bool on) { ui_.scripted = on; }
  bool helpVisible() const { return ui_.showHelp; }

 private:
  void syncConfig();
  void fillProbeState();

  Session& session_;
  GuiFonts fonts_;
  GuiState ui_;
  ViewHost host_;
  Config cfg_;  // what the controls show and edit
  Commands cmd_;
  std::shared_ptr<const Snapshot> snap_;
};

}  // namespace gs
