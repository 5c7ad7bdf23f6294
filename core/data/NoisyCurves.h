// 2D data concentrated near a curve: a point drawn on the curve plus Gaussian noise.
// line and circle have exact densities; spiral, swissroll and moons have none in closed form.
#pragma once
#include "data/Distribution.h"

namespace gs {

// x ~ U[-halfLength, halfLength], y = slope x + N(0, noise^2).
// Exact: p(x, y) = 1[|x| <= halfLength] / (2 halfLength) * N(y - slope x; 0, noise^2).
class LineSegment : public Distribution {
 public:
  LineSegment(double halfLength, double slope, double noise) : half_(halfLength), slope_(slope), noise_(noise) {}
  std::string name() const override { return "line"; }
  int dim() const override { return 2; }
  void sample(Rng& rng, Eigen::MatrixXd& out, int n) const override;
  bool hasDensity() const override { return true; }
  double density(const double* x) const override;
  Box bounds() const override;

 private:
  double half_, slope_, noise_;
};

// Angle ~ U[0, 2 pi), signed radius r ~ N(radius, noise^2), x = r (cos, sin).
// Exact: p(x) = [N(|x| - radius) + N(-|x| - radius)] / (2 pi |x|); the second term counts
// points reached with a negative r (negligible when noise << radius).
class NoisyCircle : public Distribution {
 public:
  NoisyCircle(double radius, double noise) : radius_(radius), noise_(noise) {}
  std::string name() const override { return "circle"; }
  int dim() const override { return 2; }
  void sample(Rng& rng, Eigen::MatrixXd& out, int n) const override;
  bool hasDensity() const override { return true; }
  double density(const double* x) const override;
  Box bounds() const override;

 private:
  double radius_, noise_;
};

// Two interleaved Archimedean arms (the second rotated by pi), 1.5 turns each, radius
// 0.15..1.8 times scale; t = sqrt(u) spreads points roughly evenly along the arc.
class Spiral : public Distribution {
 public:
  Spiral(double scale, double noise) : scale_(scale), noise_(noise) {}
  std::string name() const override { return "spiral"; }
  int dim() const override { return 2; }
  void sample(Rng& rng, Eigen::MatrixXd& out, int n) const override;
  Box bounds() const override;

 private:
  double scale_, noise_;
};

// sklearn make_swiss_roll as used by gan_toy.py (protocols.md A4): t = 1.5 pi (1 + 2u),
// point (t cos t, t sin t) / 7.5 times scale, plus N(0, noise^2) per coordinate
// (sklearn noise 0.25 before the / 7.5 is noise 0.0333 after it).
class SwissRoll : public Distribution {
 public:
  SwissRoll(double scale, double noise) : scale_(scale), noise_(noise) {}
  std::string name() const override { return "swissroll"; }
  int dim() const override { return 2; }
  void sample(Rng& rng, Eigen::MatrixXd& out, int n) const override;
  Box bounds() const override;

 private:
  double scale_, noise_;
};

// sklearn make_moons geometry, centred: upper arc (cos pi u, sin pi u) and lower arc
// (1 - cos pi u, 0.5 - sin pi u), shifted by (-0.5, -0.25), times scale, plus noise.
class TwoMoons : public Distribution {
 public:
  TwoMoons(double scale, double noise) : scale_(scale), noise_(noise) {}
  std::string name() const override { return "moons"; }
  int dim() const override { return 2; }
  void sample(Rng& rng, Eigen::MatrixXd& out, int n) const override;
  Box bounds() const override;

 private:
  double scale_, noise_;
};

}  // namespace gs
