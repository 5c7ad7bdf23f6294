// The whole window as a picture at 1x, 2x or 4x: a real re-render, not an upscale. One App frame
// is laid out at k times the display size with k-times fonts and theme (the layout follows the
// font size, so it is the window's layout at k times the resolution; every view redraws at its
// k-times size), rendered into an offscreen framebuffer and read back; then fonts, theme and
// display size are restored. Screenshots and whole-window recordings use it.
#pragma once
#include <cstdint>
#include <vector>

namespace gs {

class App;

// Call at a frame boundary (after the window's frame was presented, before the next
// ImGui::NewFrame), with the ImGui OpenGL3 backend initialised. RGBA, top row first; w x h is
// the window's framebuffer size times `scale` (1 to 4). Throws std::runtime_error when the
// framebuffer cannot be made (too large for the GL driver).
std::vector<uint8_t> captureWindow(App& app, int scale, int& w, int& h);

}  // namespace gs
