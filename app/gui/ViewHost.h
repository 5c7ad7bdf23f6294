// ViewHost: the views and their offscreen rendering. Every picture of a view — in the window,
// in a PNG export, in a recording or in the headless `render` command — is drawn by
// renderPixels/renderToTarget here, with the same view code at whatever size is asked for.
//
// Adding a view: write it (app/gui/views/<Name>View.*) and add one line to the list in the
// constructor; it can then be exported and rendered by name, and placed in the layout.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gui/Canvas.h"
#include "gui/Theme.h"
#include "gui/views/ConvergenceView.h"
#include "gui/views/CoverageView.h"
#include "gui/views/CurvesView.h"
#include "gui/views/DataView.h"
#include "gui/views/EnergyTargetView.h"
#include "gui/views/LangevinView.h"
#include "gui/views/OneDView.h"
#include "train/Snapshot.h"

namespace gs {

class CanvasRenderer;
class Framebuffer;
class FieldTexture;

class ViewHost {
 public:
  // withGl = false: views still draw into the canvas (headless tests), nothing is rasterised.
  explicit ViewHost(bool withGl);
  ~ViewHost();
  ViewHost(const ViewHost&) = delete;
  ViewHost& operator=(const ViewHost&) = delete;

  void setFonts(const GuiFonts& fonts);
  // Uploads the snapshot's textures when it is newer than the last one seen.
  void update(const Snapshot& snap);
  bool hasGl() const { return gl_; }

  std::vector<View*> views() const;
  View* find(const std::string& name) const;
  DataView& data() { return data_; }
  OneDView& oneD() { return oneD_; }
  CurvesView& curves() { return curves_; }
  CoverageView& coverage() { return coverage_; }
  ConvergenceView& convergence() { return convergence_; }
  LangevinView& langevin() { return langevin_; }
  EnergyTargetView& energyTarget() { return energyTarget_; }

  // Draws `view` into its window framebuffer when its picture can have changed (a new
  // snapshot, size, font or pointer); returns the colour texture (0 without GL).
  unsigned renderToTarget(View& view, const Snapshot& snap, int w, int h, float fontPx, ImVec2 mouse,
                          float reservedTopRight, bool pointerActivity);
  // One picture of `view` at w x h, RGBA top row first (needs GL). Text grows with the
  // picture so an exported 1080p frame reads like the window does.
  std::vector<uint8_t> renderPixels(View& view, const Snapshot& snap, int w, int h);
  // The pixel size `view` was last drawn at in the window (0 x 0 before it was shown).
  void shownSize(const View& view, int& w, int& h) const;
  // renderPixels + PNG (temp + rename). Returns "" or an error naming the view or file.
  std::string exportPng(const std::string& name, const Snapshot& snap, int w, int h, const std::string& path);

 private:
  void draw(View& view, const Snapshot& snap, int w, int h, float fontPx, ImVec2 mouse, float reservedTopRight);

  bool gl_;
  float fontPx_ = 20;
  std::unique_ptr<Canvas> canvas_;
  std::unique_ptr<CanvasRenderer> renderer_;
  std::unique_ptr<FieldTexture> criticTexture_;
  long long uploadedVersion_ = -1;
  // A view's window framebuffer is redrawn only when its picture can have changed.
  struct Target {
    std::unique_ptr<Framebuffer> fb;
    long long version = -1;
    int width = 0, height = 0;
    float fontPx = 0;
    ImVec2 mouse{-2, -2};
  };
  std::map<const View*, Target> targets_;

  DataView data_;
  OneDView oneD_;
  CurvesView curves_;
  CoverageView coverage_;
  ConvergenceView convergence_;
  LangevinView langevin_;
  EnergyTargetView energyTarget_;
  std::vector<View*> all_;  // the registration list (export and render find views here)
};

}  // namespace gs
