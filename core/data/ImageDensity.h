// A 2D density painted as a grayscale image: brighter pixel = more probability.
#pragma once
#include <string>
#include <vector>

#include "data/Distribution.h"

namespace gs {

// The image is fitted into [-2, 2]^2 times scale (longer side spans the square, aspect kept,
// row 0 at the top). The density is piecewise constant: p = v_ij / (sum v * pixelArea) on
// pixel (i, j) with grey value v_ij, so it integrates to 1. Sampling: pick a pixel by inverse
// CDF over the grey values, then a uniform point inside it.
class ImageDensity : public Distribution {
 public:
  // grey: row-major width x height values in [0, 1]. Throws ConfigError when all are zero.
  ImageDensity(std::vector<double> grey, int width, int height, double scale, const std::string& source);

  std::string name() const override { return "image"; }
  int dim() const override { return 2; }
  void sample(Rng& rng, Eigen::MatrixXd& out, int n) const override;
  bool hasDensity() const override { return true; }
  double density(const double* x) const override;
  Box bounds() const override;

 private:
  std::vector<double> grey_;
  std::vector<double> cumulative_;  // normalised cumulative pixel masses, row-major
  int width_, height_;
  double pixel_;      // side of one pixel in data units
  double x0_, ytop_;  // left edge and top edge of the image
  double scale_;
  double normaliser_;  // 1 / (sum v * pixel^2)
};

// Loads a PNG (or any format stb_image reads) as grey and builds the density.
// Throws ConfigError naming the file when it cannot be read or is all black.
std::unique_ptr<Distribution> loadImageDensity(const std::string& path, double scale);

}  // namespace gs
