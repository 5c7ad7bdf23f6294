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
#include "field/Field.h"
#include "metrics/ModeCoverage.h"
#include "objectives/Objective.h"
#include "train/Diagnostics.h"
#include "train/History.h"
#include "train/Metrics.h"
#include "train/Timeline.h"

namespace gs {

// The state of the run as the training thread last saw it.
struct RunStatus {
  long long step = 0;  // completed iterations
  bool running = false;
  double itersPerSecond = 0;  // measured on the training thread
  std::string subStepLabel;   // slow motion: "critic step 2/5", "generator step 1/1", ...
  std::string notice;         // last rebuild/config message ("fresh discriminator: ...")
  std::string error;          // last rejected command (bad value, bad file)
  bool diverged = false;
  std::string divergence;  // message naming the step and the cause
  // Sequence number of the newest Session command that has taken effect (0 = none): tests
  // and scripts wait for their command's number instead of polling for its effect.
  long long appliedCommand = 0;
  // What trains: the backend of the training thread's Trainer (Backend::name()), its CPU
  // threads (Trainer::threads()) and, for cuda, the device ("" otherwise).
  std::string backend = "cpu";
  int threads = 1;
  std::string device;
};

struct Snapshot : RunStatus {
  // Run identity
  long long version = 0;  // increases with every publication
  Config config;
  ObjectiveInfo objective;
  std::vector<ParamSpec> objectiveParams;
  int dim = 2;
  Box box;  // view box of the data

  // Samples (dim x n). fake comes from a fixed latent batch so dots move smoothly.
  Eigen::MatrixXd real, fake;
  std::vector<int> fakeComponent;  // MIX+GAN: the generator that drew each fake (else all 0)
  Eigen::MatrixXd push;            // -∂L_G/∂x at each fake sample: where G is pushed
  // What the fake samples are, for legends: G's samples, or an energy model's Langevin chains.
  std::string fakeLabel = "generated G(z)";
  Eigen::MatrixXd langevin;        // energy-based objectives: particles from Langevin dynamics
  double langevinTemperature = 1;  // they sample exp(-E/T) (Objective::samplingTemperature)
  // The generator's image of a latent grid: polylines (dim x k), for 2-D latent spaces.
  std::vector<Eigen::MatrixXd> manifold;

  // Fields on the same grid (empty when not applicable)
  Field criticField;          // D display value (σ(D) for logits, critic value, or energy)
  Field dStar;                // p̂/(p̂+q̂) (logit objectives), NaN where too few samples
  double dStarBandwidth = 0;  // the KDE bandwidth both p̂ and q̂ of dStar use
  Field pData;                // exact data density, when known
  Field pDataKde;             // KDE of real samples (when the density is unknown)
  Field qKde;                 // KDE of generated samples
  Field gradient;             // coarse grid of |∇_x D| (arrows use gradX/gradY)
  std::vector<float> gradX, gradY;

  // Modes and metrics
  std::vector<Mode> modes;
  ModeCoverage coverage;
  Metrics metrics;
  Diagnostics diagnostics;
  std::shared_ptr<const History> history;  // curves (shared, append-only copy per publish)
  // Checkpoints, event marks, the viewed step (-1 = live) and memory: the scrubber and the curves.
  TimelineSummary timeline;

  // Judgement of the run
  std::string verdict;  // convergence panel headline
  std::string verdictDetail;
};

}  // namespace gs
