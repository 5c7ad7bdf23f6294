#include "cli/BenchCommand.h"

#include <omp.h>
#include <Eigen/Core>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>

#include "train/Ensemble.h"
#include "train/Trainer.h"
#include "util/Error.h"

namespace gs {
namespace {

using Clock = std::chrono::steady_clock;

// gan_toy.py's WGAN-GP setup (protocols.md A4) at a given width.
Config wganGp(int width) {
  Config c;
  c.data.name = "ring8";
  c.latentDim = 2;
  for (NetConfig* n : {&c.g, &c.d}) {
    n->depth = 3;
    n->width = width;
    n->activation = "relu";
    n->optimizer = "adam";
    n->lr = 1e-4;
    n->beta1 = 0.5;
    n->beta2 = 0.9;
  }
  c.objective = "wgan-gp";
  c.objectiveParams["lambda"] = 0.1;
  c.batch = 256;
  c.dSteps = 5;
  c.gSteps = 1;
  return c;
}

Config nonSaturating(int width) {
  Config c = wganGp(width);
  c.objective = "non-saturating";
  c.objectiveParams.clear();
  c.dSteps = 1;
  return c;
}

double seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

}  // namespace

const std::vector<BenchCase>& benchCases() {
  static const std::vector<BenchCase> cases = {
      {"wgan-gp-512", "gan_toy.py: 3x512 ReLU G and D, batch 256, 5 critic steps, GP lambda 0.1", wganGp(512)},
      {"wgan-gp-128", "as wgan-gp-512 with width 128", wganGp(128)},
      {"ns-128", "non-saturating GAN, 3x128 ReLU, batch 256, 1 D step", nonSaturating(128)},
      {"ensemble-64-ns-128", "64 runs of ns-128 (seeds 0-63) trained together; iterations of all runs per second",
       nonSaturating(128), 64},
  };
  return cases;
}

int runBench(const BenchOptions& o) {
  std::vector<const BenchCase*> chosen;
  for (auto& c : benchCases())
    if (o.caseName.empty() || c.name == o.caseName) chosen.push_back(&c);
  if (chosen.empty()) {
    std::string all;
    for (auto& c : benchCases()) all += (all.empty() ? "" : ", ") + c.name;
    throw ConfigError("--case: unknown bench case '" + o.caseName + "' (known: " + all + ")");
  }
  if (o.threads < 1) throw ConfigError("--threads must be at least 1");
  if (!(o.seconds > 0)) throw ConfigError("--seconds must be positive");
  // --threads splits each training pass over the batch (ParallelCpuBackend); every product
  // inside runs on one thread.
  Eigen::setNbThreads(1);
  omp_set_num_threads(1);

  const double window = std::min(0.5, o.seconds / 4);
  for (const BenchCase* bc : chosen) {
    // One step of the case: a trainer's iteration, or one iteration of every ensemble member
    // (spread over --threads cores). Returns the generator iterations it made.
    std::unique_ptr<Trainer<float>> trainer;
    std::unique_ptr<Ensemble<float>> ensemble;
    if (bc->ensemble > 0) {
      ensemble = std::make_unique<Ensemble<float>>(Ensemble<float>::seeds(bc->config, bc->ensemble), o.threads);
      if (o.backend != "cpu")
        std::fprintf(stderr, "ganscope bench: %s: ensembles train on the CPU (--backend applies to single runs)\n",
                     bc->name.c_str());
    } else {
      trainer = std::make_unique<Trainer<float>>(bc->config);
      trainer->setThreads(o.threads);
      const std::string notice = trainer->setBackend(o.backend);
      if (!notice.empty()) std::fprintf(stderr, "ganscope bench: %s\n", notice.c_str());
    }
    auto step = [&]() -> long long {
      if (trainer) {
        trainer->iterate();
        return 1;
      }
      ensemble->iterate();
      return ensemble->size();
    };
    // Warm-up: first touches of the work buffers and caches are not steady-state speed.
    const auto warmStart = Clock::now();
    while (seconds(warmStart, Clock::now()) < window / 2) step();

    std::vector<double> rates;
    const auto budgetStart = Clock::now();
    do {
      const auto t0 = Clock::now();
      long long iters = 0;
      double dt = 0;
      do {
        iters += step();
        dt = seconds(t0, Clock::now());
      } while (dt < window);
      rates.push_back(double(iters) / dt);
    } while (seconds(budgetStart, Clock::now()) + window <= o.seconds - window / 2);
    for (int i = 0; i < (ensemble ? ensemble->size() : 1); ++i) {
      const Trainer<float>& t = ensemble ? ensemble->member(i) : *trainer;
      if (t.diverged()) throw std::runtime_error("bench case '" + bc->name + "' diverged: " + t.divergenceMessage());
    }
    std::sort(rates.begin(), rates.end());
    const size_t n = rates.size();
    const double median = n % 2 ? rates[n / 2] : 0.5 * (rates[n / 2 - 1] + rates[n / 2]);
    const std::string backend = trainer && trainer->backendName() != "cpu" ? " backend=" + trainer->backendName() : "";
    std::printf("bench %s threads=%d%s gen_iters_per_s=%.1f\n", bc->name.c_str(), o.threads, backend.c_str(), median);
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace gs
