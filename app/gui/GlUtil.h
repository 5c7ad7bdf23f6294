// Small OpenGL helpers: shader programs, textures and the offscreen framebuffers every view
// renders into (so any view can be shown in a window or exported alone at any size).
#pragma once
#include <epoxy/gl.h>

#include <cstdint>
#include <string>
#include <vector>

#include "util/PngText.h"

namespace gs {

// Compiles and links a vertex + fragment pair; throws std::runtime_error with the GL log.
GLuint buildProgram(const char* vertexSource, const char* fragmentSource, const char* name);

// An RGBA8 colour texture with a framebuffer around it. Resizing keeps the object.
class Framebuffer {
 public:
  Framebuffer() = default;
  ~Framebuffer();
  Framebuffer(const Framebuffer&) = delete;
  Framebuffer& operator=(const Framebuffer&) = delete;

  void resize(int width, int height);  // no-op when the size is unchanged
  void bind() const;                   // binds and sets the viewport
  static void unbind();
  GLuint texture() const { return texture_; }
  int width() const { return width_; }
  int height() const { return height_; }
  // RGBA rows, top row first.
  std::vector<uint8_t> readPixels() const;

 private:
  GLuint fbo_ = 0, texture_ = 0;
  int width_ = 0, height_ = 0;
};

// Reads the bound read framebuffer (e.g. the window's back buffer) as RGBA, top row first.
std::vector<uint8_t> readPixelsTopDown(int width, int height);

// Writes RGBA pixels (top row first) as PNG atomically: a temporary file, then rename, so a
// reader never sees a half-written image. `text` goes into tEXt/iTXt chunks after IHDR (a
// screenshot's preset, iteration, seed and config). Returns "" or an error message naming the file.
std::string writePngAtomic(const std::string& path, const std::vector<uint8_t>& rgba, int width, int height,
                           const std::vector<PngText>& text = {});

}  // namespace gs
