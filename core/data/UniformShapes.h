// Uniform distributions with exact, piecewise-constant densities: an interval (uniform1d)
// and the black squares of a 4x4 checkerboard (checkerboard).
#pragma once
#include "data/Distribution.h"

namespace gs {

// U[-halfWidth, halfWidth]: p(x) = 1 / (2 halfWidth) inside.
class UniformInterval : public Distribution {
 public:
  explicit UniformInterval(double halfWidth) : half_(halfWidth) {}
  std::string name() const override { return "uniform1d"; }
  int dim() const override { return 1; }
  void sample(Rng& rng, Eigen::MatrixXd& out, int n) const override;
  bool hasDensity() const override { return true; }
  double density(const double* x) const override;
  Box bounds() const override;

 private:
  double half_;
};

// A 4x4 board of cells of side `cell` centred at the origin; uniform on the 8 cells with
// (column + row) even, so p(x) = 1 / (8 cell^2) on those cells and 0 elsewhere.
class Checkerboard : public Distribution {
 public:
  explicit Checkerboard(double cell) : cell_(cell) {}
  std::string name() const override { return "checkerboard"; }
  int dim() const override { return 2; }
  void sample(Rng& rng, Eigen::MatrixXd& out, int n) const override;
  bool hasDensity() const override { return true; }
  double density(const double* x) const override;
  Box bounds() const override;

 private:
  double cell_;
};

}  // namespace gs
