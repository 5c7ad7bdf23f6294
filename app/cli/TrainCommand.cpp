#include "cli/TrainCommand.h"

#include <omp.h>
#include <Eigen/Core>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "train/Metrics.h"
#include "train/MetricsCsv.h"
#include "train/SessionFile.h"
#include "train/Trainer.h"
#include "util/AtomicFile.h"
#include "util/Error.h"

namespace gs {
namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

std::string shortNum(double v) {
  if (!std::isfinite(v)) return csvNumber(v);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

nlohmann::json jsonNumber(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

std::string samplesCsv(const Eigen::MatrixXd& real, const Eigen::MatrixXd& fake) {
  const int dim = int(real.rows());
  std::string out = dim == 1 ? "kind,x\n" : "kind,x,y\n";
  auto rows = [&](const char* kind, const Eigen::MatrixXd& m) {
    for (int j = 0; j < m.cols(); ++j) {
      out += kind;
      for (int i = 0; i < dim; ++i) out += "," + csvNumber(m(i, j));
      out += "\n";
    }
  };
  rows("real", real);
  rows("fake", fake);
  return out;
}

std::string progressLine(long long step, long long steps, const Diagnostics& d, const Metrics& m) {
  std::ostringstream os;
  char head[64];
  std::snprintf(head, sizeof head, "step %*lld/%lld", int(std::to_string(steps).size()), step, steps);
  os << head << "  d_loss " << shortNum(d.dLoss) << "  g_loss " << shortNum(d.gLoss) << "  D(real) "
     << shortNum(d.dReal) << "  D(fake) " << shortNum(d.dFake);
  char buf[96];
  if (std::isfinite(m.modesCaptured)) {
    std::snprintf(buf, sizeof buf, "  modes %d/%d  hq %.2f", int(m.modesCaptured), int(m.modesTotal),
                  m.highQualityFraction);
    os << buf;
  }
  if (std::isfinite(m.w1)) {
    std::snprintf(buf, sizeof buf, "  %s %.4f", m.w1Name(), m.w1);
    os << buf;
  }
  if (std::isfinite(m.jsd)) {
    std::snprintf(buf, sizeof buf, "  jsd %.4f", m.jsd);
    os << buf;
  }
  for (auto& [k, v] : d.state) os << "  " << k << " " << shortNum(v);
  return os.str();
}

// --resume: the session's config with every --set on top; the session itself in *session.
ResolvedConfig resolveResume(const TrainOptions& o, SessionData& session) {
  if (!o.source.preset.empty() || !o.source.configFile.empty())
    throw ConfigError(
        "--resume takes the config from the session file; --preset and --config cannot be given with it "
        "(change values with --set)");
  if (!o.seed.empty()) throw ConfigError("--seed cannot be given with --resume: the session carries its random state");
  session = readSessionFile(o.resume);
  ResolvedConfig rc;
  rc.presetName = session.presetName;
  rc.label = fs::path(o.resume).stem().string();
  nlohmann::json j = configToJson(session.config);
  for (auto& s : o.source.sets) applySetting(j, s);
  try {
    rc.config = configFromJson(j);
  } catch (const ConfigError& e) {
    throw ConfigError(std::string(e.what()) + " [in session '" + o.resume + "' with --set]");
  }
  return rc;
}

// Loads the session's state into a trainer built from its config, then applies what --set
// changed, as a live change in the window would. Returns the step training resumes from.
long long resumeTrainer(Trainer<float>& t, const SessionData& session, const Config& cfg, const std::string& path,
                        bool quiet) {
  try {
    t.loadState(session.trainerState);
  } catch (const ConfigError& e) { throw ConfigError(path + ": " + e.what()); }
  if (t.diverged()) throw ConfigError(path + ": the saved run " + t.divergenceMessage() + "; nothing to train on");
  if (configToJson(cfg) != configToJson(session.config)) {
    const std::string rebuilt = t.applyConfig(cfg);  // throws ConfigError for a bad combination
    if (!rebuilt.empty() && !quiet) std::cout << "note: " << rebuilt << std::endl;
  }
  return t.step();
}

// --save-session must name a file in an existing folder (checked before anything is written).
void checkSessionPath(const std::string& path) {
  std::error_code ec;
  const fs::path p(path);
  const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  if (fs::is_directory(p, ec)) throw ConfigError("--save-session '" + path + "' is a directory");
  if (!fs::is_directory(dir, ec))
    throw ConfigError("--save-session '" + path + "': folder '" + dir.string() + "' does not exist");
}

}  // namespace

int runTrain(const TrainOptions& o) {
  // Everything that can be wrong with the input is checked before the output folder exists.
  ConfigSource source = o.source;
  if (!o.seed.empty()) source.sets.push_back("train.seed=" + o.seed);
  SessionData session;
  const bool resuming = !o.resume.empty();
  const ResolvedConfig rc = resuming ? resolveResume(o, session) : resolveConfig(source);
  if (!o.saveSession.empty()) checkSessionPath(o.saveSession);
  Config cfg = rc.config;
  if (o.steps < 1) throw ConfigError("--steps must be at least 1 (got " + std::to_string(o.steps) + ")");
  if (o.evalEvery < 0) throw ConfigError("--eval-every must be at least 1");
  if (o.threads < 1) throw ConfigError("--threads must be at least 1");
  const long long evalEvery = o.evalEvery > 0 ? o.evalEvery : std::max(1LL, o.steps / 20);
  const std::string outDir = o.outDir.empty() ? "out/" + rc.label : o.outDir;
  {
    std::error_code ec;
    if (fs::exists(outDir, ec) && !fs::is_directory(outDir, ec))
      throw ConfigError("--out '" + outDir + "' exists and is not a directory");
  }
  // --threads splits each training pass over the batch (ParallelCpuBackend); every product
  // inside runs on one thread.
  Eigen::setNbThreads(1);
  omp_set_num_threads(1);
  Trainer<float> trainer(resuming ? session.config : cfg);  // throws ConfigError (bad data file, options)
  trainer.setThreads(o.threads);
  const std::string backendNotice = trainer.setBackend(o.backend);  // ConfigError when cuda is unavailable
  if (!backendNotice.empty()) std::cerr << "ganscope train: " << backendNotice << std::endl;
  const long long startStep = resuming ? resumeTrainer(trainer, session, cfg, o.resume, o.quiet) : 0;
  for (auto& p : trainer.objective().params()) cfg.objectiveParams[p.key] = p.value;  // record defaults
  const EvalSet evalSet = makeEvalSet(trainer, cfg.evalSamples, cfg.seed);

  {
    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (ec) throw ConfigError("cannot create output folder '" + outDir + "': " + ec.message());
  }
  const std::string metricsPath = (fs::path(outDir) / "metrics.csv").string();
  const std::string summaryPath = (fs::path(outDir) / "summary.json").string();
  const std::string samplesPath = (fs::path(outDir) / "samples.csv").string();

  if (!o.quiet)
    std::cout << "ganscope train: "
              << (rc.presetName.empty() ? "config " + o.source.configFile : "preset " + rc.presetName) << ", objective "
              << cfg.objective << ", data " << cfg.data.name << ", " << o.steps << " steps -> " << outDir << std::endl;

  MetricsCsv table;
  Metrics last;
  Eigen::MatrixXd fake, lastGoodFake;
  const auto start = Clock::now();
  auto lastFlush = start;
  auto evaluate = [&]() {
    last = evaluateMetrics(trainer, evalSet, fake);
    if (fake.allFinite()) lastGoodFake = fake;
    table.add(trainer.step(), trainer.diagnostics(), last);
    auto row = trainer.diagnostics().named();
    for (auto& m : last.named()) row.push_back(m);
    session.history.append(trainer.step(), row);
    if (!o.quiet)
      std::cout << progressLine(trainer.step(), startStep + o.steps, trainer.diagnostics(), last) << std::endl;
    // Rewriting the whole table keeps the file readable mid-run; bounded to every 2 s.
    if (Clock::now() - lastFlush > std::chrono::seconds(2)) {
      writeFileAtomic(metricsPath, table.text());
      lastFlush = Clock::now();
    }
  };

  for (long long s = 1; s <= o.steps; ++s) {
    trainer.iterate();
    if (trainer.diverged()) {
      evaluate();
      break;
    }
    if (trainer.step() % evalEvery == 0 || s == o.steps) evaluate();
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();

  const Diagnostics& d = trainer.diagnostics();
  nlohmann::json summary;
  summary["config"] = configToJson(cfg);
  summary["preset"] = rc.presetName.empty() ? nlohmann::json(nullptr) : nlohmann::json(rc.presetName);
  summary["step"] = trainer.step();
  summary["steps_requested"] = o.steps;
  if (resuming) summary["resumed_from"] = {{"session", o.resume}, {"step", startStep}};
  summary["objective"] = cfg.objective;
  summary["dataset"] = cfg.data.name;
  summary["diverged"] = trainer.diverged();
  summary["divergence"] = trainer.diverged() ? nlohmann::json(trainer.divergenceMessage()) : nlohmann::json(nullptr);
  summary["metrics"] = last.toJson();
  // The same names as metrics.csv: fixed diagnostics under "final", the rest under "state".
  nlohmann::json state = nlohmann::json::object(), final = nlohmann::json::object();
  const auto diag = d.named();
  for (size_t i = 0; i < diag.size(); ++i)
    (i < size_t(Diagnostics::kFixedColumns) ? final : state)[diag[i].first] = jsonNumber(diag[i].second);
  summary["state"] = state;
  summary["final"] = final;
  summary["seconds"] = seconds;

  writeFileAtomic(metricsPath, table.text());
  // After a divergence the last finite generated batch is the useful picture.
  writeFileAtomic(samplesPath, samplesCsv(evalSet.real, lastGoodFake.cols() ? lastGoodFake
                                                                            : Eigen::MatrixXd(evalSet.real.rows(), 0)));
  writeFileAtomic(summaryPath, summary.dump(2) + "\n");
  if (!o.saveSession.empty()) {
    session.config = cfg;
    session.presetName = rc.presetName;
    session.trainerState = trainer.saveState();
    writeSessionFile(o.saveSession, session);
    if (!o.quiet) std::cout << "saved session " << o.saveSession << " (step " << trainer.step() << ")" << std::endl;
  }

  if (trainer.diverged()) {
    std::cerr << "ganscope: training " << trainer.divergenceMessage() << " (summary in " << summaryPath << ")"
              << std::endl;
    return 3;
  }
  if (!o.quiet)
    std::printf("done: %lld steps in %.1f s (%.0f it/s); wrote %s/{metrics.csv,summary.json,samples.csv}\n",
                trainer.step(), seconds, double(trainer.step()) / std::max(seconds, 1e-9), outDir.c_str());
  return 0;
}

}  // namespace gs
