// `ganscope bench`: generator iterations per second on fixed cases (method: docs/PERFORMANCE.md).
#pragma once
#include <string>
#include <vector>

#include "config/Config.h"

namespace gs {

struct BenchOptions {
  std::string caseName;  // "" = every case
  int threads = 1;
  double seconds = 3;  // budget per case
};

struct BenchCase {
  std::string name;
  std::string description;
  Config config;
};

const std::vector<BenchCase>& benchCases();

// Prints `bench <case> threads=<n> gen_iters_per_s=<x>` per case. Throws ConfigError for an
// unknown case.
int runBench(const BenchOptions& options);

}  // namespace gs
