// The GUI application state and its ImGui windows: controls on the left, the data view in
// the centre, convergence / curves / coverage on the right, a status bar, an error banner
// and a help overlay. It only posts commands to the Session and reads its latest Snapshot.
//
// Without GL (headless tests) every panel and view is still built each frame; only the
// framebuffer rendering and texture uploads are skipped.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/Config.h"
#include "gui/Canvas.h"
#include "gui/Theme.h"
#include "gui/views/ConvergenceView.h"
#include "gui/views/CoverageView.h"
#include "gui/views/CurvesView.h"
#include "gui/views/DataView.h"
#include "gui/views/LangevinView.h"
#include "gui/views/OneDView.h"
#include "train/Session.h"

namespace gs {

class CanvasRenderer;
class Framebuffer;
class FieldTexture;

class App {
 public:
  App(Session& session, const GuiFonts& fonts, std::string presetName, bool withGl);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Builds every window for this frame (call between ImGui::NewFrame and ImGui::Render).
  void frame();

  // Font size the user asked for in the Display section; the owner rebuilds the atlas when it
  // differs from the current fonts and then calls setFonts.
  float wantedFontPx() const { return wantedFontPx_; }
  void setFonts(const GuiFonts& fonts);

  // Renders one view ("data", "1d", "curves", "coverage", "convergence", "langevin")
  // offscreen at width x height and writes it as PNG. Needs GL. Returns "" or an error.
  std::string exportView(const std::string& name, int width, int height, const std::string& path);
  std::vector<View*> views();

  const Snapshot& snapshot() const { return *snap_; }
  // Scripted runs (--quit-after) ignore the pointer, so screenshots have no hover read-outs.
  void setScripted(bool on) { scripted_ = on; }
  bool helpVisible() const { return showHelp_; }

 private:
  void syncConfig();
  void applyConfig();
  void handleKeys();
  void pickPreset(size_t index);
  void showView(View& view, const char* id, ImVec2 size, bool interactive);
  void renderView(View& view, int w, int h, float fontPx, ImVec2 mouse, float reservedRight);
  void handleDataViewInput(ImVec2 origin, float fbScale);
  void applyDrawnPoints();
  void toast(const std::string& message);

  void bannerWindow(ImVec2 bottomLeft, float width);
  void fillProbeState();
  void layersControls();
  void controlsWindow(ImVec2 pos, ImVec2 size);
  void runSection();
  void scenarioSection();
  void dataSection();
  void objectiveSection();
  void trainingSection();
  void architectureSection();
  void displaySection();
  bool netControls(const char* id, NetConfig& net);
  void centerWindow(ImVec2 pos, ImVec2 size);
  void viewWindow(const char* title, View& view, ImVec2 pos, ImVec2 size);
  void curvesWindow(ImVec2 pos, ImVec2 size);
  void statusBar(ImVec2 pos, ImVec2 size);
  void helpWindow();

  Session& session_;
  bool gl_;
  GuiFonts fonts_;
  float wantedFontPx_;
  std::unique_ptr<Canvas> canvas_;
  std::unique_ptr<CanvasRenderer> renderer_;
  std::unique_ptr<FieldTexture> criticTexture_;
  // A view's framebuffer is redrawn only when its picture can have changed: a new snapshot,
  // a new size, pointer activity over the window.
  struct ViewTarget {
    std::unique_ptr<Framebuffer> fb;
    long long version = -1;
    int width = 0, height = 0;
    float fontPx = 0;
    ImVec2 mouse{-2, -2};
  };
  std::map<const View*, ViewTarget> targets_;
  bool scripted_ = false;
  long long uploadedVersion_ = -1;
  std::shared_ptr<const Snapshot> snap_;

  DataView data_;
  OneDView oneD_;
  CurvesView curves_;
  CoverageView coverage_;
  ConvergenceView convergence_;
  LangevinView langevin_;

  Config cfg_;                 // what the controls show and edit
  double lastEdit_ = -1e9;     // the session's config wins again once edits settle
  std::vector<PresetInfo> presets_;
  std::string presetName_;
  std::string presetError_;
  std::string fileBuffer_;     // CSV / image path
  bool slowMotion_ = false;
  float subStepRate_ = 2.0f;
  bool limitSpeed_ = false;
  float speedLimit_ = 30.0f;
  double speedEdit_ = -1e9;  // the checkbox follows the session's limit again a second after an edit
  bool showHelp_ = false;
  float fontSliderPx_ = 20;
  std::string dismissedError_, dismissedNotice_, dismissedDivergence_;
  std::string noticeShown_;
  double noticeSince_ = 0;
  std::string toast_;
  std::string bannerText_;  // what the banner shows this frame ("" = none)
  std::string lastSaved_;   // the last file an export wrote
  double toastUntil_ = 0;
  ImVec2 lastDrawnPx_{-1e9f, -1e9f};
  bool drawStroke_ = false;
};

}  // namespace gs
