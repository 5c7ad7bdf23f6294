// `ganscope train`: headless training with metrics out (metrics.csv, summary.json, samples.csv).
#pragma once
#include <string>

#include "cli/ConfigSource.h"

namespace gs {

struct TrainOptions {
  ConfigSource source;
  long long steps = 2000;   // generator iterations
  std::string seed;         // "" = the config's train.seed; else applied as train.seed=<seed>
  std::string outDir;       // "" = out/<preset or config name>
  long long evalEvery = 0;  // 0 = steps / 20
  int threads = 1;
  std::string backend = "cpu";  // cpu | cuda | auto (Trainer::setBackend)
  bool quiet = false;
  std::string saveSession;  // write a session file here at the end (also after a divergence)
  std::string resume;       // train on from this session file (config from it; --set applies on top)
};

// Exit codes: 0 done, 2 bad input (nothing written), 3 diverged (summary says where), 1 I/O.
// Throws ConfigError for bad input before anything is written.
int runTrain(const TrainOptions& options);

}  // namespace gs
