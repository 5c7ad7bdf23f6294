// A matrix of N(0, s²) entries drawn column by column from rng (gradient and parity tests).
#pragma once
#include <Eigen/Core>

#include "util/Rng.h"

namespace gs {

inline Eigen::MatrixXd randomMatrix(Rng& rng, int rows, int cols, double s = 1.0) {
  Eigen::MatrixXd m(rows, cols);
  for (int j = 0; j < cols; ++j)
    for (int i = 0; i < rows; ++i) m(i, j) = s * rng.normal();
  return m;
}

}  // namespace gs
