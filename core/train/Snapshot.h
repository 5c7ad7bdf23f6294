// An immutable picture of a training run at one moment, published by Session for the
// views. Everything a panel draws is here; panels never touch the networks.
#pragma once
#include <Eigen/Core>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "config/Config.h"
#include "data/Distribution.h"
#include "metrics/ModeCoverage.h"
#include "objectives/Objective.h"
#include "train/History.h"
#include "train/Metrics.h"
#include "train/Trainer.h"

namespace gs {

// A scalar field on a regular grid over `box`: values row-major, ny rows of nx, row 0 at
// box.ymin. 1D data use ny = 1 (a line over [xmin, xmax]).
struct Field {
  int nx = 0, ny = 0;
  Box box;
  std::vector<float> values;
  float minValue = 0, maxValue = 0;
  bool empty() const { return values.empty(); }
  float at(int ix, int iy) const { return values[size_t(iy) * size_t(nx) + size_t(ix)]; }
};

struct Snapshot {
  // Run identity
  long long step = 0;          // completed iterations
  long long version = 0;       // increases with every publication
  double itersPerSecond = 0;   // measured on the training thread
  std::string backend = "cpu";
  bool running = false;
  std::string subStepLabel;    // slow motion: "critic step 2/5", "generator step 1/1", ...
  Config config;
  ObjectiveInfo objective;
  std::vector<ParamSpec> objectiveParams;
  int dim = 2;
  Box box;                     // view box of the data

  // Samples (dim x n). fake comes from a fixed latent batch so dots move smoothly.
  Eigen::MatrixXd real, fake;
  std::vector<int> fakeComponent;  // MIX+GAN: the generator that drew each fake (else all 0)
  Eigen::MatrixXd push;        // -∂L_G/∂x at each fake sample: where G is pushed
  Eigen::MatrixXd langevin;    // energy-based objectives: particles from Langevin dynamics
  // The generator's image of a latent grid: polylines (dim x k), for 2-D latent spaces.
  std::vector<Eigen::MatrixXd> manifold;

  // Fields on the same grid (empty when not applicable)
  Field critic;        // D display value (σ(D) for logits, critic value, or energy)
  Field dStar;         // p̂/(p̂+q̂) (logit objectives), NaN where too few samples
  double dStarBandwidth = 0;  // the KDE bandwidth both p̂ and q̂ of dStar use
  Field pData;         // exact data density, when known
  Field pDataKde;      // KDE of real samples (when the density is unknown)
  Field qKde;          // KDE of generated samples
  Field gradient;      // coarse grid of |∇_x D| (arrows use gradX/gradY)
  std::vector<float> gradX, gradY;

  // Modes and metrics
  std::vector<Mode> modes;
  ModeCoverage coverage;
  Metrics metrics;
  Diagnostics diagnostics;
  std::shared_ptr<const History> history;  // curves (shared, append-only copy per publish)

  // Status
  bool diverged = false;
  std::string divergence;   // message naming the step and the cause
  std::string notice;       // last rebuild/config message ("fresh discriminator: ...")
  std::string error;        // last rejected command (bad value, bad file)
  std::string verdict;      // convergence panel headline
  std::string verdictDetail;
};

}  // namespace gs
