// The window's panels: plain functions, one file each. A panel draws its widgets and posts
// what the person asked for; it gets the config being edited, the latest snapshot and the
// command sink, and returns nothing.
#pragma once
#include <imgui.h>

#include <string>

#include "config/Config.h"
#include "gui/Commands.h"
#include "train/Snapshot.h"

namespace gs {

struct PanelContext {
  Config& cfg;           // the config the controls edit (posted whole on each edit)
  const Snapshot& snap;  // the newest snapshot
  Commands& cmd;
  float fontPx;  // body text size
};

// Left column sections (ControlsPanel.cpp lays them out).
void controlsPanel(PanelContext& ctx, ImVec2 pos, ImVec2 size);
void runPanel(PanelContext& ctx);
void scenarioPanel(PanelContext& ctx);
void dataPanel(PanelContext& ctx);
void objectivePanel(PanelContext& ctx);
void trainingPanel(PanelContext& ctx);
void architecturePanel(PanelContext& ctx);
void displayPanel(PanelContext& ctx);

// Centre and right column: the views (ViewPanels.cpp).
void mainViewsPanel(PanelContext& ctx, ImVec2 pos, ImVec2 size);
void viewPanel(PanelContext& ctx, const char* title, View& view, ImVec2 pos, ImVec2 size);
void curvesPanel(PanelContext& ctx, ImVec2 pos, ImVec2 size);

// Messages and help (StatusPanels.cpp).
void bannerPanel(PanelContext& ctx, ImVec2 bottomLeft, float width);
void statusBar(PanelContext& ctx, ImVec2 pos, ImVec2 size);
// What trains, as the status bar says it: "backend cpu · 2 threads", "backend cuda · <device>".
std::string computeLabel(const Snapshot& s);
void helpWindow(PanelContext& ctx);

// Keyboard shortcuts (Shortcuts.cpp); none while text is being typed.
void shortcuts(PanelContext& ctx);

}  // namespace gs
