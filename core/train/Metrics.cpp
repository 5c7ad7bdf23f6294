// Evaluation of a trained state (definitions: protocols.md D).
#include "train/Metrics.h"

#include <cmath>

#include "metrics/Correlation.h"
#include "metrics/Divergences.h"
#include "metrics/Kde.h"
#include "metrics/ModeCoverage.h"
#include "metrics/TwoSampleDistances.h"
#include "metrics/Wasserstein.h"
#include "train/Trainer.h"

namespace gs {

std::vector<std::pair<std::string, double>> Metrics::named() const {
  return {{"modes_captured", modesCaptured},
          {"modes_total", modesTotal},
          {"high_quality_fraction", highQualityFraction},
          {"reverse_kl_modes", reverseKlModes},
          {"jsd", jsd},
          {"kl", kl},
          {"reverse_kl", reverseKl},
          {w1Name(), w1},
          {"energy_distance", energyDistance},
          {"d_flatness_max", dFlatnessMax},
          {"d_flatness_std", dFlatnessStd},
          {"d_star_error", dStarError},
          {"energy_nll_pearson", energyNllPearson},
          {"energy_target_pearson", energyTargetPearson}};
}

nlohmann::json Metrics::toJson() const {
  nlohmann::json j = nlohmann::json::object();
  for (auto& [k, v] : named()) j[k] = std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
  j["per_mode_counts"] = coverage.perModeCounts;
  return j;
}

template <class S>
EvalSet makeEvalSet(const Trainer<S>& t, int n, uint64_t seed) {
  EvalSet set;
  Rng rng(seed * 0xD1B54A32D192ED03ull + 7);
  t.data().sample(rng, set.real, n);
  t.sampleLatent(rng, set.z, n);
  set.u.resize(n);
  for (int i = 0; i < n; ++i) set.u[i] = rng.uniform();
  return set;
}

template <class S>
Metrics evaluateMetrics(Trainer<S>& t, const EvalSet& set, Eigen::MatrixXd& fake) {
  Metrics m;
  m.energyTarget = t.objective().energyTarget();
  t.generate(set.z, set.u, fake);
  if (!fake.allFinite()) return m;
  const Distribution& p = t.data();
  const Eigen::MatrixXd& real = set.real;
  const Box box = p.bounds();

  const std::vector<Mode> modes = p.modes();
  if (!modes.empty()) {
    const ModeCoverage c = computeModeCoverage(fake, modes);
    m.modesCaptured = c.modesCaptured;
    m.modesTotal = c.modesTotal;
    m.highQualityFraction = c.highQualityFraction;
    m.reverseKlModes = c.reverseKl;
    m.coverage = c;
  }
  Rng rng(12345);
  if (p.dim() == 1) {
    m.w1 = wasserstein1Exact1d(real, fake);
    if (p.hasDensity()) {
      const DensityDivergence d = divergenceAgainstDensity(fake, p, box, 256);
      m.kl = d.kl, m.reverseKl = d.reverseKl, m.jsd = d.jsd;
    } else {
      const GridDivergence d = gridHistogramDivergence(real, fake, box, 64);
      m.kl = d.kl, m.reverseKl = d.reverseKl, m.jsd = d.jsd;
    }
  } else {
    const GridDivergence d = gridHistogramDivergence(real, fake, box, 40);
    m.kl = d.kl, m.reverseKl = d.reverseKl, m.jsd = d.jsd;
    m.w1 = slicedWasserstein1(real, fake, 64, rng);
    m.w1Sliced = true;
  }
  const Eigen::Index nSub = std::min<Eigen::Index>(1000, std::min(real.cols(), fake.cols()));
  m.energyDistance = energyDistance(real.leftCols(nSub), fake.leftCols(nSub));

  // The critic over the data support (the real evaluation samples).
  Eigen::VectorXd raw, shown;
  t.evaluateCriticRaw(real, raw);
  t.evaluateCritic(real, shown);
  const OutputKind kind = t.objective().info().output;
  if (kind == OutputKind::Logit) {
    m.dFlatnessMax = (shown.array() - 0.5).abs().maxCoeff();
    const double mean = shown.mean();
    m.dFlatnessStd = std::sqrt((shown.array() - mean).square().mean());
  }
  if (p.hasDensity()) {
    // With instance noise σ the optimal D compares the blurred densities p_σ and q_σ
    // (OptimalDiscriminator.h): q̂_σ is the KDE widened to sqrt(h² + σ²), p_σ(x) the mean of
    // p(x + σ ε) over a fixed set of normal draws ε.
    const double sigma = t.config().instanceNoise;
    const double h0 = scottBandwidth(fake);
    const double h = sigma > 0 ? std::sqrt(h0 * h0 + sigma * sigma) : h0;
    constexpr int kBlurDraws = 64;
    Eigen::MatrixXd eps;
    if (sigma > 0) {
      Rng blurRng(777);
      eps.resize(p.dim(), kBlurDraws);
      for (Eigen::Index k = 0; k < eps.size(); ++k) eps.data()[k] = sigma * blurRng.normal();
    }
    std::vector<double> energy(size_t(real.cols())), nll(size_t(real.cols())), negP(size_t(real.cols()));
    double dStarErr = 0;
    Eigen::VectorXd shifted(p.dim());
    for (Eigen::Index i = 0; i < real.cols(); ++i) {
      const double px = p.density(real.col(i).data());
      nll[size_t(i)] = -std::log(std::max(px, 1e-300));
      negP[size_t(i)] = -2.0 * px;
      energy[size_t(i)] = kind == OutputKind::Energy ? shown[i] : -raw[i];
      if (kind == OutputKind::Logit) {
        double pBlur = px;
        if (sigma > 0) {
          pBlur = 0;
          for (int k = 0; k < kBlurDraws; ++k) {
            shifted = real.col(i) + eps.col(k);
            pBlur += p.density(shifted.data());
          }
          pBlur /= kBlurDraws;
        }
        const double qx = kdeAt(fake, real.col(i).data(), h);
        dStarErr += std::abs(shown[i] - pBlur / (pBlur + qx + 1e-300));
      }
    }
    if (kind == OutputKind::Logit) m.dStarError = dStarErr / double(real.cols());
    m.energyNllPearson = pearson(energy, nll);
    if (kind == OutputKind::Energy && m.energyTarget == EnergyTarget::NegLogDensity)
      m.energyTargetPearson = m.energyNllPearson;
    if (kind == OutputKind::Energy && m.energyTarget == EnergyTarget::NegDensity)
      m.energyTargetPearson = pearson(energy, negP);
  }
  return m;
}

template EvalSet makeEvalSet(const Trainer<float>&, int, uint64_t);
template EvalSet makeEvalSet(const Trainer<double>&, int, uint64_t);
template Metrics evaluateMetrics(Trainer<float>&, const EvalSet&, Eigen::MatrixXd&);
template Metrics evaluateMetrics(Trainer<double>&, const EvalSet&, Eigen::MatrixXd&);

}  // namespace gs
