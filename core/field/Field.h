// A scalar field on a regular grid and the maths the views do on it: building one from grid
// values, bilinear look-ups, marching-squares contours and robust colour ranges.
#pragma once
#include <Eigen/Core>
#include <memory>
#include <vector>

#include "data/Distribution.h"

namespace gs {

struct CriticNet;  // field/CriticNet.h

// Values row-major, ny rows of nx, row 0 at box.ymin. 1D data use ny = 1 (a line over
// [xmin, xmax]).
struct Field {
  int nx = 0, ny = 0;
  Box box;
  std::vector<float> values;
  float minValue = 0, maxValue = 0;  // over the finite values
  // The function the grid samples, when a GPU can draw it at every pixel instead (the critic
  // field: FieldBuilder packs it); null for every other field. Ranges, contours and look-ups
  // always use the grid.
  std::shared_ptr<const CriticNet> net;
  bool empty() const { return values.empty(); }
  float at(int ix, int iy) const { return values[size_t(iy) * size_t(nx) + size_t(ix)]; }
};

// A point in data coordinates (contour vertices); views convert to their own vector type.
struct FieldPoint {
  float x = 0, y = 0;
};

Field makeField(int nx, int ny, const Box& box, const std::vector<double>& values);
// Cell-centred grid points (dim x nx*ny), row-major with y outermost; 1D grids have ny = 1.
Eigen::MatrixXd gridPoints(const Box& box, int nx, int ny, int dim);

// Bilinear look-up at data coordinates (NaN outside the grid or when empty).
double sampleField(const Field& f, double x, double y = 0);
// Marching squares: line segments (pairs of points) where the field equals `level`.
void contourSegments(const Field& f, double level, std::vector<FieldPoint>& segments);
// Robust value range: the loQ and hiQ quantiles of the finite values (0..1 when none).
void robustRange(const Field& f, double loQ, double hiQ, double& lo, double& hi);

}  // namespace gs
