// ViewHost: views rendered offscreen for the window, exports and headless rendering.
#include "gui/ViewHost.h"

#include <algorithm>

#include "gui/CanvasRenderer.h"
#include "gui/GlUtil.h"

namespace gs {

ViewHost::ViewHost(bool withGl) : gl_(withGl) {
  if (gl_) {
    renderer_ = std::make_unique<CanvasRenderer>();
    criticTexture_ = std::make_unique<FieldTexture>();
  }
  // The registration list: one line per view.
  all_ = {&data_, &oneD_, &curves_, &coverage_, &convergence_, &langevin_, &energyTarget_};
}

ViewHost::~ViewHost() = default;

void ViewHost::setFonts(const GuiFonts& fonts) {
  fontPx_ = fonts.px;
  canvas_ = std::make_unique<Canvas>(ImGui::GetIO().Fonts, fonts.regular, fonts.large);
  targets_.clear();  // every picture is redrawn with the new atlas
}

void ViewHost::update(const Snapshot& snap) {
  if (gl_ && snap.version != uploadedVersion_) {  // textures follow snapshots, not frames
    criticTexture_->upload(snap.criticField);
    uploadedVersion_ = snap.version;
  }
}

std::vector<View*> ViewHost::views() const { return all_; }

View* ViewHost::find(const std::string& name) const {
  for (View* v : all_)
    if (name == v->name()) return v;
  return nullptr;
}

void ViewHost::draw(View& view, const Snapshot& snap, int w, int h, float fontPx, ImVec2 mouse,
                    float reservedTopRight) {
  canvas_->begin(w, h, fontPx);
  canvas_->setReservedTopRight(reservedTopRight);
  ViewInput in{snap, ViewTextures{criticTexture_ ? criticTexture_->id() : 0u}, mouse};
  view.render(in, *canvas_);
}

unsigned ViewHost::renderToTarget(View& view, const Snapshot& snap, int w, int h, float fontPx, ImVec2 mouse,
                                  float reservedTopRight, bool pointerActivity) {
  Target& t = targets_[&view];
  const bool stale = !gl_ || !t.fb || t.version != snap.version || t.width != w || t.height != h ||
                     t.fontPx != fontPx || t.mouse.x != mouse.x || t.mouse.y != mouse.y || pointerActivity;
  if (!stale) return t.fb->texture();
  draw(view, snap, w, h, fontPx, mouse, reservedTopRight);
  if (!gl_) return 0;
  if (!t.fb) t.fb = std::make_unique<Framebuffer>();
  t.fb->resize(w, h);
  t.fb->bind();
  renderer_->render(*canvas_, palette::kBackground);
  Framebuffer::unbind();
  t.version = snap.version;
  t.width = w;
  t.height = h;
  t.fontPx = fontPx;
  t.mouse = mouse;
  return t.fb->texture();
}

std::vector<uint8_t> ViewHost::renderPixels(View& view, const Snapshot& snap, int w, int h) {
  if (!gl_) return {};
  draw(view, snap, w, h, std::max(fontPx_, float(h) / 40.0f), ImVec2(-1, -1), 0);
  Framebuffer fb;
  fb.resize(w, h);
  fb.bind();
  renderer_->render(*canvas_, palette::kBackground);
  std::vector<uint8_t> px = fb.readPixels();
  Framebuffer::unbind();
  return px;
}

void ViewHost::shownSize(const View& view, int& w, int& h) const {
  const auto it = targets_.find(&view);
  w = it == targets_.end() ? 0 : it->second.width;
  h = it == targets_.end() ? 0 : it->second.height;
}

std::string ViewHost::exportPng(const std::string& name, const Snapshot& snap, int w, int h, const std::string& path) {
  if (!gl_) return "export needs OpenGL";
  View* view = find(name);
  if (!view) return "no view named '" + name + "'";
  return writePngAtomic(path, renderPixels(*view, snap, w, h), w, h);
}

}  // namespace gs
