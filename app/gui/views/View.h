// The seam between the views and whatever shows them: a view draws one picture of a Snapshot
// into a Canvas of any size. The window shows it through a framebuffer; export renders the
// same view at 1920x1080; a headless `render` command can do the same with an EGL context.
#pragma once
#include <imgui.h>

#include "gui/Canvas.h"
#include "train/Snapshot.h"

namespace gs {

// GL textures of the snapshot being drawn (0 when there is no GL, e.g. in headless tests).
struct ViewTextures {
  unsigned critic = 0;
};

struct ViewInput {
  const Snapshot& snap;
  ViewTextures textures;
  ImVec2 mouse{-1, -1};  // hover position in target pixels; negative = no hover read-out
};

class View {
 public:
  virtual ~View() = default;
  virtual const char* name() const = 0;   // short id for file names: "data", "curves", ...
  virtual const char* title() const = 0;  // window title
  virtual void render(const ViewInput& in, Canvas& canvas) = 0;
};

}  // namespace gs
