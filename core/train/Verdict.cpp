// Rules of thumb from the lecture notes, applied in order of severity:
// diverged > samples outside the view > saturated D (vanishing generator gradient) > mode collapse > oscillation >
// flat optimum (D ≈ 1/2, Goodfellow et al. 2014 Prop. 1) > still training.
#include "train/Verdict.h"

#include <cmath>
#include <cstdio>

#include "train/Snapshot.h"

namespace gs {

namespace {

std::string fmt(const char* f, double a, double b = 0, double c = 0) {
  char buf[256];
  std::snprintf(buf, sizeof buf, f, a, b, c);
  return buf;
}

// Coefficient of variation and net trend of a series over its last `window` finite values.
bool recentStats(const History& h, const char* name, size_t window, double& mean, double& sd, double& trend) {
  const Series* s = h.find(name);
  if (!s) return false;
  std::vector<double> v;
  for (size_t i = s->values.size(); i-- > 0 && v.size() < window;)
    if (std::isfinite(s->values[i])) v.push_back(s->values[i]);
  if (v.size() < window / 2 || v.size() < 8) return false;
  mean = 0;
  for (double x : v) mean += x;
  mean /= double(v.size());
  sd = 0;
  for (double x : v) sd += (x - mean) * (x - mean);
  sd = std::sqrt(sd / double(v.size()));
  const size_t half = v.size() / 2;
  double newer = 0, older = 0;
  for (size_t i = 0; i < half; ++i) newer += v[i];
  for (size_t i = half; i < 2 * half; ++i) older += v[i];
  trend = (newer - older) / double(half);
  return true;
}

}  // namespace

double fractionOutsideView(const Snapshot& s) {
  if (s.fake.cols() == 0) return 0;
  // "Far" = beyond the data box grown by its own size on every side.
  const double wx = s.box.xmax - s.box.xmin, wy = s.box.ymax - s.box.ymin;
  Eigen::Index out = 0;
  for (Eigen::Index j = 0; j < s.fake.cols(); ++j) {
    const double x = s.fake(0, j), y = s.fake.rows() > 1 ? s.fake(1, j) : 0.5 * (s.box.ymin + s.box.ymax);
    const bool in = std::isfinite(x) && std::isfinite(y) && x > s.box.xmin - wx && x < s.box.xmax + wx &&
                    (s.fake.rows() < 2 || (y > s.box.ymin - wy && y < s.box.ymax + wy));
    out += !in;
  }
  return double(out) / double(s.fake.cols());
}

Verdict judgeConvergence(const Snapshot& s) {
  const Metrics& m = s.metrics;
  const Diagnostics& d = s.diagnostics;
  if (s.diverged) return {"Diverged", s.divergence};
  if (s.step < 50) return {"Warming up", fmt("iteration %.0f: too early to judge", double(s.step))};

  // Generated samples far outside the data's box are not drawn at all: say so before any
  // judgement about D, which would be about a picture the class cannot see.
  const double outside = fractionOutsideView(s);
  if (outside > 0.5)
    return {"Diverging: samples outside the view",
            fmt(("%.0f%% of the generated samples lie far outside the data (" +
                 std::string(m.w1Sliced ? "sliced W1" : "W1") +
                 " = %.3g). The generator is running away: lower G's learning rate or Reset; \"Show samples\" "
                 "zooms out to them.")
                    .c_str(),
                100.0 * outside, m.w1)};

  const bool logit = s.objective.output == OutputKind::Logit;
  const std::string dNumbers = fmt("mean D(real) = %.2f, mean D(fake) = %.2f", d.dReal, d.dFake);
  if (logit && d.dReal > 0.9 && d.dFake < 0.1) {
    // Only the saturating (minimax) generator loss goes flat here; the non-saturating and the
    // relativistic ones have their strongest gradient exactly where D rejects the fakes.
    if (s.config.objective == "minimax")
      return {"Saturated discriminator: vanishing generator gradient",
              dNumbers + fmt(", |grad G| = %.2g. D rejects every fake with confidence, so "
                             "log(1 - D(G(z))) is flat and the saturating generator barely moves.",
                             d.gGradNorm)};
    return {"Discriminator is winning",
            dNumbers + fmt(", |grad G| = %.2g. D rejects every fake with confidence; the generator's loss still "
                           "pushes hard here (-log D(G(z)) is steepest where D is near 0). If the fakes do not "
                           "move, slow D down or add instance noise or R1.",
                           d.gGradNorm)};
  }

  if (std::isfinite(m.modesCaptured) && m.modesTotal > 1 && m.modesCaptured <= m.modesTotal / 2)
    return {"Mode collapse", fmt("the generator covers %.0f of %.0f modes (%.0f%% of samples within 3 sigma of a mode)",
                                 m.modesCaptured, m.modesTotal, 100.0 * m.highQualityFraction)};

  // Oscillation: for probabilities, D(real) swinging by more than ±0.08; for critics and
  // energies (no natural scale), the real/fake gap swinging by more than its own size.
  double mean = 0, sd = 0, trend = 0;
  if (s.history && logit && recentStats(*s.history, "d_real", 200, mean, sd, trend) && sd > 0.08)
    return {"Oscillating", fmt("D(real) swings by +/-%.2f around %.2f over the last iterations; G and D chase "
                               "each other instead of settling",
                               sd, mean)};
  if (s.history && !logit && recentStats(*s.history, "d_gap", 200, mean, sd, trend) &&
      sd > std::max(std::abs(mean), 1e-6))
    return {"Oscillating", fmt("the gap between the critic on real and on fake swings by +/-%.2g around %.2g; "
                               "G and D chase each other instead of settling",
                               sd, mean)};

  if (logit) {
    const double flat = std::isfinite(m.dFlatnessMax) ? m.dFlatnessMax : std::abs(d.dReal - 0.5);
    if (std::abs(d.dReal - 0.5) < 0.06 && std::abs(d.dFake - 0.5) < 0.06 && flat < 0.15)
      return {"Converging to the flat optimum",
              dNumbers + fmt(", max |D - 1/2| on the data = %.2f: D cannot tell real from fake, "
                             "as at the optimum p_g = p_data (D* = 1/2, value -log 4)",
                             flat)};
  }
  std::string detail = logit ? dNumbers : fmt("D loss %.3g, G loss %.3g", d.dLoss, d.gLoss);
  if (std::isfinite(m.jsd)) detail += fmt(", JSD %.3f", m.jsd);
  // A mode counts with one high-quality sample (VEEGAN/PacGAN), so the count is always said
  // with the share of samples that are high quality: "8/8 modes" at 10% HQ is not coverage.
  if (std::isfinite(m.modesCaptured))
    detail += fmt(", %.0f/%.0f modes (%.0f%% HQ)", m.modesCaptured, m.modesTotal, 100.0 * m.highQualityFraction);
  return {"Training", detail};
}

}  // namespace gs
