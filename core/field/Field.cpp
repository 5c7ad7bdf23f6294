// Field construction, look-ups, contours and ranges (see Field.h).
#include "field/Field.h"

#include <algorithm>
#include <cmath>

namespace gs {

Field makeField(int nx, int ny, const Box& box, const std::vector<double>& v) {
  Field f;
  f.nx = nx, f.ny = ny, f.box = box;
  f.values.assign(v.begin(), v.end());
  f.minValue = f.maxValue = f.values.empty() ? 0.f : f.values[0];
  for (float x : f.values)
    if (std::isfinite(x)) f.minValue = std::min(f.minValue, x), f.maxValue = std::max(f.maxValue, x);
  return f;
}

Eigen::MatrixXd gridPoints(const Box& b, int nx, int ny, int dim) {
  Eigen::MatrixXd g(dim, nx * ny);
  for (int iy = 0; iy < ny; ++iy)
    for (int ix = 0; ix < nx; ++ix) {
      const int k = iy * nx + ix;
      g(0, k) = b.xmin + (b.xmax - b.xmin) * (ix + 0.5) / nx;
      if (dim > 1) g(1, k) = b.ymin + (b.ymax - b.ymin) * (iy + 0.5) / ny;
    }
  return g;
}

double sampleField(const Field& f, double x, double y) {
  if (f.empty() || f.nx < 2) return std::nan("");
  const double u = (x - f.box.xmin) / (f.box.xmax - f.box.xmin) * (f.nx - 1);
  if (u < 0 || u > f.nx - 1) return std::nan("");
  double v = 0;
  if (f.ny > 1) {
    v = (y - f.box.ymin) / (f.box.ymax - f.box.ymin) * (f.ny - 1);
    if (v < 0 || v > f.ny - 1) return std::nan("");
  }
  const int i = std::min(int(u), f.nx - 2), j = f.ny > 1 ? std::min(int(v), f.ny - 2) : 0;
  const double a = u - i, b = v - j;
  if (f.ny == 1) return (1 - a) * f.at(i, 0) + a * f.at(i + 1, 0);
  return (1 - a) * (1 - b) * f.at(i, j) + a * (1 - b) * f.at(i + 1, j) + (1 - a) * b * f.at(i, j + 1) +
         a * b * f.at(i + 1, j + 1);
}

void contourSegments(const Field& f, double level, std::vector<FieldPoint>& seg) {
  if (f.empty() || f.nx < 2 || f.ny < 2) return;
  const double dx = (f.box.xmax - f.box.xmin) / (f.nx - 1), dy = (f.box.ymax - f.box.ymin) / (f.ny - 1);
  auto lerp = [&](int i0, int j0, int i1, int j1) {
    const double a = f.at(i0, j0) - level, b = f.at(i1, j1) - level;
    const double t = a / (a - b);
    return FieldPoint{float(f.box.xmin + (i0 + t * (i1 - i0)) * dx), float(f.box.ymin + (j0 + t * (j1 - j0)) * dy)};
  };
  for (int j = 0; j + 1 < f.ny; ++j) {
    for (int i = 0; i + 1 < f.nx; ++i) {
      const bool b0 = f.at(i, j) > level, b1 = f.at(i + 1, j) > level, b2 = f.at(i + 1, j + 1) > level,
                 b3 = f.at(i, j + 1) > level;
      FieldPoint pts[4];
      int n = 0;
      // Edges: bottom (0-1), right (1-2), top (3-2), left (0-3).
      if (b0 != b1) pts[n++] = lerp(i, j, i + 1, j);
      if (b1 != b2) pts[n++] = lerp(i + 1, j, i + 1, j + 1);
      if (b3 != b2) pts[n++] = lerp(i, j + 1, i + 1, j + 1);
      if (b0 != b3) pts[n++] = lerp(i, j, i, j + 1);
      if (n >= 2) {
        seg.push_back(pts[0]);
        seg.push_back(pts[1]);
      }
      if (n == 4) {
        seg.push_back(pts[2]);
        seg.push_back(pts[3]);
      }
    }
  }
}

void robustRange(const Field& f, double loQ, double hiQ, double& lo, double& hi) {
  std::vector<float> v;
  v.reserve(f.values.size());
  for (float x : f.values)
    if (std::isfinite(x)) v.push_back(x);
  if (v.empty()) {
    lo = 0;
    hi = 1;
    return;
  }
  auto q = [&](double p) {
    size_t k = size_t(p * double(v.size() - 1));
    std::nth_element(v.begin(), v.begin() + long(k), v.end());
    return double(v[k]);
  };
  lo = q(loQ);
  hi = q(hiQ);
  if (!(hi > lo)) {
    hi = lo + std::max(1e-6, std::abs(lo) * 1e-3);
    lo -= std::max(1e-6, std::abs(lo) * 1e-3);
  }
}

}  // namespace gs
