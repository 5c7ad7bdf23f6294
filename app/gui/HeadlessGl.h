// HeadlessGl: an OpenGL 3.3 core context with no window and no display (EGL on Mesa's
// surfaceless platform, DESIGN.md §5), plus the ImGui context whose font atlas the views draw
// their text with. `ganscope render` and display-free tests draw through ViewHost inside one.
#pragma once
#include <memory>
#include <string>

#include "gui/Theme.h"

namespace gs {

class HeadlessGl {
 public:
  // Makes the context current on this thread and builds the UI fonts at fontPx with their
  // atlas texture. Throws std::runtime_error saying what is missing (EGL library, the
  // surfaceless platform, a GL 3.3 core context, ...) when EGL cannot be used.
  explicit HeadlessGl(float fontPx);
  ~HeadlessGl();
  HeadlessGl(const HeadlessGl&) = delete;
  HeadlessGl& operator=(const HeadlessGl&) = delete;

  const GuiFonts& fonts() const { return fonts_; }
  std::string renderer() const;  // GL_RENDERER, for messages

 private:
  struct Egl;
  std::unique_ptr<Egl> egl_;
  GuiFonts fonts_;
  unsigned fontTexture_ = 0;
};

}  // namespace gs
