// Screenshots and the metrics CSV (see Exports.h).
#include "gui/Exports.h"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <memory>

#include "config/PngConfig.h"
#include "gui/App.h"
#include "gui/GlUtil.h"
#include "gui/WindowCapture.h"
#include "train/MetricsCsv.h"
#include "util/AtomicFile.h"

namespace gs {

namespace fs = std::filesystem;

namespace {

std::string expandHome(const std::string& folder) {
  if (folder.empty()) return ".";
  if (folder == "~" || folder.rfind("~/", 0) == 0) {
    const char* home = std::getenv("HOME");
    return std::string(home && *home ? home : ".") + folder.substr(1);
  }
  return folder;
}

void saved(Commands& cmd, const std::string& path, const std::string& what) {
  cmd.ui().lastSaved = path;
  cmd.toast("saved " + path + " (" + what + ")");
}

std::string sizeText(int w, int h) { return std::to_string(w) + "x" + std::to_string(h); }

}  // namespace

ExportState& exportState(GuiState& ui) {
  if (!ui.exports) ui.exports = std::make_shared<ExportState>();
  return *ui.exports;
}

std::vector<PngText> screenshotText(const Snapshot& snap, const std::string& presetName) {
  return {{"Software", "ganscope"},
          {kPngPresetKey, presetName},
          {kPngIterationKey, std::to_string(snap.step)},
          {kPngSeedKey, std::to_string(snap.config.seed)},
          {kPngConfigKey, configToJson(snap.config).dump(2)}};
}

std::string nextExportPath(const std::string& folder, const std::string& what, const std::string& preset,
                           long long step, int scale, const std::string& ext) {
  const fs::path dir = expandHome(folder);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir, ec)) throw std::runtime_error("cannot use the export folder '" + dir.string() + "'");
  std::string stem = "ganscope-" + what + "-" + (preset.empty() ? "config" : preset) + "-step" + std::to_string(step);
  if (scale > 0) stem += "-" + std::to_string(scale) + "x";
  for (int n = 1;; ++n) {
    char num[16];
    std::snprintf(num, sizeof num, "-%03d", n);
    const fs::path p = dir / (stem + num + ext);
    if (!fs::exists(p, ec)) return p.string();
  }
}

void saveViewShot(Commands& cmd, View& view, const Snapshot& snap, int scale) {
  ViewHost& host = cmd.views();
  if (!host.hasGl()) return cmd.toast("screenshots need OpenGL");
  int w = 0, h = 0;
  host.shownSize(view, w, h);
  if (w < 1 || h < 1) w = 960, h = 540;
  w *= scale;
  h *= scale;
  try {
    const std::string path =
        nextExportPath(exportState(cmd.ui()).folder, view.name(), cmd.ui().presetName, snap.step, scale, ".png");
    const std::string err =
        writePngAtomic(path, host.renderPixels(view, snap, w, h), w, h, screenshotText(snap, cmd.ui().presetName));
    if (!err.empty()) return cmd.toast(err);
    saved(cmd, path, sizeText(w, h));
  } catch (const std::exception& e) { cmd.toast(e.what()); }
}

void saveMetricsCsv(Commands& cmd, const Snapshot& snap) {
  if (!snap.history || snap.history->size() == 0) return cmd.toast("no metrics yet: train a little first");
  try {
    const std::string path =
        nextExportPath(exportState(cmd.ui()).folder, "metrics", cmd.ui().presetName, snap.step, 0, ".csv");
    writeFileAtomic(path, metricsCsvFromHistory(*snap.history, snap.diagnostics, snap.metrics));
    saved(cmd, path, std::to_string(snap.history->size()) + " history rows");
  } catch (const std::exception& e) { cmd.toast(e.what()); }
}

void requestScreenshot(Commands& cmd, const Snapshot& snap) {
  ExportState& st = exportState(cmd.ui());
  if (st.target == "window") {
    st.pendingWindowScale = st.scale;
    return;
  }
  if (View* v = cmd.views().find(st.target)) return saveViewShot(cmd, *v, snap, st.scale);
  cmd.toast("no view named '" + st.target + "'");
}

void takePendingWindowShot(App& app) {
  Commands& cmd = app.commands();
  if (!cmd.ui().exports || cmd.ui().exports->pendingWindowScale == 0) return;
  const int scale = cmd.ui().exports->pendingWindowScale;
  cmd.ui().exports->pendingWindowScale = 0;
  try {
    int w = 0, h = 0;
    std::vector<uint8_t> px = captureWindow(app, scale, w, h);  // app.snapshot() is what it shows
    const std::string path =
        nextExportPath(exportState(cmd.ui()).folder, "window", cmd.ui().presetName, app.snapshot().step, scale, ".png");
    const std::string err = writePngAtomic(path, px, w, h, screenshotText(app.snapshot(), cmd.ui().presetName));
    if (!err.empty()) return cmd.toast(err);
    saved(cmd, path, sizeText(w, h));
  } catch (const std::exception& e) { cmd.toast(std::string("screenshot failed: ") + e.what()); }
}

}  // namespace gs
