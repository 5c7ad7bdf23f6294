// `ganscope bench --compare-pytorch` and the GEMM floor (see BenchCommand.h; method:
// docs/PERFORMANCE.md). Both sides run as child processes, one after the other and alternating
// which goes first, so each pays its start-up outside its own timed windows and neither shares
// the cores with the other.
#include <omp.h>
#include <sys/wait.h>
#include <unistd.h>

#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "cli/BenchCommand.h"
#include "data/Datasets.h"
#include "objectives/Registry.h"
#include "train/Trainer.h"
#include "util/Error.h"

namespace gs {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr const char* kDefaultPython = "/usr/bin/python3";  // Debian's, where python3-torch installs
constexpr const char* kOpenBlasOmp = "/usr/lib/x86_64-linux-gnu/openblas-openmp";
constexpr const char* kInstall =
    "apt-get install -y --no-install-recommends python3-torch libopenblas0-openmp (or run scripts/bench_pytorch.sh, "
    "which installs what is missing)";

// Sum over the layers of in*out: the multiply-adds of one column through the MLP.
double weightCount(int in, int out, int width, int depth) {
  double total = 0;
  int a = in;
  for (int l = 0; l <= depth; ++l) {
    const int b = (l == depth) ? out : width;
    total += double(a) * b;
    a = b;
  }
  return total;
}

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Runs `cmd` through the shell; stdout is returned, stderr passes through.
std::string capture(const std::string& cmd, int& status) {
  std::FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) throw std::runtime_error("cannot start: " + cmd);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int rc = ::pclose(p);
  status = (rc != -1 && WIFEXITED(rc)) ? WEXITSTATUS(rc) : -1;
  return out;
}

double parseRate(const std::string& out, const std::string& what) {
  const std::string key = "gen_iters_per_s=";
  const size_t at = out.rfind(key);
  if (out.rfind("bench ", 0) != 0 || at == std::string::npos)
    throw std::runtime_error(what + " printed no `bench ... gen_iters_per_s=` line; got: " + out);
  return std::strtod(out.c_str() + at + key.size(), nullptr);
}

std::string selfExe() {
  std::error_code ec;
  const fs::path p = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw std::runtime_error("cannot locate the ganscope binary (/proc/self/exe)");
  return p.string();
}

// scripts/bench_pytorch.py: GANSCOPE_BENCH_SCRIPT, else the first scripts/ found walking up
// from the binary (build-dir/app/ganscope -> source tree), then from the working directory.
std::string findScript(const std::string& exe) {
  if (const char* e = std::getenv("GANSCOPE_BENCH_SCRIPT"); e && *e) return e;
  for (fs::path start : {fs::path(exe).parent_path(), fs::current_path()})
    for (fs::path d = start; !d.empty(); d = d.parent_path()) {
      const fs::path s = d / "scripts" / "bench_pytorch.py";
      if (fs::exists(s)) return s.string();
      if (d == d.parent_path()) break;
    }
  throw std::runtime_error("cannot find scripts/bench_pytorch.py above " + exe +
                           " or the working directory (set GANSCOPE_BENCH_SCRIPT)");
}

// One product C = A B of (512 x 512) by (512 x 256), repeated; FLOP/s of the best of 7 trials.
double gemmRate(int reps) {
  const Eigen::MatrixXf A = Eigen::MatrixXf::Random(512, 512), B = Eigen::MatrixXf::Random(512, 256);
  Eigen::MatrixXf C(512, 256);
  C.noalias() = A * B;  // first touch
  double best = 0;
  for (int t = 0; t < 7; ++t) {
    const auto t0 = Clock::now();
    for (int r = 0; r < reps; ++r) C.noalias() = A * B;
    const double dt = std::chrono::duration<double>(Clock::now() - t0).count();
    best = std::max(best, 2.0 * 512 * 512 * 256 * reps / dt);
  }
  if (!(C.array().isFinite().all())) throw std::runtime_error("GEMM probe produced non-finite values");
  return best;
}

struct Peak {
  double eigenThreads = 0;  // one product split by Eigen over N threads
  double concurrent = 0;    // N single-threaded products at once, one per thread
  double best() const { return std::max(eigenThreads, concurrent); }
};

// The machine's float32 GEMM rate for N threads, both ways Eigen can use them; the floor takes
// the better (the floor is a bound, so the larger rate is the honest one).
Peak measurePeak(int threads) {
  Peak p;
  const int reps = 20;
  Eigen::setNbThreads(threads);
  omp_set_num_threads(threads);
  p.eigenThreads = gemmRate(reps);
  Eigen::setNbThreads(1);
  omp_set_num_threads(1);
  if (threads == 1) {
    p.concurrent = p.eigenThreads;
    return p;
  }
  std::vector<double> rates(size_t(threads), 0.0);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back([&rates, t, reps] { rates[size_t(t)] = gemmRate(reps); });
  for (auto& th : pool) th.join();
  // Each thread's best trial; all ran at the same time, so the sum is a (slightly generous) rate.
  for (double r : rates) p.concurrent += r;
  return p;
}

struct Spread {
  double median = 0, lo = 0, hi = 0;
};

Spread spread(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return {n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]), v.front(), v.back()};
}

std::string machineLine() {
  std::string model = "?", line;
  std::ifstream cpu("/proc/cpuinfo");
  while (std::getline(cpu, line))
    if (line.rfind("model name", 0) == 0) {
      model = line.substr(line.find(':') + 2);
      break;
    }
  std::string load;
  std::ifstream la("/proc/loadavg");
  std::getline(la, load);
  char date[32];
  const std::time_t now = std::time(nullptr);
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M", std::localtime(&now));
  return std::string(date) + ", " + model + ", " + std::to_string(std::thread::hardware_concurrency()) +
         " hardware threads, loadavg " + load.substr(0, load.find(' ', load.find(' ', load.find(' ') + 1) + 1));
}

bool cpuHas(const std::string& flags, const char* f) {
  return (" " + flags + " ").find(std::string(" ") + f + " ") != std::string::npos;
}

// OpenBLAS 0.3.21 (Debian 12) runs kernels below what the CPU does on CPUs it does not know or
// maps to an older family: its pre-AVX "Prescott" kernels on a Xeon model 207 (2-4x slower), its
// AVX2 "Haswell" kernels on an AVX-512 AMD Zen (wgan-gp-512 at 2 threads: 6.0-7.2 it/s against
// 9.1-9.4 with SkylakeX kernels, same day). A fair peer gets the best family the CPU's flags allow,
// unless the user chose one with OPENBLAS_CORETYPE.
std::string openBlasOverride(const std::string& detectedCore) {
  if (const char* e = std::getenv("OPENBLAS_CORETYPE"); e && *e) return "";
  static const char* avx512[] = {"SkylakeX", "Cooperlake", "SapphireRapids"};
  static const char* avx2[] = {"Haswell", "Zen", "SkylakeX", "Cooperlake", "SapphireRapids"};
  const auto in = [&](const auto& list) { return std::find(std::begin(list), std::end(list), detectedCore) != std::end(list); };
  std::ifstream cpu("/proc/cpuinfo");
  std::string line, flags;
  while (std::getline(cpu, line))
    if (line.rfind("flags", 0) == 0) {
      flags = line.substr(line.find(':') + 1);
      break;
    }
  if (cpuHas(flags, "avx512f") && cpuHas(flags, "avx512bw") && cpuHas(flags, "avx512vl") && cpuHas(flags, "avx512dq"))
    return in(avx512) ? "" : "SkylakeX";
  if (cpuHas(flags, "avx2") && cpuHas(flags, "fma")) return in(avx2) ? "" : "Haswell";
  return "";
}

std::string field(const std::string& line, const std::string& key) {
  const size_t at = line.find(key + "=");
  if (at == std::string::npos) return "";
  const size_t b = at + key.size() + 1;
  return line.substr(b, line.find_first_of(" \n", b) - b);
}

std::string fmt(const char* f, double a, double b = 0, double c = 0) {
  char buf[128];
  std::snprintf(buf, sizeof buf, f, a, b, c);
  return buf;
}

}  // namespace

double benchFlopsPerGenIter(const Config& c) {
  const int dataDim = makeDistribution(c.data)->dim();
  const bool gp = makeObjective(c.objective)->penalty().type == PenaltyType::GradientPenalty;
  const double B = c.batch, wg = c.g.width, wd = c.d.width;
  const double PG = weightCount(c.latentDim, dataDim, c.g.width, c.g.depth);
  const double PD = weightCount(dataDim, 1, c.d.width, c.d.depth);
  const double l0G = double(c.latentDim) * wg, l0D = double(dataDim) * wd;  // first layers' in*out
  const double lastD = wd;                                                  // D's output layer: w*1
  double critic = 2 * B * PG                                                // G forward (no gradient)
                  + 2 * (2 * B) * PD                                        // D forward, real and fake together
                  + 2 * (2 * B) * (2 * PD - l0D);  // D backward: dW every layer, dX above layer 0
  if (gp)
    critic += 2 * B * PD                              // D forward at the interpolates
              + 2 * B * PD                            // tangent pass: u = dD/dx
              + 2 * B * (2 * PD - lastD);             // its reverse: dW every layer, adjoints below the top
  const double generator = 2 * B * PG                 // G forward
                           + 2 * B * PD               // D forward
                           + 2 * B * PD               // D backward to the input (no parameter gradients)
                           + 2 * B * (2 * PG - l0G);  // G backward: dW every layer, dX above layer 0
  return c.dSteps * critic + c.gSteps * generator;
}

int runBenchCompare(const BenchOptions& o) {
  std::vector<const BenchCase*> chosen;
  // Ensembles have no PyTorch twin: compared are the single-run cases.
  for (auto& c : benchCases())
    if ((o.caseName.empty() && c.ensemble == 0) || c.name == o.caseName) chosen.push_back(&c);
  if (!o.caseName.empty() && !chosen.empty() && chosen[0]->ensemble > 0)
    throw ConfigError("--case " + o.caseName + ": an ensemble case has no PyTorch reference to compare with");
  if (chosen.empty()) {
    std::string all;
    for (auto& c : benchCases()) all += (all.empty() ? "" : ", ") + c.name;
    throw ConfigError("--case: unknown bench case '" + o.caseName + "' (known: " + all + ")");
  }
  if (o.threads < 1) throw ConfigError("--threads must be at least 1");
  if (o.reps < 1) throw ConfigError("--reps must be at least 1");
  if (!(o.seconds > 0)) throw ConfigError("--seconds must be positive");

  const std::string exe = selfExe();
  const std::string script = findScript(exe);
  const char* py = std::getenv("GANSCOPE_PYTHON");
  const std::string python = (py && *py) ? py : kDefaultPython;
  if (!fs::is_directory(kOpenBlasOmp))
    throw std::runtime_error(
        std::string("the PyTorch reference needs OpenBLAS's OpenMP build (") + kOpenBlasOmp +
        " is missing; Debian's default reference BLAS is 10-20x slower and no fair peer): " + kInstall);
  const char* oldLd = std::getenv("LD_LIBRARY_PATH");
  std::string env =
      "LD_LIBRARY_PATH=" + quote(std::string(kOpenBlasOmp) + (oldLd && *oldLd ? ":" + std::string(oldLd) : "")) +
      " OMP_NUM_THREADS=" + std::to_string(o.threads) + " ";
  std::string pyCmd = env + quote(python) + " " + quote(script);
  const std::string infoArgs = " --info --threads " + std::to_string(o.threads) + " 2>/dev/null";
  int st = 0;
  std::string info = capture(pyCmd + infoArgs, st);
  if (st != 0 || info.rfind("pytorch ", 0) != 0)
    throw std::runtime_error("the PyTorch reference needs torch for " + python + " (`import torch` failed" +
                             (st == 127 ? ": no such program" : "") + "): " + kInstall +
                             "; GANSCOPE_PYTHON selects another python");
  const std::string detected = field(info, "openblas_core");
  if (const std::string core = openBlasOverride(detected); !core.empty()) {
    env += "OPENBLAS_CORETYPE=" + core + " ";
    pyCmd = env + quote(python) + " " + quote(script);
    info = capture(pyCmd + infoArgs, st);
    if (st == 0 && !info.empty() && info.back() == '\n') info.pop_back();
    info += " (OpenBLAS detected " + detected + " kernels on this CPU; set OPENBLAS_CORETYPE=" + core + ")";
  }
  if (!info.empty() && info.back() == '\n') info.pop_back();

  std::printf("compare-pytorch: %s\n", machineLine().c_str());
  std::printf("  ours: %s   reference: %s (%s)\n", exe.c_str(), script.c_str(), info.c_str());
  const Peak peak = measurePeak(o.threads);
  std::printf(
      "  GEMM peak, threads=%d (512x512 by 512x256 float32, best of 7): Eigen-threaded %.1f GFLOP/s, "
      "%d concurrent single-threaded %.1f GFLOP/s\n",
      o.threads, peak.eigenThreads * 1e-9, o.threads, peak.concurrent * 1e-9);
  std::fflush(stdout);

  struct Row {
    const BenchCase* bc;
    Spread ours, torch;
    double floor;
  };
  std::vector<Row> rows;
  for (const BenchCase* bc : chosen) {
    // Sanity check of the equivalence (not a bitwise twin: different RNGs): first-iteration losses.
    Trainer<float> t(bc->config);
    t.iterate();
    const std::string theirs = capture(pyCmd + " --losses --case " + bc->name, st);
    const std::string pd = field(theirs, "d_loss"), pg = field(theirs, "g_loss");
    std::printf(
        "  %s: %.3g GFLOP per generator iteration; first-iteration losses ours d=%.4f g=%.4f, pytorch d=%s g=%s\n",
        bc->name.c_str(), benchFlopsPerGenIter(bc->config) * 1e-9, t.diagnostics().dLoss, t.diagnostics().gLoss,
        pd.empty() ? "?" : pd.c_str(), pg.empty() ? "?" : pg.c_str());
    std::fflush(stdout);

    const std::string args =
        " --case " + bc->name + " --threads " + std::to_string(o.threads) + " --seconds " + fmt("%g", o.seconds);
    const std::string oursCmd = quote(exe) + " bench" + args;
    std::vector<double> ours, torch;
    for (int r = 0; r < o.reps; ++r)
      for (int side = 0; side < 2; ++side) {
        const bool oursNow = (side == 0) == (r % 2 == 0);  // alternate which side goes first
        const std::string out = capture(oursNow ? oursCmd : pyCmd + args, st);
        if (st != 0)
          throw std::runtime_error(std::string(oursNow ? "ganscope bench" : "bench_pytorch.py") + " failed on " +
                                   bc->name + " (exit " + std::to_string(st) + ")");
        (oursNow ? ours : torch).push_back(parseRate(out, oursNow ? "ganscope bench" : "bench_pytorch.py"));
      }
    rows.push_back({bc, spread(ours), spread(torch), peak.best() / benchFlopsPerGenIter(bc->config)});
  }

  std::printf("\n%-12s %7s  %-24s  %-24s  %9s  %11s\n", "case", "threads", "ours it/s med [min-max]",
              "pytorch it/s med [min-max]", "ours/pt", "ours %floor");
  for (const Row& r : rows)
    std::printf("%-12s %7d  %-24s  %-24s  %8.2fx  %10.1f%%\n", r.bc->name.c_str(), o.threads,
                fmt("%.1f [%.1f-%.1f]", r.ours.median, r.ours.lo, r.ours.hi).c_str(),
                fmt("%.1f [%.1f-%.1f]", r.torch.median, r.torch.lo, r.torch.hi).c_str(), r.ours.median / r.torch.median,
                100.0 * r.ours.median / r.floor);
  std::printf("(reps=%d each, alternating, --seconds %g per run; floor = GEMM peak / FLOPs per iteration = ", o.reps,
              o.seconds);
  for (size_t i = 0; i < rows.size(); ++i)
    std::printf("%s%s %.1f it/s", i ? ", " : "", rows[i].bc->name.c_str(), rows[i].floor);
  std::printf(")\n");
  std::fflush(stdout);
  return 0;
}

}  // namespace gs
