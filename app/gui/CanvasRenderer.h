// CanvasRenderer: replays a Canvas (draw list + heat-map layers) with OpenGL into the
// currently bound framebuffer. One per GL context; the same code serves the window, view
// export and headless rendering.
#pragma once
#include <epoxy/gl.h>

#include "config/Config.h"
#include "gui/Canvas.h"
#include "train/Snapshot.h"

namespace gs {

// A Field as an R32F texture with linear filtering (row 0 = box.ymin).
class FieldTexture {
 public:
  FieldTexture() = default;
  ~FieldTexture();
  FieldTexture(const FieldTexture&) = delete;
  FieldTexture& operator=(const FieldTexture&) = delete;
  void upload(const Field& field);  // empty field -> texture 0
  unsigned id() const { return empty_ ? 0u : texture_; }

 private:
  GLuint texture_ = 0;
  bool empty_ = true;
};

class CanvasRenderer {
 public:
  CanvasRenderer();  // needs a current GL 3.3 context; throws std::runtime_error
  ~CanvasRenderer();
  CanvasRenderer(const CanvasRenderer&) = delete;
  CanvasRenderer& operator=(const CanvasRenderer&) = delete;

  // Clears to `background` and draws the canvas; the viewport must match the canvas size.
  void render(const Canvas& canvas, ImU32 background);

 private:
  void drawField(const Canvas& canvas, const FieldLayer& layer, const ImVec4& clip);
  void setupDrawListState(const Canvas& canvas);
  GLuint listProgram_ = 0, fieldProgram_ = 0;
  GLuint vao_ = 0, vbo_ = 0, ebo_ = 0, emptyVao_ = 0;
  GLuint lut_[2] = {0, 0};  // Diverging, Sequential
};

}  // namespace gs
