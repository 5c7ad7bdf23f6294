// Drawing helpers shared by the views: axes with "nice" ticks, legends, colour bars, arrows,
// dashed lines. Field maths (look-ups, contours, ranges) live in core/field/Field.h.
#pragma once
#include <imgui.h>

#include <string>
#include <vector>

#include "field/Field.h"  // sampleField, contourSegments, robustRange
#include "gui/Canvas.h"
#include "gui/Colormap.h"
#include "train/Snapshot.h"

namespace gs {

// Maps data (x, y) into a pixel rectangle; y grows upwards in data, downwards on screen.
struct Axes {
  ImVec2 p0, p1;  // top-left, bottom-right pixels
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  bool logY = false;
  double ty(double y) const;  // y in axis units (log10 when logY)
  ImVec2 map(double x, double y) const;
  double unmapX(float px) const { return x0 + (px - p0.x) / (p1.x - p0.x) * (x1 - x0); }
  double unmapY(float py) const;
  bool contains(ImVec2 p) const { return p.x >= p0.x && p.x <= p1.x && p.y >= p0.y && p.y <= p1.y; }
};

std::vector<double> niceTicks(double lo, double hi, int maxTicks);
std::string formatNumber(double v);  // compact: 0.693, 1.2e-05, 12.5k

// Plot background, grid, ticks and tick labels (yLabels / xLabels = false leave that side free).
void drawAxes(Canvas& c, const Axes& a, const char* xLabel, const char* yLabel, bool yLabels = true,
              bool xLabels = true);

struct LegendItem {
  enum Kind { Dot, Line, Dashed, Box, Arrow, Ring, Cross };
  Kind kind = Dot;
  ImU32 color = 0;
  std::string label;
};
// Draws a legend box with its top-left (or top-right when alignRight) corner at `anchor`;
// returns its size.
ImVec2 drawLegend(Canvas& c, ImVec2 anchor, const std::vector<LegendItem>& items, bool alignRight = false);

// The same items in a row (wrapping at maxWidth), without a box: for headers above plots.
// Returns the height used (draw = false only measures).
float drawLegendRow(Canvas& c, ImVec2 pos, float maxWidth, const std::vector<LegendItem>& items, float sizeMul = 0.85f,
                    bool draw = true);

// Vertical colour bar in rect [p0, p1] with ticks on the right and a label above.
void drawColorBar(Canvas& c, ImVec2 p0, ImVec2 p1, ColorScale scale, double vmin, double vmax, const std::string& label,
                  const char* topNote = nullptr, const char* bottomNote = nullptr);

void drawArrow(ImDrawList& dl, ImVec2 from, ImVec2 to, ImU32 color, float thickness, float head);
void drawDashedLine(ImDrawList& dl, ImVec2 a, ImVec2 b, ImU32 color, float thickness, float dash);
// The longest prefix of s (UTF-8) that fits in maxWidth pixels, ending in an ellipsis when cut.
std::string fitText(const Canvas& c, const std::string& s, float sizeMul, float maxWidth);
// Title at the top-left of a view, shortened to end before the window's overlay buttons.
void drawTitle(Canvas& c, ImVec2 pos, const std::string& title, const std::string& subtitle = "");
// A centred message (e.g. "needs an energy-based objective").
void drawMessage(Canvas& c, ImVec2 p0, ImVec2 p1, const std::string& text);

}  // namespace gs
