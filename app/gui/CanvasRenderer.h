// CanvasRenderer: replays a Canvas (draw list + heat-map layers) with OpenGL into the
// currently bound framebuffer. One per GL context; the same code serves the window, view
// export and headless rendering.
#pragma once
#include <epoxy/gl.h>

#include <memory>
#include <string>
#include <vector>

#include "config/Config.h"
#include "field/CriticNet.h"
#include "gui/Canvas.h"
#include "train/Snapshot.h"

namespace gs {

// A CriticNet's packed parameters as an R32F texture kNetTextureWidth floats wide (what
// shaders/field_net_frag.glsl reads with texelFetch).
class NetTexture {
 public:
  NetTexture() = default;
  ~NetTexture();
  NetTexture(const NetTexture&) = delete;
  NetTexture& operator=(const NetTexture&) = delete;
  void upload(const CriticNet& net);
  GLuint id() const { return texture_; }

 private:
  GLuint texture_ = 0;
};

// The critic field's path in the current GL context: chooseFieldPath with this context's
// GL_RENDERER and the GANSCOPE_FIELD environment variable (gpu | cpu | auto).
FieldPath fieldPathHere(const CriticNet* net, std::string* why = nullptr);

// A Field as an R32F texture with linear filtering (row 0 = box.ymin). When the field carries
// its function (Field::net) and fieldPathHere picks the GPU, the network's weights are uploaded
// too and CanvasRenderer draws any layer showing this texture by evaluating the network at every
// pixel (the grid texture stays, for the CPU path). Views keep passing the texture's id.
class FieldTexture {
 public:
  FieldTexture() = default;
  ~FieldTexture();
  FieldTexture(const FieldTexture&) = delete;
  FieldTexture& operator=(const FieldTexture&) = delete;
  void upload(const Field& field);  // empty field -> texture 0
  unsigned id() const { return empty_ ? 0u : texture_; }
  // The network drawn in place of the grid (nullptr: the grid is drawn).
  const CriticNet* gpuNet() const { return gpuNet_.get(); }
  GLuint netTexture() const { return net_.id(); }
  // The FieldTexture of the current context whose id() is `texture`, or nullptr.
  static const FieldTexture* find(unsigned texture);

 private:
  GLuint texture_ = 0;
  bool empty_ = true;
  std::shared_ptr<const CriticNet> gpuNet_;
  NetTexture net_;
  const void* context_[2] = {nullptr, nullptr};  // the GL context the texture lives in
};

class CanvasRenderer {
 public:
  CanvasRenderer();  // needs a current GL 3.3 context; throws std::runtime_error
  ~CanvasRenderer();
  CanvasRenderer(const CanvasRenderer&) = delete;
  CanvasRenderer& operator=(const CanvasRenderer&) = delete;

  // Clears to `background` and draws the canvas; the viewport must match the canvas size.
  void render(const Canvas& canvas, ImU32 background);

  // The network's display values at the centres of a w x h grid of pixels over net.box, drawn
  // by the heat-map shader into an R32F framebuffer before any colouring (rows from ymin up,
  // like Field::values). For the test that compares the shader with the CPU; leaves the
  // framebuffer binding at 0. Throws std::runtime_error when the shader does not build.
  std::vector<float> renderNetValues(const CriticNet& net, int w, int h);

 private:
  void drawField(const Canvas& canvas, const FieldLayer& layer, const ImVec4& clip);
  void setupDrawListState(const Canvas& canvas);
  void setShadeUniforms(GLuint program, const FieldLayer& f, float targetW, float targetH);
  void setNetUniforms(const CriticNet& net, GLuint netTexture, bool raw);
  GLuint netProgram();  // built on first use; 0 when it does not build (the grid is drawn)
  GLuint listProgram_ = 0, fieldProgram_ = 0, netProgram_ = 0;
  bool netProgramFailed_ = false;
  GLuint vao_ = 0, vbo_ = 0, ebo_ = 0, emptyVao_ = 0;
  GLuint lut_[2] = {0, 0};  // Diverging, Sequential
};

}  // namespace gs
