// Gaussian KDE: Scott bandwidth, point evaluation, separable grid evaluation with cut-off.
#include "metrics/Kde.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace gs {
namespace {

double node(double lo, double hi, int n, int i) { return n > 1 ? lo + (hi - lo) * i / (n - 1) : 0.5 * (lo + hi); }

double normalCdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

// Index range [first, last] of positions lo + i * step that lie in [a, b], clamped to [0, n-1]
// in floating point first so that huge or non-finite samples cannot overflow an int.
bool indexRange(double a, double b, double lo, double step, int n, bool useFloor, int& first, int& last) {
  const double f = useFloor ? std::floor((a - lo) / step) : std::ceil((a - lo) / step);
  const double l = std::floor((b - lo) / step);
  if (!(f <= l) || l < 0 || f > n - 1) return false;
  first = int(std::max(0.0, f));
  last = int(std::min(double(n - 1), l));
  return true;
}

// Gaussian weights of sample coordinate s at grid nodes within `cut` of it: first index and weights.
int nodeWindow(double s, double lo, double hi, int n, double h, double cut, std::vector<double>& w) {
  w.clear();
  int first = 0, last = 0;
  if (n > 1 && !indexRange(s - cut, s + cut, lo, (hi - lo) / (n - 1), n, false, first, last)) return 0;
  if (n == 1 && !(std::abs(node(lo, hi, n, 0) - s) <= cut)) return 0;
  for (int i = first; i <= last; ++i) {
    const double z = (node(lo, hi, n, i) - s) / h;
    w.push_back(std::abs(z) * h <= cut ? std::exp(-0.5 * z * z) : 0.0);
  }
  return first;
}

// Exact Gaussian mass of each cell within `cut` of s: first index and masses.
int cellWindow(double s, double lo, double hi, int n, double h, double cut, std::vector<double>& w) {
  w.clear();
  const double step = (hi - lo) / n;
  int first = 0, last = 0;
  if (!indexRange(s - cut, s + cut, lo, step, n, true, first, last)) return 0;
  double prev = normalCdf((lo + first * step - s) / h);
  for (int i = first; i <= last; ++i) {
    const double next = normalCdf((lo + (i + 1) * step - s) / h);
    w.push_back(next - prev);
    prev = next;
  }
  return first;
}

// Shared accumulation: for each sample, outer product of its x and y windows.
template <class Window>
std::vector<double> accumulate(const Eigen::MatrixXd& s, const Box& box, int nx, int ny, double h, double cut,
                               double norm, Window window) {
  const bool is1d = s.rows() == 1;
  if (is1d) ny = 1;
  std::vector<double> grid(size_t(nx) * size_t(ny), 0.0), wx, wy;
  for (Eigen::Index j = 0; j < s.cols(); ++j) {
    const int ix = window(s(0, j), box.xmin, box.xmax, nx, h, cut, wx);
    if (wx.empty()) continue;
    int iy = 0;
    if (is1d) {
      wy.assign(1, 1.0);
    } else {
      iy = window(s(1, j), box.ymin, box.ymax, ny, h, cut, wy);
    }
    for (size_t b = 0; b < wy.size(); ++b) {
      double* row = grid.data() + size_t(iy + int(b)) * nx + ix;
      for (size_t a = 0; a < wx.size(); ++a) row[a] += wy[b] * wx[a];
    }
  }
  for (double& v : grid) v *= norm;
  return grid;
}

void check(const Eigen::MatrixXd& s, int nx, int ny) {
  if (s.rows() < 1 || s.rows() > 2 || s.cols() < 1) throw std::invalid_argument("kde: need 1D or 2D samples, n >= 1");
  if (nx < 1 || ny < 1) throw std::invalid_argument("kde: grid size must be >= 1");
}

}  // namespace

double scottBandwidth(const Eigen::MatrixXd& samples) {
  const auto n = samples.cols(), d = samples.rows();
  if (n < 2) return 1e-3;
  const Eigen::VectorXd mean = samples.rowwise().mean();
  const double var = (samples.colwise() - mean).squaredNorm() / double(d * (n - 1));
  const double h = std::sqrt(var) * std::pow(double(n), -1.0 / double(d + 4));
  return h > 0 ? h : 1e-3;
}

double kdeAt(const Eigen::MatrixXd& samples, const double* x, double bandwidth) {
  const double h = bandwidth > 0 ? bandwidth : scottBandwidth(samples);
  const auto d = samples.rows();
  double sum = 0;
  for (Eigen::Index j = 0; j < samples.cols(); ++j) {
    double d2 = 0;
    for (Eigen::Index i = 0; i < d; ++i) d2 += (x[i] - samples(i, j)) * (x[i] - samples(i, j));
    sum += std::exp(-0.5 * d2 / (h * h));
  }
  return sum / (double(samples.cols()) * std::pow(2 * M_PI * h * h, 0.5 * double(d)));
}

std::vector<double> kdeGrid(const Eigen::MatrixXd& samples, const Box& box, int nx, int ny, double bandwidth) {
  check(samples, nx, ny);
  const double h = bandwidth > 0 ? bandwidth : scottBandwidth(samples);
  const double norm = 1.0 / (double(samples.cols()) * std::pow(2 * M_PI * h * h, 0.5 * double(samples.rows())));
  return accumulate(samples, box, nx, ny, h, 4 * h, norm, nodeWindow);
}

std::vector<double> kdeCellMasses(const Eigen::MatrixXd& samples, const Box& box, int nx, int ny, double bandwidth) {
  check(samples, nx, ny);
  const double h = bandwidth > 0 ? bandwidth : scottBandwidth(samples);
  return accumulate(samples, box, nx, ny, h, 6 * h, 1.0 / double(samples.cols()), cellWindow);
}

}  // namespace gs
