// Grid divergences: KL(P||Q) = sum P log(P/Q), KL(Q||P), JSD = 1/2 KL(P||M) + 1/2 KL(Q||M),
// M = (P + Q)/2, natural log (protocols.md D).
#include "metrics/Divergences.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "metrics/Kde.h"

namespace gs {
namespace {

constexpr double kSmoothing = 1e-4;

double normalCdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

void checkArgs(const Eigen::MatrixXd& s, int bins) {
  if (s.rows() < 1 || s.rows() > 2) throw std::invalid_argument("divergence: samples must be 1D or 2D");
  if (s.cols() < 1) throw std::invalid_argument("divergence: no samples");
  if (bins < 1) throw std::invalid_argument("divergence: bins must be >= 1");
}

// Histogram over bins (1D) or bins x bins cells (row-major, row 0 at ymin) plus a last
// "outside" bin; counts are divided by n.
std::vector<double> histogram(const Eigen::MatrixXd& s, const Box& box, int bins) {
  const bool is1d = s.rows() == 1;
  const size_t cells = is1d ? size_t(bins) : size_t(bins) * size_t(bins);
  std::vector<double> h(cells + 1, 0.0);
  const double fx = bins / (box.xmax - box.xmin), fy = bins / (box.ymax - box.ymin);
  for (Eigen::Index j = 0; j < s.cols(); ++j) {
    const double cx = std::floor((s(0, j) - box.xmin) * fx);
    const double cy = is1d ? 0.0 : std::floor((s(1, j) - box.ymin) * fy);
    const bool inside = cx >= 0 && cx < bins && cy >= 0 && (is1d || cy < bins);  // false for NaN
    h[inside ? size_t(cy) * bins + size_t(cx) : cells] += 1.0;
  }
  for (double& v : h) v /= double(s.cols());
  return h;
}

// Separable blur of a (ny x nx) grid of cell masses by a Gaussian of std h, with kernel
// weights = exact Gaussian mass of each cell offset; mass pushed past the edges is dropped.
std::vector<double> blur(const std::vector<double>& g, int nx, int ny, double cellX, double cellY, double h) {
  auto kernel = [h](double cell) {
    const int K = int(std::ceil(6 * h / cell));
    std::vector<double> w(2 * K + 1);
    for (int k = -K; k <= K; ++k) w[k + K] = normalCdf((k + 0.5) * cell / h) - normalCdf((k - 0.5) * cell / h);
    return w;
  };
  auto pass = [](const std::vector<double>& in, int n, int stride, int lines, int lineStride,
                 const std::vector<double>& w) {
    std::vector<double> out(in.size(), 0.0);
    const int K = int(w.size() / 2);
    for (int l = 0; l < lines; ++l)
      for (int i = 0; i < n; ++i) {
        const double v = in[size_t(l) * lineStride + size_t(i) * stride];
        if (v == 0) continue;
        for (int k = std::max(-K, -i); k <= std::min(K, n - 1 - i); ++k)
          out[size_t(l) * lineStride + size_t(i + k) * stride] += v * w[k + K];
      }
    return out;
  };
  std::vector<double> r = pass(g, nx, 1, ny, nx, kernel(cellX));
  if (ny > 1) r = pass(r, ny, nx, nx, 1, kernel(cellY));
  return r;
}

}  // namespace

GridDivergence discreteDivergence(const std::vector<double>& p, const std::vector<double>& q) {
  if (p.size() != q.size() || p.empty()) throw std::invalid_argument("discreteDivergence: sizes differ or empty");
  double sp = 0, sq = 0;
  for (size_t b = 0; b < p.size(); ++b) sp += p[b], sq += q[b];
  if (!(sp > 0) || !(sq > 0)) throw std::invalid_argument("discreteDivergence: a distribution has no mass");
  const double u = kSmoothing / double(p.size());
  GridDivergence d;
  for (size_t b = 0; b < p.size(); ++b) {
    const double P = (1 - kSmoothing) * p[b] / sp + u, Q = (1 - kSmoothing) * q[b] / sq + u;
    const double M = 0.5 * (P + Q);
    d.kl += P * std::log(P / Q);
    d.reverseKl += Q * std::log(Q / P);
    d.jsd += 0.5 * (P * std::log(P / M) + Q * std::log(Q / M));
  }
  d.kl = std::max(0.0, d.kl), d.reverseKl = std::max(0.0, d.reverseKl), d.jsd = std::max(0.0, d.jsd);
  return d;
}

GridDivergence gridHistogramDivergence(const Eigen::MatrixXd& real, const Eigen::MatrixXd& fake, const Box& box,
                                       int bins) {
  checkArgs(real, bins);
  checkArgs(fake, bins);
  if (real.rows() != fake.rows()) throw std::invalid_argument("gridHistogramDivergence: dimensions differ");
  return discreteDivergence(histogram(real, box, bins), histogram(fake, box, bins));
}

DensityDivergence divergenceAgainstDensity(const Eigen::MatrixXd& fake, const Distribution& p, const Box& box,
                                           int bins) {
  checkArgs(fake, bins);
  if (fake.rows() != p.dim()) throw std::invalid_argument("divergenceAgainstDensity: dimensions differ");
  if (!p.hasDensity()) throw std::invalid_argument("divergenceAgainstDensity: " + p.name() + " has no density");
  const bool is1d = fake.rows() == 1;
  const int nx = bins, ny = is1d ? 1 : bins;
  const double cellX = (box.xmax - box.xmin) / nx, cellY = is1d ? 1.0 : (box.ymax - box.ymin) / ny;
  const double h = std::max(scottBandwidth(fake), 0.5 * (is1d ? cellX : std::max(cellX, cellY)));

  // Cell masses of p by the midpoint rule on sub-cells.
  const int sx = is1d ? 4 : 2, sy = is1d ? 1 : 2;
  std::vector<double> pm(size_t(nx) * ny);
  double x[2] = {0, 0};
  for (int r = 0; r < ny; ++r)
    for (int c = 0; c < nx; ++c) {
      double m = 0;
      for (int b = 0; b < sy; ++b)
        for (int a = 0; a < sx; ++a) {
          x[0] = box.xmin + (c + (a + 0.5) / sx) * cellX;
          x[1] = box.ymin + (r + (b + 0.5) / sy) * cellY;
          m += p.density(x);
        }
      pm[size_t(r) * nx + c] = m * cellX * (is1d ? 1.0 : cellY) / (sx * sy);
    }
  std::vector<double> P = blur(pm, nx, ny, cellX, cellY, h);
  double inside = 0;
  for (double v : P) inside += v;
  P.push_back(std::max(0.0, 1.0 - inside));  // p's mass outside the box (before or after blurring)

  std::vector<double> Q = kdeCellMasses(fake, box, nx, ny, h);
  inside = 0;
  for (double v : Q) inside += v;
  Q.push_back(std::max(0.0, 1.0 - inside));

  const GridDivergence g = discreteDivergence(P, Q);
  return DensityDivergence{g.kl, g.reverseKl, g.jsd};
}

}  // namespace gs
