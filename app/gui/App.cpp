// The GUI application: windows, controls and view hosting (see App.h).
#include "gui/App.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "data/Datasets.h"
#include "gui/CanvasRenderer.h"
#include "gui/GlUtil.h"
#include "gui/TestProbe.h"
#include "nn/Activation.h"
#include "objectives/Registry.h"
#include "optim/Optimizer.h"
#include "train/Verdict.h"
#include "util/Error.h"

namespace gs {

namespace {

constexpr ImGuiWindowFlags kFixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                    ImGuiWindowFlags_NoBringToFrontOnFocus;
constexpr ImGuiWindowFlags kViewFlags = kFixed | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;

// GLFW key codes (ImGui 1.86 indexes io.KeysDown by the backend's codes): letters and digits
// are their ASCII codes.
constexpr int kKeySpace = 32, kKeyEscape = 256, kKeyF1 = 290, kKeyLeftBracket = 91, kKeyRightBracket = 93;

void helpMarker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

bool comboStrings(const char* label, std::string& value, const std::vector<std::string>& items,
                  const std::vector<std::string>* tooltips = nullptr, ImGuiComboFlags flags = 0) {
  bool changed = false;
  probeNextFrame(label, "combo");
  if (ImGui::BeginCombo(label, value.c_str(), flags)) {
    for (size_t i = 0; i < items.size(); ++i) {
      const bool selected = items[i] == value;
      if (ImGui::Selectable(items[i].c_str(), selected)) {
        changed = items[i] != value;
        value = items[i];
      }
      probeItem((std::string(label) + "." + items[i]).c_str(), "menuitem");
      if (tooltips && i < tooltips->size() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", (*tooltips)[i].c_str());
      if (selected) ImGui::SetItemDefaultFocus();
    }
    ImGui::EndCombo();
  }
  return changed;
}

bool sliderDouble(const char* label, double& v, double lo, double hi, const char* fmt, bool log = false) {
  float f = float(v);
  const bool changed =
      ImGui::SliderFloat(label, &f, float(lo), float(hi), fmt, log ? ImGuiSliderFlags_Logarithmic : 0);
  probeItem(label, "slider");
  if (changed) v = double(f);
  return changed;
}

bool comboInt(const char* label, int& value, std::initializer_list<int> options) {
  bool changed = false;
  const std::string cur = std::to_string(value);
  probeNextFrame(label, "combo");
  if (ImGui::BeginCombo(label, cur.c_str())) {
    for (int o : options) {
      if (ImGui::Selectable(std::to_string(o).c_str(), o == value)) {
        changed = o != value;
        value = o;
      }
      probeItem((std::string(label) + "." + std::to_string(o)).c_str(), "menuitem");
    }
    ImGui::EndCombo();
  }
  return changed;
}

// Widgets with their probe record (TestProbe.h), for the controls that are not built above.
bool button(const char* label, ImVec2 size = ImVec2(0, 0)) {
  const bool pressed = ImGui::Button(label, size);
  probeItem(label, "button");
  return pressed;
}

bool checkbox(const char* label, bool* v) {
  const bool changed = ImGui::Checkbox(label, v);
  probeItem(label, "checkbox");
  return changed;
}

bool inputInt(const char* label, int* v, int step = 1, int stepFast = 100) {
  const bool changed = ImGui::InputInt(label, v, step, stepFast);
  probeItem(label, "input");
  return changed;
}

// The finite points' bounding box (2-D), padded by 10%; `fallback` when there are none.
Box boundsOf(const Eigen::MatrixXd& xs, const Box& fallback) {
  Box b{1e300, -1e300, 1e300, -1e300};
  for (Eigen::Index j = 0; j < xs.cols(); ++j) {
    if (xs.rows() < 2 || !std::isfinite(xs(0, j)) || !std::isfinite(xs(1, j))) continue;
    b.xmin = std::min(b.xmin, xs(0, j)), b.xmax = std::max(b.xmax, xs(0, j));
    b.ymin = std::min(b.ymin, xs(1, j)), b.ymax = std::max(b.ymax, xs(1, j));
  }
  if (b.xmin > b.xmax) return fallback;
  b.xmin = std::min(b.xmin, fallback.xmin), b.xmax = std::max(b.xmax, fallback.xmax);
  b.ymin = std::min(b.ymin, fallback.ymin), b.ymax = std::max(b.ymax, fallback.ymax);
  const double px = 0.1 * (b.xmax - b.xmin), py = 0.1 * (b.ymax - b.ymin);
  return {b.xmin - px, b.xmax + px, b.ymin - py, b.ymax + py};
}

std::string objectiveTitle(const std::string& name) {
  try {
    return makeObjective(name)->info().title;
  } catch (const std::exception&) {
    return name;
  }
}

}  // namespace

App::App(Session& session, const GuiFonts& fonts, std::string presetName, bool withGl)
    : session_(session), gl_(withGl), fonts_(fonts), wantedFontPx_(fonts.px), presetName_(std::move(presetName)) {
  setFonts(fonts);
  if (gl_) {
    renderer_ = std::make_unique<CanvasRenderer>();
    criticTexture_ = std::make_unique<FieldTexture>();
  }
  snap_ = session_.latest();
  cfg_ = session_.config();
  try {
    presets_ = listPresets();
  } catch (const std::exception& e) {
    presetError_ = e.what();
  }
  if (cfg_.data.name == "csv" || cfg_.data.name == "image") fileBuffer_ = cfg_.data.path;
}

App::~App() = default;

void App::setFonts(const GuiFonts& fonts) {
  fonts_ = fonts;
  wantedFontPx_ = fonts.px;
  canvas_ = std::make_unique<Canvas>(ImGui::GetIO().Fonts, fonts.regular, fonts.large);
}

std::vector<View*> App::views() { return {&data_, &oneD_, &curves_, &coverage_, &convergence_, &langevin_}; }

void App::toast(const std::string& message) {
  toast_ = message;
  toastUntil_ = ImGui::GetTime() + 6.0;
}

// ---------------------------------------------------------------------------------------
// Config editing: the controls edit a local copy; each edit is posted whole. The session's
// config (which changes only once a command is applied) wins again when the user is idle,
// so a rejected value springs back and the error banner says why.

void App::syncConfig() {
  if (ImGui::IsAnyItemActive() || ImGui::GetTime() - lastEdit_ < 1.0) return;
  cfg_ = session_.config();
}

void App::applyConfig() {
  session_.setConfig(cfg_);
  lastEdit_ = ImGui::GetTime();
}

void App::pickPreset(size_t index) {
  if (index >= presets_.size()) return;
  const PresetInfo& p = presets_[index];
  try {
    Config c = configFromJson(loadPreset(p.name));
    session_.setConfig(c);
    session_.reset();
    cfg_ = c;
    lastEdit_ = ImGui::GetTime();
    presetName_ = p.name;
    data_.resetView();
    data_.drawing = false;
    data_.pendingPoints.clear();
    toast("preset " + p.name + ": " + c.title);
  } catch (const std::exception& e) {
    toast(std::string("cannot load preset: ") + e.what());
  }
}

void App::applyDrawnPoints() {
  if (data_.pendingPoints.size() < 2) return;
  cfg_.data.name = "points";
  cfg_.data.points = data_.pendingPoints;
  cfg_.data.scale = 1.0;
  cfg_.data.path.clear();
  applyConfig();
}

void App::handleKeys() {
  ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || io.KeyCtrl || io.KeyAlt) return;
  if (ImGui::IsKeyPressed(kKeySpace, false)) session_.toggleRunning();
  if (ImGui::IsKeyPressed('S')) session_.stepIteration();
  if (ImGui::IsKeyPressed('D')) session_.stepCritic();
  if (ImGui::IsKeyPressed('G')) session_.stepGenerator();
  if (ImGui::IsKeyPressed('R', false)) session_.reset();
  if (ImGui::IsKeyPressed('M', false)) {
    slowMotion_ = !slowMotion_;
    session_.setSlowMotion(slowMotion_);
  }
  if (ImGui::IsKeyPressed('H', false) || ImGui::IsKeyPressed(kKeyF1, false)) showHelp_ = !showHelp_;
  if (ImGui::IsKeyPressed(kKeyEscape, false)) {
    showHelp_ = false;
    data_.drawing = false;
  }
  // 1-9 and 0 pick presets 1-10; [ and ] step through all of them.
  for (int k = 0; k <= 9; ++k)
    if (ImGui::IsKeyPressed('0' + k, false)) pickPreset(size_t(k == 0 ? 9 : k - 1));
  if (!presets_.empty()) {
    size_t current = presets_.size();
    for (size_t i = 0; i < presets_.size(); ++i)
      if (presets_[i].name == presetName_) current = i;
    if (ImGui::IsKeyPressed(kKeyRightBracket, false))
      pickPreset(current >= presets_.size() ? 0 : (current + 1) % presets_.size());
    if (ImGui::IsKeyPressed(kKeyLeftBracket, false))
      pickPreset(current >= presets_.size() ? presets_.size() - 1 : (current + presets_.size() - 1) % presets_.size());
  }
}

// ---------------------------------------------------------------------------------------

void App::frame() {
  snap_ = session_.latest();
  if (gl_ && snap_->version != uploadedVersion_) {  // textures follow snapshots, not frames
    criticTexture_->upload(snap_->critic);
    uploadedVersion_ = snap_->version;
  }
  syncConfig();
  handleKeys();

  const ImGuiIO& io = ImGui::GetIO();
  const float W = io.DisplaySize.x, H = io.DisplaySize.y, f = fonts_.px;
  const float statusH = std::round(f * 1.9f);
  // The main view gets the space first, at every text size: the side columns take fixed
  // shares of the window (their contents scroll or wrap), never a share that grows with the font.
  const float bodyH = std::max(100.0f, H - statusH);
  const float leftW = std::round(std::clamp(W * 0.22f, std::min(W * 0.3f, f * 14.0f), W * 0.26f));
  const float rightW = std::round(std::clamp(W * 0.27f, std::min(W * 0.3f, f * 15.0f), W * 0.30f));
  const float centreW = std::max(100.0f, W - leftW - rightW);
  {
    ProbeScope scope("controls");
    controlsWindow(ImVec2(0, 0), ImVec2(leftW, bodyH));
  }
  centerWindow(ImVec2(leftW, 0), ImVec2(centreW, bodyH));
  const float convH = std::round(bodyH * 0.23f), curvesH = std::round(bodyH * 0.49f);
  const float rx = leftW + centreW;
  viewWindow("Convergence", convergence_, ImVec2(rx, 0), ImVec2(rightW, convH));
  curvesWindow(ImVec2(rx, convH), ImVec2(rightW, curvesH));
  viewWindow("Mode coverage", coverage_, ImVec2(rx, convH + curvesH), ImVec2(rightW, bodyH - convH - curvesH));
  statusBar(ImVec2(0, H - statusH), ImVec2(W, statusH));
  // Banners float over the bottom of the main view: the layout never moves under the pointer.
  bannerWindow(ImVec2(leftW, bodyH), centreW);
  if (showHelp_) helpWindow();
  if (activeProbe()) fillProbeState();
}

void App::fillProbeState() {
  nlohmann::json& st = activeProbe()->state();
  const Snapshot& s = *snap_;
  st["step"] = s.step;
  st["version"] = s.version;
  st["running"] = s.running;
  st["config"] = configToJson(s.config);
  st["edited_config"] = configToJson(cfg_);
  st["help_visible"] = showHelp_;
  st["slow_motion"] = slowMotion_;
  st["sub_step_label"] = s.subStepLabel;
  st["toast"] = ImGui::GetTime() < toastUntil_ ? toast_ : "";
  st["banner"] = bannerText_;
  st["last_saved"] = lastSaved_;
  st["preset"] = presetName_;
  st["font_px"] = fonts_.px;
  st["display"] = {ImGui::GetIO().DisplaySize.x, ImGui::GetIO().DisplaySize.y};
  st["text"] = {{"controls.data.file", fileBuffer_}, {"controls.run.seed", std::to_string(cfg_.seed)}};
  st["want_text_input"] = ImGui::GetIO().WantTextInput;
  st["drawing"] = data_.drawing;
  st["history_rows"] = s.history ? s.history->steps().size() : 0;
  st["history_last_step"] = s.history && !s.history->steps().empty() ? s.history->steps().back() : -1;
  st["curves_groups_shown"] = curves_.shownGroups;
  st["modes_captured"] = s.coverage.modesCaptured;
  st["verdict"] = s.verdict;
}

// ---------------------------------------------------------------------------------------
// Views: each renders into its own framebuffer, shown with ImGui::Image.

void App::renderView(View& view, int w, int h, float fontPx, ImVec2 mouse, float reservedRight) {
  ViewTarget& t = targets_[&view];
  const ImGuiIO& io = ImGui::GetIO();
  bool pointerActivity = io.MouseWheel != 0 || ImGui::IsAnyMouseDown();
  for (bool released : io.MouseReleased) pointerActivity |= released;
  const bool stale = !gl_ || !t.fb || t.version != snap_->version || t.width != w || t.height != h ||
                     t.fontPx != fontPx || t.mouse.x != mouse.x || t.mouse.y != mouse.y || pointerActivity;
  if (!stale) return;
  canvas_->begin(w, h, fontPx);
  canvas_->setReservedTopRight(reservedRight);
  ViewInput in{*snap_, ViewTextures{criticTexture_ ? criticTexture_->id() : 0u}, mouse};
  view.render(in, *canvas_);
  if (!gl_) return;
  if (!t.fb) t.fb = std::make_unique<Framebuffer>();
  t.fb->resize(w, h);
  t.fb->bind();
  renderer_->render(*canvas_, palette::kBackground);
  Framebuffer::unbind();
  t.version = snap_->version;
  t.width = w;
  t.height = h;
  t.fontPx = fontPx;
  t.mouse = mouse;
}

void App::showView(View& view, const char* id, ImVec2 size, bool interactive) {
  const ImGuiIO& io = ImGui::GetIO();
  const float s = io.DisplayFramebufferScale.x > 0 ? io.DisplayFramebufferScale.x : 1.0f;
  size.x = std::max(size.x, 8.0f);
  size.y = std::max(size.y, 8.0f);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImVec2 mouse(-1, -1);
  if (ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) &&
      ImGui::IsMouseHoveringRect(origin, ImVec2(origin.x + size.x, origin.y + size.y)) && !showHelp_ && !scripted_)
    mouse = ImVec2((io.MousePos.x - origin.x) * s, (io.MousePos.y - origin.y) * s);
  const char* label = "PNG";
  const float bw = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2;
  // The view's own title keeps clear of the PNG button in its top-right corner.
  renderView(view, int(size.x * s), int(size.y * s), fonts_.px * s, mouse, (bw + fonts_.px * 0.8f) * s);

  ImGui::InvisibleButton(id, size);
  // The PNG button drawn over the view must get the clicks it is under (ImGui gives a hovered
  // item priority unless it allows overlap).
  ImGui::SetItemAllowOverlap();
  probeItem((std::string("view.") + view.name()).c_str(), "view");
  const ImTextureID tex = gl_ ? (ImTextureID)(intptr_t)targets_[&view].fb->texture() : ImTextureID(nullptr);
  // GL textures start at the bottom row: flip v.
  ImGui::GetWindowDrawList()->AddImage(tex, origin, ImVec2(origin.x + size.x, origin.y + size.y), ImVec2(0, 1),
                                       ImVec2(1, 0));
  if (interactive && &view == &data_) handleDataViewInput(origin, s);

  std::string file = std::string("ganscope-") + view.name() + "-step" + std::to_string(snap_->step) + ".png";
  auto doExport = [&] {
    const std::string err = exportView(view.name(), 1920, 1080, file);
    if (err.empty()) lastSaved_ = file;
    toast(err.empty() ? "saved " + file + " (1920x1080)" : err);
  };
  if (ImGui::BeginPopupContextItem(id)) {
    if (ImGui::MenuItem("Export view PNG (1920x1080)", nullptr, false, gl_)) doExport();
    probeItem((std::string("view.") + view.name() + ".menu.export").c_str(), "menuitem");
    if (&view == &data_ && ImGui::MenuItem("Reset view")) data_.resetView();
    ImGui::EndPopup();
  }
  // A small export button in the view's top-right corner.
  const ImVec2 after = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(ImVec2(origin.x + size.x - bw - fonts_.px * 0.4f, origin.y + fonts_.px * 0.3f));
  ImGui::PushID(id);
  if (ImGui::SmallButton(label) && gl_) doExport();
  probeItem((std::string("view.") + view.name() + ".PNG").c_str(), "button");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Export this view as PNG (1920x1080), or right-click the view");
  ImGui::PopID();
  ImGui::SetCursorScreenPos(after);
}

void App::handleDataViewInput(ImVec2 origin, float s) {
  const ImGuiIO& io = ImGui::GetIO();
  const ImVec2 px((io.MousePos.x - origin.x) * s, (io.MousePos.y - origin.y) * s);
  if (ImGui::IsItemHovered() && io.MouseWheel != 0) data_.zoomAt(px, std::pow(1.15f, io.MouseWheel));
  if (data_.drawing && snap_->dim == 2) {
    double x, y;
    if (ImGui::IsItemActive() && data_.toData(px, x, y)) {
      const float dx = px.x - lastDrawnPx_.x, dy = px.y - lastDrawnPx_.y;
      if (ImGui::IsItemActivated() || dx * dx + dy * dy > (fonts_.px * 0.5f) * (fonts_.px * 0.5f)) {
        data_.pendingPoints.push_back(x);
        data_.pendingPoints.push_back(y);
        lastDrawnPx_ = px;
        drawStroke_ = true;
      }
    }
    if (ImGui::IsItemDeactivated() && drawStroke_) {  // a stroke ends: train on the new points
      drawStroke_ = false;
      applyDrawnPoints();
    }
    return;
  }
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 1.0f))
    data_.pan(io.MouseDelta.x * s, io.MouseDelta.y * s);
  if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) data_.resetView();
}

std::string App::exportView(const std::string& name, int width, int height, const std::string& path) {
  if (!gl_) return "export needs OpenGL";
  View* view = nullptr;
  for (View* v : views())
    if (name == v->name()) view = v;
  if (!view) return "no view named '" + name + "'";
  // Text grows with the picture so an exported 1080p frame reads like the window does.
  const float fontPx = std::max(fonts_.px, float(height) / 40.0f);
  canvas_->begin(width, height, fontPx);
  ViewInput in{*snap_, ViewTextures{criticTexture_->id()}, ImVec2(-1, -1)};
  view->render(in, *canvas_);
  Framebuffer fb;
  fb.resize(width, height);
  fb.bind();
  renderer_->render(*canvas_, palette::kBackground);
  std::vector<uint8_t> px = fb.readPixels();
  Framebuffer::unbind();
  return writePngAtomic(path, px, width, height);
}

void App::viewWindow(const char* title, View& view, ImVec2 pos, ImVec2 size) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(2, 2));
  if (ImGui::Begin(title, nullptr, kViewFlags | ImGuiWindowFlags_NoTitleBar)) {
    showView(view, title, ImGui::GetContentRegionAvail(), false);
  }
  ImGui::End();
  ImGui::PopStyleVar();
}

void App::centerWindow(ImVec2 pos, ImVec2 size) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(4, 4));
  if (ImGui::Begin("Views", nullptr, kViewFlags | ImGuiWindowFlags_NoTitleBar)) {
    const bool energy = snap_->objective.output == OutputKind::Energy && snap_->dim == 2;
    if (ImGui::BeginTabBar("centre-tabs")) {
      View* main = snap_->dim == 1 ? static_cast<View*>(&oneD_) : static_cast<View*>(&data_);
      const bool mainTab = ImGui::BeginTabItem(snap_->dim == 1 ? "1-D view" : "Data space");
      probeItem("tab.main", "tab");
      if (mainTab) {
        ProbeScope scope("layers");
        layersControls();
        showView(*main, "##main-view", ImGui::GetContentRegionAvail(), true);
        ImGui::EndTabItem();
      }
      const bool langevinTab = energy && ImGui::BeginTabItem("Energy & Langevin");
      if (energy) probeItem("tab.langevin", "tab");
      if (langevinTab) {
        showView(langevin_, "##langevin-view", ImGui::GetContentRegionAvail(), false);
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
    }
  }
  ImGui::End();
  ImGui::PopStyleVar();
}

// The layer switches above the main view: one row when they fit, else one "Layers..." menu,
// so big text never takes the view's height.
void App::layersControls() {
  std::vector<std::pair<const char*, bool*>> layers;
  if (snap_->dim == 1) {
    layers = {{"Histogram", &oneD_.showHistogram}, {"KDE", &oneD_.showKde}, {"D*", &oneD_.showDStar},
              {"Push arrows", &oneD_.showArrows}};
  } else {
    layers = {{"Heat map", &data_.showField}, {"Iso-lines", &data_.showIso}, {"Densities", &data_.showKde},
              {"Push arrows", &data_.showArrows}, {"Manifold", &data_.showManifold}, {"Modes", &data_.showModes},
              {"Legend", &data_.showLegend}};
  }
  const ImGuiStyle& st = ImGui::GetStyle();
  float rowW = 0;
  for (auto& [label, v] : layers) rowW += ImGui::CalcTextSize(label).x + ImGui::GetFrameHeight() + st.ItemInnerSpacing.x + st.ItemSpacing.x;
  const bool twoD = snap_->dim == 2;
  if (twoD) rowW += ImGui::CalcTextSize("Reset view").x + st.FramePadding.x * 2;
  // Runaway samples: one button zooms out to where they are (Reset view comes back).
  const bool runaway = twoD && fractionOutsideView(*snap_) > 0.5;
  auto showSamples = [&] {
    if (!runaway) return;
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.62f, 0.16f, 0.08f, 1));
    if (button("Show samples")) data_.fitTo(boundsOf(snap_->fake, snap_->box));
    ImGui::PopStyleColor();
  };
  if (rowW <= ImGui::GetContentRegionAvail().x) {
    bool first = true;
    for (auto& [label, v] : layers) {
      if (!first) ImGui::SameLine();
      checkbox(label, v);
      first = false;
    }
    if (twoD) {
      ImGui::SameLine();
      if (button("Reset view")) data_.resetView();
    }
    showSamples();
    return;
  }
  if (button("Layers...")) ImGui::OpenPopup("layers-menu");
  if (twoD) {
    ImGui::SameLine();
    if (button("Reset view")) data_.resetView();
  }
  showSamples();
  if (ImGui::BeginPopup("layers-menu")) {
    for (auto& [label, v] : layers) checkbox(label, v);
    ImGui::EndPopup();
  }
}

void App::curvesWindow(ImVec2 pos, ImVec2 size) {
  ProbeScope scope("curves");
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(4, 4));
  if (ImGui::Begin("Training curves", nullptr, kViewFlags | ImGuiWindowFlags_NoTitleBar)) {
    // The controls sit in the view's title row, left of its PNG button.
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    showView(curves_, "##curves-view", ImGui::GetContentRegionAvail(), false);
    const ImVec2 after = ImGui::GetCursorScreenPos();
    const char* label = "Curves...";
    const float bw = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2;
    const float pngW = ImGui::CalcTextSize("PNG").x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SetCursorScreenPos(ImVec2(origin.x + ImGui::GetContentRegionAvail().x - pngW - bw - fonts_.px * 0.9f,
                                     origin.y + fonts_.px * 0.3f));
    if (ImGui::SmallButton(label)) ImGui::OpenPopup("series");
    probeItem(label, "button");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Choose the curves, log scale and time window");
    if (ImGui::BeginPopup("series")) {
      checkbox("Log scale (y)", &curves_.logY);
      const char* windows[] = {"whole run", "last 500", "last 2000", "last 10000"};
      const long long sizes[] = {0, 500, 2000, 10000};
      for (int i = 0; i < 4; ++i) {
        if (ImGui::RadioButton(windows[i], curves_.windowSteps == sizes[i])) curves_.windowSteps = sizes[i];
        probeItem(windows[i], "radio");
        if (i < 3) ImGui::SameLine();
      }
      ImGui::Separator();
      const History* h = snap_->history.get();
      const auto& groups = curveGroups();
      for (size_t g = 0; g < groups.size(); ++g) {
        std::vector<const Series*> members;
        if (h)
          for (const Series& s : h->series())
            if (curveGroupOf(s.name) == int(g)) members.push_back(&s);
        if (members.empty()) continue;
        bool on = !curves_.hiddenGroups.count(int(g));
        if (checkbox(groups[g].title, &on)) {
          if (on) curves_.hiddenGroups.erase(int(g));
          else curves_.hiddenGroups.insert(int(g));
        }
        ImGui::Indent();
        for (const Series* s : members) {
          bool vis = !curves_.hiddenSeries.count(s->name);
          if (checkbox(s->name.c_str(), &vis)) {
            if (vis) curves_.hiddenSeries.erase(s->name);
            else curves_.hiddenSeries.insert(s->name);
          }
        }
        ImGui::Unindent();
      }
      ImGui::EndPopup();
    }
    ImGui::SetCursorScreenPos(after);
  }
  ImGui::End();
  ImGui::PopStyleVar();
}

// ---------------------------------------------------------------------------------------
// Banner, status bar, help.

void App::bannerWindow(ImVec2 bottomLeft, float width) {
  const Snapshot& s = *snap_;
  std::string text;
  ImVec4 colour;
  std::string* dismissed = nullptr;
  std::string key;
  bool offerReset = false;  // only when something failed: a notice is not a problem to fix
  if (s.diverged && !s.divergence.empty() && s.divergence != dismissedDivergence_) {
    text = "Training diverged: " + s.divergence;
    colour = ImVec4(0.62f, 0.12f, 0.08f, 0.96f);
    dismissed = &dismissedDivergence_;
    key = s.divergence;
    offerReset = true;
  } else if (!s.error.empty() && s.error != dismissedError_) {
    text = "Rejected: " + s.error;
    colour = ImVec4(0.58f, 0.20f, 0.04f, 0.96f);
    dismissed = &dismissedError_;
    key = s.error;
  } else if (!s.notice.empty() && s.notice != dismissedNotice_) {
    // Notices fade out by themselves after a few seconds.
    if (s.notice != noticeShown_) noticeShown_ = s.notice, noticeSince_ = ImGui::GetTime();
    if (ImGui::GetTime() - noticeSince_ > 8.0) dismissedNotice_ = s.notice;
    else {
      text = s.notice;
      colour = ImVec4(0.10f, 0.26f, 0.44f, 0.94f);
      dismissed = &dismissedNotice_;
      key = s.notice;
    }
  }
  bannerText_ = text;
  if (text.empty()) return;
  const float f = fonts_.px, pad = std::round(f * 0.5f);
  const float height = std::round(f * 2.3f);
  ImGui::SetNextWindowPos(ImVec2(bottomLeft.x + pad, bottomLeft.y - height - pad));
  ImGui::SetNextWindowSize(ImVec2(width - 2 * pad, height));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, colour);
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0.35f));
  ProbeScope scope("banner");
  if (ImGui::Begin("##banner", nullptr,
                   kFixed | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoFocusOnAppearing)) {
    const float buttons = ImGui::CalcTextSize(offerReset ? "Reset  Dismiss" : "Dismiss").x + f * 2.5f;
    const float x0 = ImGui::GetCursorScreenPos().x;
    ImGui::AlignTextToFramePadding();
    ImGui::PushClipRect(ImGui::GetCursorScreenPos(), ImVec2(x0 + width - 2 * pad - buttons, bottomLeft.y), true);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopClipRect();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text.c_str());
    ImGui::SameLine(width - 2 * pad - buttons);
    if (offerReset) {
      if (button("Reset")) {
        session_.reset();
        *dismissed = key;
      }
      ImGui::SameLine();
    }
    if (button("Dismiss")) *dismissed = key;
  }
  ImGui::End();
  ImGui::PopStyleColor(2);
}

void App::statusBar(ImVec2 pos, ImVec2 size) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.11f, 0.11f, 0.14f, 1));
  if (ImGui::Begin("##status", nullptr, kFixed | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar)) {
    const Snapshot& s = *snap_;
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(s.running ? ImVec4(0.35f, 0.85f, 0.55f, 1) : ImVec4(0.95f, 0.8f, 0.3f, 1), "%s",
                       s.running ? "RUNNING" : "PAUSED");
    ImGui::SameLine();
    ImGui::Text("  iteration %lld   |   %.0f it/s   |   %.0f frames/s   |   backend %s", s.step, s.itersPerSecond,
                io.Framerate, s.backend.c_str());
    // A step caption belongs to a paused or slow-motion run only.
    if (!s.subStepLabel.empty() && (!s.running || slowMotion_)) {
      ImGui::SameLine();
      ImGui::TextColored(ImVec4(0.94f, 0.89f, 0.26f, 1), "  |  %s", s.subStepLabel.c_str());
    }
    if (!toast_.empty() && ImGui::GetTime() < toastUntil_) {
      ImGui::SameLine();
      ImGui::TextColored(ImVec4(0.6f, 0.85f, 1.0f, 1), "  |  %s", toast_.c_str());
    }
    const char* hint = "H: help";
    ImGui::SameLine(size.x - ImGui::CalcTextSize(hint).x - fonts_.px);
    ImGui::TextDisabled("%s", hint);
  }
  ImGui::End();
  ImGui::PopStyleColor();
}

void App::helpWindow() {
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x / 2, io.DisplaySize.y / 2), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowBgAlpha(0.97f);
  if (ImGui::Begin("Keyboard and mouse (H or F1 to close)", &showHelp_,
                   ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
    const char* rows[][2] = {{"Space", "play / pause training"},
                             {"S", "one iteration (in slow motion: one sub-step)"},
                             {"D", "one discriminator step only"},
                             {"G", "one generator step only"},
                             {"R", "reset: fresh networks, same settings and seed"},
                             {"M", "slow motion on / off"},
                             {"1 - 9, 0", "pick preset 1 to 10"},
                             {"[  ]", "previous / next preset (all of them)"},
                             {"H, F1", "this help"},
                             {"Esc", "close help, stop drawing points"},
                             {"Drag", "pan the data view"},
                             {"Wheel", "zoom the data view at the cursor"},
                             {"Double-click", "reset the data view"},
                             {"Right-click", "a view's menu: export PNG"}};
    if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
      for (auto& r : rows) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextColored(ImVec4(0.94f, 0.89f, 0.26f, 1), "%s", r[0]);
        ImGui::TableSetColumnIndex(1);
        ImGui::TextUnformatted(r[1]);
      }
      ImGui::EndTable();
    }
    ImGui::Separator();
    ImGui::TextDisabled("Colours: orange = real data, sky blue = generated samples.");
    ImGui::TextDisabled("Logit objectives: dark = D(x) = 1/2 (cannot tell), purple = looks real, green = looks fake.");
  }
  ImGui::End();
}

// ---------------------------------------------------------------------------------------
// Controls

void App::controlsWindow(ImVec2 pos, ImVec2 size) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  if (ImGui::Begin("Controls", nullptr, kFixed)) {
    // Labels take at most ~40% of the panel, so big text narrows labels before widgets.
    ImGui::PushItemWidth(-std::min(ImGui::GetFontSize() * 7.5f, ImGui::GetContentRegionAvail().x * 0.42f));
    runSection();
    scenarioSection();
    dataSection();
    objectiveSection();
    trainingSection();
    architectureSection();
    displaySection();
    ImGui::PopItemWidth();
  }
  ImGui::End();
}

void App::runSection() {
  ProbeScope scope("run");
  const Snapshot& s = *snap_;
  const float full = ImGui::GetContentRegionAvail().x;
  const float sp = ImGui::GetStyle().ItemSpacing.x;
  ImGui::PushStyleColor(ImGuiCol_Button, s.running ? ImVec4(0.55f, 0.36f, 0.08f, 1) : ImVec4(0.10f, 0.45f, 0.28f, 1));
  if (button(s.running ? "Pause  (space)##play (space)" : "Play  (space)##play (space)", ImVec2(full, ImGui::GetFrameHeight() * 1.4f)))
    session_.toggleRunning();
  ImGui::PopStyleColor();
  const float third = (full - 2 * sp) / 3;
  // Big text: the key hints move into the tooltips rather than being cut off.
  const bool roomy = ImGui::CalcTextSize("D only (D)").x + ImGui::GetStyle().FramePadding.x * 2 <= third;
  if (button(roomy ? "Step (S)" : "Step##Step (S)", ImVec2(third, 0))) session_.stepIteration();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("One full iteration: %d D step(s), then %d G step(s)", cfg_.dSteps, cfg_.gSteps);
  ImGui::SameLine();
  if (button(roomy ? "D only (D)" : "D only##D only (D)", ImVec2(third, 0))) session_.stepCritic();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("One discriminator step only (key D)");
  ImGui::SameLine();
  if (button(roomy ? "G only (G)" : "G only##G only (G)", ImVec2(third, 0))) session_.stepGenerator();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("One generator step only (key G)");
  const float half = (full - sp) / 2;
  if (button("Reset (R)", ImVec2(half, 0))) session_.reset();
  // The seed field needs room for a number and its -/+ buttons; else it takes its own row.
  const float seedW = ImGui::CalcTextSize("seed 0000000").x + ImGui::GetFrameHeight() * 2 + sp * 3;
  if (half >= seedW) ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("seed");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  int seed = int(cfg_.seed);
  if (inputInt("##seed", &seed, 1, 10)) {
    cfg_.seed = uint64_t(std::max(0, seed));
    applyConfig();
    session_.reset();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Seed: changing it restarts with fresh networks");
  if (checkbox("Slow motion (M)", &slowMotion_)) session_.setSlowMotion(slowMotion_);
  helpMarker("Walks through an iteration one sub-step at a time (each D step, each G step), so the class "
             "can see who moves when. The status bar names the sub-step.");
  if (slowMotion_) {
    if (ImGui::SliderFloat("sub-steps/s", &subStepRate_, 0.2f, 20.0f, "%.1f", ImGuiSliderFlags_Logarithmic))
      session_.setSubStepsPerSecond(subStepRate_);
    probeItem("sub-steps/s", "slider");
    if (!s.subStepLabel.empty()) ImGui::TextColored(ImVec4(0.94f, 0.89f, 0.26f, 1), "%s", s.subStepLabel.c_str());
  }
  // A preset may start at a teaching pace (config speed_limit); the checkbox shows the session's.
  if (!ImGui::IsAnyItemActive() && ImGui::GetTime() - speedEdit_ > 1.0) {
    limitSpeed_ = s.config.speedLimit > 0;
    if (limitSpeed_) speedLimit_ = float(s.config.speedLimit);
  }
  if (checkbox("Speed limit", &limitSpeed_)) {
    session_.setSpeedLimit(limitSpeed_ ? speedLimit_ : 0.0);
    speedEdit_ = ImGui::GetTime();
  }
  if (limitSpeed_) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::SliderFloat("##speed", &speedLimit_, 1.0f, 2000.0f, "%.0f it/s", ImGuiSliderFlags_Logarithmic)) {
      session_.setSpeedLimit(speedLimit_);
      speedEdit_ = ImGui::GetTime();
    }
    probeItem("##speed", "slider");
  }
  ImGui::Separator();
}

void App::scenarioSection() {
  const bool open = ImGui::CollapsingHeader("Scenario", ImGuiTreeNodeFlags_DefaultOpen);
  probeItem("section.Scenario", "header");
  if (!open) return;
  ProbeScope scope("scenario");
  std::string current = presetName_.empty() ? "(custom)" : presetName_;
  size_t currentIndex = presets_.size();
  for (size_t i = 0; i < presets_.size(); ++i)
    if (presets_[i].name == presetName_) currentIndex = i;
  if (currentIndex < presets_.size() && !presets_[currentIndex].title.empty()) current = presets_[currentIndex].title;
  ImGui::SetNextItemWidth(-1);
  probeNextFrame("preset", "combo");
  if (ImGui::BeginCombo("##preset", current.c_str(), ImGuiComboFlags_HeightLarge)) {
    for (size_t i = 0; i < presets_.size(); ++i) {
      const PresetInfo& p = presets_[i];
      char label[256];
      const std::string keyName = i < 9 ? std::to_string(i + 1) + "." : i == 9 ? "0." : "  ";
      std::snprintf(label, sizeof label, "%s  %s##%s", keyName.c_str(), p.title.empty() ? p.name.c_str() : p.title.c_str(),
                    p.name.c_str());
      if (!p.error.empty()) ImGui::BeginDisabled();
      if (ImGui::Selectable(label, i == currentIndex)) pickPreset(i);
      probeItem(("preset." + p.name).c_str(), "menuitem");
      if (!p.error.empty()) ImGui::EndDisabled();
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.error.empty() ? firstSentence(p.note).c_str() : p.error.c_str());
    }
    ImGui::EndCombo();
  }
  if (!presetError_.empty()) ImGui::TextColored(ImVec4(1, 0.5f, 0.3f, 1), "%s", presetError_.c_str());
  const std::string& note = !snap_->config.note.empty() ? snap_->config.note : cfg_.note;
  if (!note.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.86f, 0.86f, 0.80f, 1));
    ImGui::TextWrapped("%s", note.c_str());
    ImGui::PopStyleColor();
  }
}

void App::dataSection() {
  const bool open = ImGui::CollapsingHeader("Data", ImGuiTreeNodeFlags_DefaultOpen);
  probeItem("section.Data", "header");
  if (!open) return;
  ProbeScope scope("data");
  static const std::vector<std::string> fileKinds = {"points", "csv", "image"};
  std::vector<std::string> names, tips;
  for (const std::string& n : distributionNames()) {
    if (std::find(fileKinds.begin(), fileKinds.end(), n) != fileKinds.end()) continue;
    names.push_back(n);
    try {
      tips.push_back(distributionDescription(n));
    } catch (const std::exception&) {
      tips.push_back(n);
    }
  }
  std::string name = cfg_.data.name;
  // Tall enough for every dataset: the 1-D ones at the top are never scrolled away.
  if (comboStrings("dataset", name, names, &tips, ImGuiComboFlags_HeightLargest)) {
    cfg_.data.name = name;
    cfg_.data.points.clear();
    cfg_.data.path.clear();
    data_.drawing = false;
    data_.resetView();
    applyConfig();
  }
  if (ImGui::IsItemHovered()) {
    try {
      ImGui::SetTooltip("%s", distributionDescription(cfg_.data.name).c_str());
    } catch (const std::exception&) {
    }
  }
  bool changed = sliderDouble("scale", cfg_.data.scale, 0.1, 5.0, "%.2f", true);
  changed |= sliderDouble("stddev", cfg_.data.stddev, 0.0, 1.0, cfg_.data.stddev == 0 ? "default" : "%.3f");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Noise of each component; 0 = the dataset's default");
  if (changed) applyConfig();

  if (snap_->dim == 2 || cfg_.data.name == "points") {
    if (!data_.drawing) {
      if (button("Draw your own...")) {
        data_.drawing = true;
        data_.pendingPoints = cfg_.data.name == "points" ? cfg_.data.points : std::vector<double>{};
        // The canvas stays where it is while you draw (the points' own box would move it).
        data_.fitTo(data_.shownBox(*snap_));
      }
      helpMarker("Click or drag in the data view to add points; training uses them as the data set after each stroke.");
    } else {
      if (button("Done drawing")) {
        data_.drawing = false;
        data_.resetView();
        toast("view fitted to your points (double-click the view to refit at any time)");
      }
      ImGui::SameLine();
      if (button("Clear points")) data_.pendingPoints.clear();
      ImGui::SameLine();
      ImGui::Text("%zu points", data_.pendingPoints.size() / 2);
    }
  }
  ImGui::SetNextItemWidth(-ImGui::CalcTextSize("CSV  Image").x - ImGui::GetStyle().FramePadding.x * 4 -
                          ImGui::GetStyle().ItemSpacing.x * 2);
  ImGui::InputTextWithHint("##file", "points.csv or density.png", &fileBuffer_);
  probeItem("##file", "input");
  ImGui::SameLine();
  if (button("CSV") && !fileBuffer_.empty()) {
    cfg_.data.name = "csv";
    cfg_.data.path = fileBuffer_;
    cfg_.data.points.clear();
    data_.resetView();
    applyConfig();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Load points from a CSV file (x,y per line)");
  ImGui::SameLine();
  if (button("Image") && !fileBuffer_.empty()) {
    cfg_.data.name = "image";
    cfg_.data.path = fileBuffer_;
    cfg_.data.points.clear();
    data_.resetView();
    applyConfig();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("A grayscale image as a density over [-2, 2]^2");
}

void App::objectiveSection() {
  const bool open = ImGui::CollapsingHeader("Objective", ImGuiTreeNodeFlags_DefaultOpen);
  probeItem("section.Objective", "header");
  if (!open) return;
  ProbeScope scope("objective");
  static std::vector<std::string> names, titles;
  if (names.empty()) {
    names = objectiveNames();
    for (const auto& n : names) titles.push_back(objectiveTitle(n));
  }
  std::string current = cfg_.objective;
  if (comboStrings("objective", current, names, &titles)) {
    cfg_.objective = current;
    cfg_.objectiveParams.clear();  // the old objective's parameters mean nothing to the new one
    applyConfig();
  }
  // Parameter specs: the running objective's (current values) or the new one's defaults.
  std::vector<ParamSpec> specs;
  ObjectiveInfo info;
  if (snap_->config.objective == cfg_.objective) {
    specs = snap_->objectiveParams;
    info = snap_->objective;
  } else {
    try {
      auto o = makeObjective(cfg_.objective);
      specs = o->params();
      info = o->info();
    } catch (const std::exception&) {
    }
  }
  if (!info.formula.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.85f, 1.0f, 1));
    ImGui::TextWrapped("%s", info.formula.c_str());
    ImGui::PopStyleColor();
  }
  if (!info.source.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", info.source.c_str());
  bool changed = false;
  for (const ParamSpec& p : specs) {
    auto it = cfg_.objectiveParams.find(p.key);
    double v = it != cfg_.objectiveParams.end() ? it->second : p.value;
    ImGui::PushID(p.key.c_str());
    bool c = false;
    if (p.integer) {
      int iv = int(std::lround(v));
      c = ImGui::SliderInt(p.key.c_str(), &iv, int(p.min), int(p.max));
      probeItem(p.key.c_str(), "slider");
      v = iv;
    } else {
      c = sliderDouble(p.key.c_str(), v, p.min, p.max, "%.4g", p.logScale && p.min > 0);
    }
    if (!p.help.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.help.c_str());
    if (c) {
      cfg_.objectiveParams[p.key] = v;
      changed = true;
    }
    ImGui::PopID();
  }
  changed |= sliderDouble("R1 gamma", cfg_.r1Gamma, 0.0, 100.0, "%.3g", false);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("R1 penalty gamma/2 E||grad D(x_real)||^2 (Mescheder et al. 2018); 0 = off");
  changed |= sliderDouble("inst. noise", cfg_.instanceNoise, 0.0, 1.0, "%.3f");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Std of Gaussian noise added to D's inputs (Sonderby et al. 2016); 0 = off");
  if (changed) applyConfig();
}

bool App::netControls(const char* id, NetConfig& n) {
  bool changed = false;
  ImGui::PushID(id);
  ProbeScope scope(id);
  changed |= comboStrings("optimizer", n.optimizer, optimizerNames());
  changed |= sliderDouble("learning rate", n.lr, 1e-6, 1e-1, "%.1e", true);
  const bool sgd = n.optimizer == "sgd";
  changed |= sliderDouble(sgd ? "momentum" : "beta1", n.beta1, 0.0, 0.99, "%.2f");
  if (!sgd) changed |= sliderDouble(n.optimizer == "rmsprop" ? "alpha" : "beta2", n.beta2, 0.0, 0.9999, "%.4f");
  ImGui::PopID();
  return changed;
}

void App::trainingSection() {
  const bool open = ImGui::CollapsingHeader("Training");
  probeItem("section.Training", "header");
  if (!open) return;
  ProbeScope scope("training");
  bool changed = false;
  changed |= comboInt("batch", cfg_.batch, {16, 32, 64, 128, 256, 512, 1024});
  if (inputInt("D steps", &cfg_.dSteps)) { cfg_.dSteps = std::clamp(cfg_.dSteps, 1, 50); changed = true; }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Discriminator updates per iteration (WGAN: 5)");
  if (inputInt("G steps", &cfg_.gSteps)) { cfg_.gSteps = std::clamp(cfg_.gSteps, 1, 50); changed = true; }
  ImGui::TextDisabled("Discriminator");
  changed |= netControls("d", cfg_.d);
  ImGui::TextDisabled("Generator");
  changed |= netControls("g", cfg_.g);
  if (changed) applyConfig();
}

void App::architectureSection() {
  const bool open = ImGui::CollapsingHeader("Architecture");
  probeItem("section.Architecture", "header");
  if (!open) return;
  ProbeScope scope("architecture");
  ImGui::TextColored(ImVec4(0.95f, 0.75f, 0.35f, 1), "Changes here rebuild that network.");
  bool changed = false;
  auto net = [&](const char* id, const char* label, NetConfig& n, bool critic) {
    ImGui::PushID(id);
    ProbeScope scope(id);
    ImGui::TextDisabled("%s", label);
    if (inputInt("depth", &n.depth)) { n.depth = std::clamp(n.depth, 1, 8); changed = true; }
    changed |= comboInt("width", n.width, {8, 16, 32, 64, 128, 256, 512});
    changed |= comboStrings("activation", n.activation, activationNames());
    if (critic && snap_->objective.critic == CriticKind::AutoEncoder)
      if (inputInt("code dim", &n.codeDim)) { n.codeDim = std::clamp(n.codeDim, 1, 64); changed = true; }
    ImGui::PopID();
  };
  net("g", "Generator", cfg_.g, false);
  net("d", "Discriminator", cfg_.d, true);
  ImGui::TextDisabled("Latent");
  if (inputInt("latent dim", &cfg_.latentDim)) { cfg_.latentDim = std::clamp(cfg_.latentDim, 1, 64); changed = true; }
  changed |= comboStrings("latent dist", cfg_.latentDist, {"gaussian", "uniform"});
  if (changed) applyConfig();
}

void App::displaySection() {
  const bool open = ImGui::CollapsingHeader("Display");
  probeItem("section.Display", "header");
  if (!open) return;
  ProbeScope scope("display");
  // Applied on release: rebuilding the font atlas on every drag step would stutter.
  ImGui::SliderFloat("text size", &fontSliderPx_, 12.0f, 48.0f, "%.0f px");
  probeItem("text size", "slider");
  if (ImGui::IsItemDeactivatedAfterEdit()) wantedFontPx_ = std::round(fontSliderPx_);
  else if (!ImGui::IsItemActive()) fontSliderPx_ = wantedFontPx_;
  ImGui::TextDisabled("Exports: PNG button on each view (1920x1080)");
}

}  // namespace gs
