// TestProbe: widget rectangles and app state for real-input GUI tests (see TestProbe.h).
#include "gui/TestProbe.h"

#include <imgui.h>

#include <cstdio>
#include <exception>

#include "util/AtomicFile.h"

namespace gs {

TestProbe* activeProbe() {
  if (!ImGui::GetCurrentContext()) return nullptr;
  auto* p = static_cast<TestProbe*>(ImGui::GetIO().UserData);
  return p && p->enabled() ? p : nullptr;
}

void bindProbe(TestProbe* probe) { ImGui::GetIO().UserData = probe; }

void probeItem(const char* id, const char* kind) {
  if (TestProbe* p = activeProbe()) p->item(id, kind);
}

void probeItem(const char* id, const char* kind, const nlohmann::json& value) {
  if (TestProbe* p = activeProbe()) {
    p->item(id, kind);
    p->setLastValue(value);
  }
}

void probeNextFrame(const char* id, const char* kind) {
  TestProbe* p = activeProbe();
  if (!p) return;
  const ImVec2 a = ImGui::GetCursorScreenPos();
  const float w = ImGui::CalcItemWidth(), h = ImGui::GetFrameHeight();
  // Visible when inside the window's clip rectangle (ImGui decides only once it is drawn).
  const ImVec4 clip = ImGui::GetWindowDrawList()->_ClipRectStack.back();
  const bool visible = a.y + h > clip.y && a.y < clip.w;
  p->rect(id, kind, a.x, a.y, a.x + w, a.y + h, visible);
  p->setLast("top_clear", a.y >= clip.y - 0.5f);  // see item()
}

void TestProbe::beginFrame() {
  ++frame_;
  widgets_ = nlohmann::json::object();
  scopes_.clear();
}

void TestProbe::item(const std::string& label, const char* kind) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  // Visible = inside its window's clip rectangle (a scrolled-away widget is not clickable).
  rect(label, kind, a.x, a.y, b.x, b.y, ImGui::IsItemVisible());
  widgets_[lastId_]["active"] = ImGui::IsItemActive();
  // Below the window's top edge: a click at the centre of a widget half scrolled away under
  // that edge lands on whatever is above it. (The bottom edge is the tests' own check.)
  widgets_[lastId_]["top_clear"] = a.y >= ImGui::GetWindowDrawList()->_ClipRectStack.back().y - 0.5f;
}

std::string TestProbe::idFor(const std::string& label) const {
  // A name starting with '/' is absolute: no scope prefix (views are "view.<name>" wherever
  // the layout puts them).
  std::string id;
  const bool absolute = !label.empty() && label[0] == '/';
  if (!absolute)
    for (const std::string& s : scopes_) id += s + ".";
  const std::string name = absolute ? label.substr(1) : label;
  // "text##id": the part after "##" is the stable name (the visible text may change with state
  // or text size); a plain label is its own name.
  const size_t hashes = name.find("##");
  id += hashes == std::string::npos || hashes + 2 == name.size() ? name.substr(0, hashes) : name.substr(hashes + 2);
  return id;
}

void TestProbe::rect(const std::string& label, const char* kind, float x0, float y0, float x1, float y1, bool visible) {
  const std::string id = idFor(label);
  widgets_[id] = {{"x", x0},        {"y", y0}, {"w", x1 - x0}, {"h", y1 - y0}, {"kind", kind}, {"visible", visible},
                  {"active", false}};
  lastId_ = id;
}

void TestProbe::endFrame(double now) {
  if (!enabled() || (lastWrite_ >= 0 && now - lastWrite_ < 0.05)) return;
  lastWrite_ = now;
  nlohmann::json out = state_;
  out["frame"] = frame_;
  out["time"] = now;
  out["widgets"] = widgets_;
  try {
    writeFileAtomic(path_, out.dump());
  } catch (const std::exception& e) {
    if (!reportedError_) std::fprintf(stderr, "ganscope: warning: test state: %s\n", e.what());
    reportedError_ = true;
  }
}

}  // namespace gs
