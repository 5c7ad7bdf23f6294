// What the window remembers that is not part of a run's Config: display choices, text being
// typed, messages shown and dismissed. Owned by App, edited by the panels.
#pragma once
#include <imgui.h>

#include <memory>
#include <string>
#include <vector>

#include "config/Config.h"

namespace gs {

struct ExportState;         // the Export section (gui/Exports.h)
struct RecordState;         // the Record section (panels/RecordPanel.h)
struct SessionDialogState;  // Ctrl+S / Ctrl+O (panels/SessionDialog.h)

struct GuiState {
  // Run controls that live in the Session, mirrored for their widgets.
  bool slowMotion = false;
  float subStepRate = 2.0f;
  bool limitSpeed = false;
  float speedLimit = 30.0f;
  double speedEdit = -1e9;  // the checkbox follows the session's limit a second after an edit
  // The Training section's compute row (Session::setCompute, never a Config): the threads slider
  // follows the snapshot a second after an edit; why cuda cannot be picked ("" = it can), asked
  // once when the window opens.
  int threads = 1;
  double threadsEdit = -1e9;
  std::string cudaUnavailable;

  // Config editing: the session's config wins again once edits settle (App::syncConfig).
  double lastEdit = -1e9;

  std::vector<PresetInfo> presets;
  std::string presetName;   // "" when started from --config
  std::string presetError;  // listing the presets failed
  std::string fileBuffer;   // CSV / image path being typed

  std::vector<std::string> objectiveNames, objectiveTitles;  // the registry, for the combo

  float fontPx = 20;        // current text size
  float wantedFontPx = 20;  // asked for in the Display section (the frame loop rebuilds fonts)
  float fontSliderPx = 20;
  bool showHelp = false;
  bool scripted = false;  // --quit-after: no hover read-outs in screenshots

  // Messages: a toast in the status bar, the banner over the main view.
  std::string toast;
  double toastUntil = 0;
  std::string bannerText;  // what the banner shows this frame ("" = none)
  std::string dismissedError, dismissedNotice, dismissedDivergence;
  std::string noticeShown;
  double noticeSince = 0;
  std::string lastSaved;                 // the last file an export wrote
  std::shared_ptr<ExportState> exports;  // screenshots and CSV (gui/Exports.h)
  std::shared_ptr<RecordState> record;   // video recording (panels/RecordPanel.h)
  std::shared_ptr<SessionDialogState> sessionDialog;

  // Drawing points by hand in the data view.
  ImVec2 lastDrawnPx{-1e9f, -1e9f};
  bool drawStroke = false;
};

}  // namespace gs
