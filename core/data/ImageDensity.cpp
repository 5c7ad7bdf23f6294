// Image-painted density: loading through stb_image, exact piecewise-constant density.
#include "data/ImageDensity.h"

#include <algorithm>
#include <cmath>

#include "data/GaussianMixture.h"
#include "util/Error.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wall"
#pragma GCC diagnostic ignored "-Wextra"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#define STB_IMAGE_IMPLEMENTATION
#define STBI_FAILURE_USERMSG
#include <stb/stb_image.h>
#pragma GCC diagnostic pop

namespace gs {

ImageDensity::ImageDensity(std::vector<double> grey, int width, int height, double scale, const std::string& source)
    : grey_(std::move(grey)), width_(width), height_(height), scale_(scale) {
  double total = 0;
  cumulative_.reserve(grey_.size());
  for (double v : grey_) cumulative_.push_back(total += v);
  if (!(total > 0)) throw ConfigError("image '" + source + "' is all black: no density to sample");
  for (double& c : cumulative_) c /= total;
  pixel_ = 4.0 * scale / std::max(width, height);
  x0_ = -0.5 * width * pixel_;
  ytop_ = 0.5 * height * pixel_;
  normaliser_ = 1.0 / (total * pixel_ * pixel_);
}

void ImageDensity::sample(Rng& rng, Eigen::MatrixXd& out, int n) const {
  out.resize(2, n);
  for (int j = 0; j < n; ++j) {
    const int k = pickIndex(cumulative_, rng.uniform());
    const int row = k / width_, col = k % width_;
    out(0, j) = x0_ + (col + rng.uniform()) * pixel_;
    out(1, j) = ytop_ - (row + rng.uniform()) * pixel_;
  }
}

double ImageDensity::density(const double* x) const {
  const double c = std::floor((x[0] - x0_) / pixel_), r = std::floor((ytop_ - x[1]) / pixel_);
  if (c < 0 || c >= width_ || r < 0 || r >= height_) return 0.0;
  return grey_[size_t(r) * width_ + size_t(c)] * normaliser_;
}

Box ImageDensity::bounds() const {
  const double h = 2.25 * scale_;
  return Box{-h, h, -h, h};
}

std::unique_ptr<Distribution> loadImageDensity(const std::string& path, double scale) {
  if (path.empty()) throw ConfigError("dataset 'image' needs a file: data.path is empty");
  int w = 0, h = 0, channels = 0;
  unsigned char* pixels = stbi_load(path.c_str(), &w, &h, &channels, 1);
  if (!pixels) throw ConfigError("cannot read image '" + path + "': " + stbi_failure_reason());
  std::vector<double> grey(pixels, pixels + size_t(w) * size_t(h));
  stbi_image_free(pixels);
  for (double& v : grey) v /= 255.0;
  return std::make_unique<ImageDensity>(std::move(grey), w, h, scale, path);
}

}  // namespace gs
