// The dataset registry: builds a Distribution from a name and a few parameters.
//
// Default geometries (scale multiplies every length; stddev > 0 replaces the default noise):
//   gauss1d        N(0, 1)
//   mix2-1d        0.3 N(-2, 0.5^2) + 0.7 N(2, 0.5^2)
//   mix3-1d        0.2 N(-3, 0.4^2) + 0.5 N(0, 0.4^2) + 0.3 N(3, 0.4^2)
//   uniform1d      U[-1, 1]                                  (stddev ignored)
//   ring8          8 equal Gaussians at radius 1, angles 2 pi k / 8, std 0.05
//                  (PacGAN/VEEGAN use std 0.01, protocols.md A2; 0.05 is easier to see)
//   grid25         25 equal Gaussians at {-4,-2,0,2,4}^2 / 2.828 (gan_toy, protocols.md A4),
//                  std 0.05 (gan_toy has 0.05 / 2.828; 0.05 is easier to see)
//   gauss2d        N(0, 0.5^2 I)
//   biased-mixture 0.1 N(-(1.2,1.2), 0.5^2 I) + 0.9 N((1.2,1.2), 0.5^2 I)
//                  (Calibrated EBGAN's 10%/90% mixture, protocols.md B9, rescaled to ~[-3,3]^2)
//   checkerboard   uniform on the 8 black cells of a 4x4 board over [-2, 2]^2   (stddev ignored)
//   line           x ~ U[-1.5, 1.5], y = 0.5 x + N(0, 0.02^2)
//   circle         radius 1 + N(0, 0.05^2), uniform angle
//   spiral         two arms, 1.5 turns each, radius 0.15..1.8, noise 0.04      (no density)
//   swissroll      gan_toy / sklearn swiss roll (noise 0.25) / 7.5, i.e. noise 0.0333 (no density)
//   moons          sklearn two moons centred at the origin, noise 0.05          (no density)
//   points         DataParams::points times scale, jitter std 1% of the extent
//   csv            points from DataParams::path, times scale, same jitter
//   image          grayscale image at DataParams::path fitted to [-2, 2]^2      (stddev ignored)
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "data/Distribution.h"

namespace gs {

struct DataParams {
  std::string name = "ring8";
  double scale = 1.0;          // multiplies the geometry (ring radius, grid spacing, ...)
  double stddev = 0.0;         // per-component std; 0 = the dataset's default
  std::string path;            // for "csv" and "image"
  std::vector<double> points;  // for "points": flat x0,y0,x1,y1,... (2D) drawn by hand in the GUI
  int sampleSize = 0;          // > 0: a fixed training set of this many points (FiniteSample.h)
  bool operator==(const DataParams&) const = default;
};

// The seed of the fixed training set of data.sample_size (the set is part of the data, not of
// the run: train.seed does not redraw it). A second, independent set uses another seed.
inline constexpr uint64_t kTrainingSampleSeed = 20170301;

// Throws ConfigError naming the bad name, file or value.
std::unique_ptr<Distribution> makeDistribution(const DataParams& p, uint64_t sampleSeed = kTrainingSampleSeed);
// Every accepted name, in display order (1D first), for --help and GUI pickers.
std::vector<std::string> distributionNames();
// One line for the GUI; throws ConfigError for an unknown name.
std::string distributionDescription(const std::string& name);

}  // namespace gs
