// Isotropic Gaussian kernel density estimates of 1D or 2D samples (dim x n).
#pragma once
#include <Eigen/Core>
#include <vector>

#include "data/Distribution.h"

namespace gs {

// Scott's rule for an isotropic kernel: h = sigma * n^(-1/(d+4)), sigma = sqrt of the mean
// per-coordinate sample variance. Returns 1e-3 when the samples have no spread (or n < 2).
double scottBandwidth(const Eigen::MatrixXd& samples);

// q(x) = 1/n sum_i N(x; x_i, h^2 I). bandwidth <= 0 uses Scott's rule.
double kdeAt(const Eigen::MatrixXd& samples, const double* x, double bandwidth);

// q on a regular grid of nodes x_i = xmin + i (xmax - xmin) / (nx - 1) (and the same for y;
// a single node sits at the centre). Row-major: ny rows of nx, row 0 at ymin. For 1D samples
// ny is ignored and nx values are returned. Kernels are cut at 4 bandwidths (relative error
// < 3.4e-4 per kernel). bandwidth <= 0 uses Scott's rule.
std::vector<double> kdeGrid(const Eigen::MatrixXd& samples, const Box& box, int nx, int ny, double bandwidth = 0);

// Probability mass the KDE puts in each of nx x ny equal cells tiling the box (row-major,
// row 0 at ymin; 1D: nx cells), from exact Gaussian cell integrals (cut at 6 bandwidths).
// Sums to at most 1: the rest lies outside the box.
std::vector<double> kdeCellMasses(const Eigen::MatrixXd& samples, const Box& box, int nx, int ny, double bandwidth);

}  // namespace gs
