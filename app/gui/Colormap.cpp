// Colour maps (see Colormap.h).
#include "gui/Colormap.h"

#include <algorithm>
#include <cmath>

namespace gs {

// Viridis, polynomial fit by Matt Zucker (max error < 0.5% of the matplotlib table).
static ImVec4 viridis(float t) {
  const double c[7][3] = {{0.2777273272234177, 0.005407344544966578, 0.3340998053353061},
                          {0.1050930431085774, 1.404613529898575, 1.384590162594685},
                          {-0.3308618287255563, 0.214847559468213, 0.09509516302823659},
                          {-4.634230498983486, -5.799100973351585, -19.33244095627987},
                          {6.228269936347081, 14.17993336680509, 56.69055260068105},
                          {4.776384997670288, -13.74514537774601, -65.35303263337234},
                          {-5.435455855934631, 4.645852612178535, 26.3124352495832}};
  double out[3];
  for (int k = 0; k < 3; ++k) {
    double v = c[6][k];
    for (int i = 5; i >= 0; --i) v = c[i][k] + t * v;
    out[k] = std::clamp(v, 0.0, 1.0);
  }
  return ImVec4(float(out[0]), float(out[1]), float(out[2]), 1.0f);
}

// Dark-centred diverging map (green · near-black · purple): D = 1/2 reads as "nothing here",
// so a discriminator that has flattened out is one calm uniform colour. Both arms get
// lighter towards the ends, so the map also reads in greyscale.
static ImVec4 diverging(float t) {
  static const float stops[5][4] = {{0.00f, 0.50f, 0.78f, 0.50f},
                                    {0.25f, 0.18f, 0.50f, 0.30f},
                                    {0.50f, 0.15f, 0.15f, 0.18f},
                                    {0.75f, 0.46f, 0.25f, 0.56f},
                                    {1.00f, 0.84f, 0.58f, 0.92f}};
  for (int i = 0; i < 4; ++i) {
    if (t <= stops[i + 1][0]) {
      float u = (t - stops[i][0]) / (stops[i + 1][0] - stops[i][0]);
      return ImVec4(stops[i][1] + u * (stops[i + 1][1] - stops[i][1]),
                    stops[i][2] + u * (stops[i + 1][2] - stops[i][2]),
                    stops[i][3] + u * (stops[i + 1][3] - stops[i][3]), 1.0f);
    }
  }
  return ImVec4(stops[4][1], stops[4][2], stops[4][3], 1.0f);
}

ImVec4 colormap(ColorScale scale, float t) {
  if (!std::isfinite(t)) return ImVec4(0.35f, 0.35f, 0.35f, 1.0f);
  t = std::clamp(t, 0.0f, 1.0f);
  return scale == ColorScale::Diverging ? diverging(t) : viridis(t);
}

ImU32 colormapU32(ColorScale scale, float t, float alpha) {
  ImVec4 c = colormap(scale, t);
  c.w = alpha;
  return ImGui::ColorConvertFloat4ToU32(c);
}

std::vector<uint8_t> colormapTable(ColorScale scale, int n) {
  std::vector<uint8_t> out(size_t(n) * 4);
  for (int i = 0; i < n; ++i) {
    ImVec4 c = colormap(scale, float(i) / float(n - 1));
    out[size_t(i) * 4 + 0] = uint8_t(std::lround(c.x * 255));
    out[size_t(i) * 4 + 1] = uint8_t(std::lround(c.y * 255));
    out[size_t(i) * 4 + 2] = uint8_t(std::lround(c.z * 255));
    out[size_t(i) * 4 + 3] = 255;
  }
  return out;
}

}  // namespace gs
