// `ganscope bench`: generator iterations per second on fixed cases (method: docs/PERFORMANCE.md).
#pragma once
#include <string>
#include <vector>

#include "config/Config.h"

namespace gs {

struct BenchOptions {
  std::string caseName;  // "" = every case
  int threads = 1;
  std::string backend = "cpu";  // cpu | cuda | auto (Trainer::setBackend; ensembles: always cpu)
  double seconds = 3;  // budget per case
  // --compare-pytorch: alternate our bench and scripts/bench_pytorch.py, `reps` runs each.
  bool comparePytorch = false;
  int reps = 5;
};

struct BenchCase {
  std::string name;
  std::string description;
  Config config;
  // > 0: an ensemble of this many runs of `config` (seeds 0, 1, ...) trained together
  // (core/train/Ensemble.h); the rate is then generator iterations of all members per second.
  int ensemble = 0;
};

const std::vector<BenchCase>& benchCases();

// Floating-point operations in the matrix products of one generator iteration of `config`
// (BenchCompare.cpp): d_steps critic steps and one generator step, forward, backward and, with a
// gradient penalty, the penalty's tangent pass and its reverse (the double backward). A product
// of an (m x k) by a (k x n) matrix counts 2mkn; biases, activations, losses and the optimiser
// are left out (they are O(parameters) or O(units x batch), not O(weights x batch)). With
// P = the sum of in*out over an MLP's layers, B = batch, w = width, per critic step:
//   G forward (B)            2B P_G
//   D forward (2B: real+fake) 4B P_D,  D backward with parameter gradients 4B (2 P_D - 2w)
//   penalty: D forward (B) 2B P_D, tangent pass 2B P_D, its reverse 2B (2 P_D - w)
// and per generator step: G forward 2B P_G, D forward and input gradient 4B P_D, G backward
// 2B (2 P_G - 2w) (layer 0's input gradient is never formed; ReLU has no second derivative, so
// the reverse of the tangent pass is all it needs). Counts what our Trainer computes for
// the bench's setups: MLP critic with a scalar output, one generator, no packing or unrolling.
double benchFlopsPerGenIter(const Config& config);
// Prints `bench <case> threads=<n> gen_iters_per_s=<x>` per case. Throws ConfigError for an
// unknown case.
int runBench(const BenchOptions& options);

// `ganscope bench --compare-pytorch`: for each chosen case, alternates `ganscope bench` (a
// subprocess of this binary) and scripts/bench_pytorch.py (python from GANSCOPE_PYTHON, default
// /usr/bin/python3, with OpenBLAS's OpenMP build on LD_LIBRARY_PATH) options.reps times each,
// then prints medians, min-max, the ratio and our % of the GEMM floor. Throws std::runtime_error
// naming what to install when torch or OpenBLAS-OpenMP is missing (exit 1).
int runBenchCompare(const BenchOptions& options);

}  // namespace gs
