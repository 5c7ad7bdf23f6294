// FrameComposer: one video frame made of several views, side by side (row) or in a grid,
// with an optional caption strip (preset title, objective and its formula, iteration). Each
// view is drawn by ViewHost::renderPixels at its cell's size, so `ganscope render` and the
// window's recorder make the same frames from the same snapshot.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gui/ViewHost.h"

namespace gs {

enum class FrameLayout { Row, Grid };

// The body text size `ganscope render` draws frames of this height with: the window's
// proportion (about 1/32 of the height), at least 12 px so a small GIF stays readable.
float renderFontPx(int frameHeight);

struct FrameSpec {
  std::vector<std::string> views;  // ViewHost names ("data", "1d", "curves", ...), in order
  FrameLayout layout = FrameLayout::Row;
  bool caption = false;
  std::string title;  // caption headline; "" = the snapshot's config title
};

// A pixel rectangle inside a frame.
struct FrameRect {
  int x = 0, y = 0, w = 0, h = 0;
};

class FrameComposer {
 public:
  // Throws std::runtime_error naming a view the host does not have.
  FrameComposer(ViewHost& host, FrameSpec spec);
  ~FrameComposer();

  // The frame at w x h, RGBA top row first (needs GL). Uploads the snapshot's textures.
  std::vector<uint8_t> compose(const Snapshot& snap, int w, int h);
  // Where the caption and each view go (tests, and the layout itself).
  FrameRect captionRect(int w, int h) const;
  std::vector<FrameRect> cells(int w, int h) const;
  const FrameSpec& spec() const { return spec_; }

 private:
  class CaptionView;
  ViewHost& host_;
  FrameSpec spec_;
  std::vector<View*> views_;
  std::unique_ptr<CaptionView> caption_;
};

}  // namespace gs
