// Session: a training thread that applies commands between iterations and publishes
// parameters, and a view thread that turns them into Snapshots on a mirror of the model.
#include "train/Session.h"

#include <omp.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <cmath>

#include "metrics/Kde.h"
#include "metrics/ModeCoverage.h"
#include "metrics/OptimalDiscriminator.h"
#include "train/Trainer.h"
#include "train/Verdict.h"
#include "util/Error.h"

namespace gs {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// What the training thread hands to the view thread.
struct Published {
  long long step = 0;
  long long configVersion = 0;
  long long resetCount = 0;
  Config config;
  ParamState<float> params;
  Diagnostics diagnostics;
  bool diverged = false, running = false;
  std::string divergence, notice, error, subStepLabel;
  double itersPerSecond = 0;
};

constexpr int kDisplaySamples = 512;
constexpr int kLangevinParticles = 400;
// D* compares two KDEs; the 512 display samples leave it too noisy to read "1/2" off it.
constexpr int kDStarSamples = 2048;
constexpr double kPublishInterval = 1.0 / 30.0;
constexpr double kMetricsInterval = 0.5;

std::vector<std::pair<std::string, double>> diagnosticRow(const Diagnostics& d) {
  std::vector<std::pair<std::string, double>> row = {
      {"d_loss", d.dLoss},   {"g_loss", d.gLoss},           {"d_real", d.dReal},
      {"d_fake", d.dFake},   {"d_gap", d.dReal - d.dFake},  {"d_grad_norm", d.dGradNorm},
      {"g_grad_norm", d.gGradNorm},
      {"penalty", d.penalty}};
  for (auto& kv : d.state) row.push_back(kv);
  for (size_t i = 0; i < d.mixtureG.size(); ++i) row.push_back({"w_g" + std::to_string(i), d.mixtureG[i]});
  for (size_t i = 0; i < d.mixtureD.size(); ++i) row.push_back({"w_d" + std::to_string(i), d.mixtureD[i]});
  return row;
}

Field makeField(int nx, int ny, const Box& box, const std::vector<double>& v) {
  Field f;
  f.nx = nx, f.ny = ny, f.box = box;
  f.values.assign(v.begin(), v.end());
  f.minValue = f.maxValue = f.values.empty() ? 0.f : f.values[0];
  for (float x : f.values)
    if (std::isfinite(x)) f.minValue = std::min(f.minValue, x), f.maxValue = std::max(f.maxValue, x);
  return f;
}

// Grid points (dim x nx*ny), row-major with y outermost; 1D grids have ny = 1.
Eigen::MatrixXd gridPoints(const Box& b, int nx, int ny, int dim) {
  Eigen::MatrixXd g(dim, nx * ny);
  for (int iy = 0; iy < ny; ++iy)
    for (int ix = 0; ix < nx; ++ix) {
      const int k = iy * nx + ix;
      g(0, k) = b.xmin + (b.xmax - b.xmin) * (ix + 0.5) / nx;
      if (dim > 1) g(1, k) = b.ymin + (b.ymax - b.ymin) * (iy + 0.5) / ny;
    }
  return g;
}

}  // namespace

struct Session::Impl {
  // ---- shared, guarded by mu ----
  mutable std::mutex mu;
  std::condition_variable trainCv, viewCv;
  std::deque<std::function<void()>> commands;
  std::shared_ptr<const Published> model;
  long long modelVersion = 0;
  std::vector<Diagnostics> pendingRows;
  Config cfg;
  std::atomic<bool> quit{false};

  mutable std::mutex snapMu;
  std::condition_variable snapCv;
  std::shared_ptr<const Snapshot> snapshot;

  // ---- training thread ----
  std::unique_ptr<Trainer<float>> trainer;
  bool running = false, slowMotion = false;
  double speedLimit = 0, subStepRate = 1.0;
  int subStep = 0;
  long long configVersion = 0, resetCount = 0;
  std::string notice, error, subStepLabel;
  bool dirty = true;
  double itersPerSecond = 0;
  Clock::time_point rateStart = Clock::now();
  long long rateCount = 0;
  Clock::time_point lastRow = Clock::now();

  // ---- view thread ----
  std::unique_ptr<Trainer<float>> mirror;
  long long mirrorConfigVersion = -1, mirrorResetCount = -1;
  History history{4096};
  long long historyRun = -1;  // the reset count whose rows the history holds
  EvalSet display, metricsSet, dStarSet;
  Eigen::MatrixXd dStarFake;
  Eigen::MatrixXd langevin;
  Rng langevinRng{4242};
  Metrics metrics;
  ModeCoverage metricsCoverage;  // of the same generated set as `metrics`
  Clock::time_point lastMetrics{};
  long long snapshotVersion = 0;

  std::thread trainThread, viewThread;

  void post(std::function<void()> f) {
    {
      std::lock_guard<std::mutex> lock(mu);
      commands.push_back(std::move(f));
    }
    trainCv.notify_all();
  }

  void trainLoop();
  void runCommands();
  void doSubStep();
  void recordRow(bool force);
  void publish();

  void viewLoop();
  void rebuildMirror(const Published& p);
  std::shared_ptr<Snapshot> buildSnapshot(const Published& p, bool computeMetrics);
};

void Session::Impl::runCommands() {
  std::deque<std::function<void()>> local;
  {
    std::lock_guard<std::mutex> lock(mu);
    local.swap(commands);
  }
  for (auto& c : local) {
    try {
      c();
    } catch (const std::exception& e) {
      error = e.what();
    }
    dirty = true;
  }
}

void Session::Impl::recordRow(bool force) {
  // Curves need at most a few hundred rows a second; keep the hot loop cheap.
  if (!force && secondsSince(lastRow) < 0.004) return;
  lastRow = Clock::now();
  std::lock_guard<std::mutex> lock(mu);
  if (pendingRows.size() < 20000) pendingRows.push_back(trainer->diagnostics());
}

void Session::Impl::publish() {
  auto p = std::make_shared<Published>();
  p->step = trainer->step();
  p->configVersion = configVersion;
  p->resetCount = resetCount;
  p->config = trainer->config();
  // The limit is a session setting that lives in the config so the window's control, the
  // preset and the snapshot agree: setSpeedLimit changes it without a config round trip.
  p->config.speedLimit = speedLimit;
  trainer->exportParams(p->params);
  p->diagnostics = trainer->diagnostics();
  p->diverged = trainer->diverged();
  p->divergence = trainer->divergenceMessage();
  p->running = running;
  p->notice = notice;
  p->error = error;
  p->subStepLabel = subStepLabel;
  p->itersPerSecond = itersPerSecond;
  {
    std::lock_guard<std::mutex> lock(mu);
    model = std::move(p);
    ++modelVersion;
  }
  viewCv.notify_all();
  dirty = false;
}

// What a step does, in the words of the objective's output kind (a logit D moves toward
// p/(p+q); a critic only ranks; an energy is pushed down on data and G moves downhill).
static std::string subStepCaption(OutputKind kind, bool critic, int i, int n) {
  std::string head = std::string(critic ? "Discriminator step " : "Generator step ") + std::to_string(i) + "/" + std::to_string(n) + ": ";
  if (critic) {
    switch (kind) {
      case OutputKind::Logit: return head + "D learns real vs fake, toward p/(p+q)";
      case OutputKind::Critic: return head + "the critic raises real, lowers fake scores";
      case OutputKind::Energy: return head + "energy down on data, up on fakes";
    }
  }
  return head + (kind == OutputKind::Energy ? "fakes move down the energy (arrows)" : "fakes move up D's slope (arrows)");
}

void Session::Impl::doSubStep() {
  const Config& c = trainer->config();
  const int total = c.dSteps + c.gSteps;
  const OutputKind kind = trainer->objective().info().output;
  if (subStep < c.dSteps) {
    trainer->discriminatorStep();
    subStepLabel = subStepCaption(kind, true, subStep + 1, c.dSteps);
  } else {
    trainer->generatorStep();
    subStepLabel = subStepCaption(kind, false, subStep - c.dSteps + 1, c.gSteps);
  }
  if (++subStep >= total) {
    subStep = 0;
    trainer->finishIteration();
    recordRow(true);
  }
}

void Session::Impl::trainLoop() {
  omp_set_num_threads(1);  // one core trains, the other builds views: no oversubscription
  Clock::time_point nextAllowed = Clock::now();
  Clock::time_point lastPublish = Clock::now();
  while (!quit) {
    runCommands();
    const bool active = running && !trainer->diverged();
    if (active && slowMotion) {
      if (Clock::now() >= nextAllowed) {
        doSubStep();
        nextAllowed = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                         std::chrono::duration<double>(1.0 / std::max(subStepRate, 0.05)));
        publish();
        lastPublish = Clock::now();
      }
    } else if (active) {
      if (!subStepLabel.empty()) subStepLabel.clear();  // captions belong to single steps only
      if (speedLimit <= 0 || Clock::now() >= nextAllowed) {
        trainer->iterate();
        ++rateCount;
        recordRow(false);
        if (speedLimit > 0)
          nextAllowed = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(1.0 / speedLimit));
        dirty = true;
      }
    }
    const double dt = secondsSince(rateStart);
    if (dt >= 0.5) {
      itersPerSecond = rateCount / dt;
      rateCount = 0;
      rateStart = Clock::now();
    }
    if (trainer->diverged() && running) {
      running = false;
      dirty = true;
    }
    if (dirty && (secondsSince(lastPublish) >= kPublishInterval || !active)) {
      publish();
      lastPublish = Clock::now();
    }
    const bool waitForWork = !active || slowMotion || (speedLimit > 0 && Clock::now() < nextAllowed);
    if (waitForWork) {
      std::unique_lock<std::mutex> lock(mu);
      auto until = active ? std::min(nextAllowed, Clock::now() + std::chrono::milliseconds(30))
                          : Clock::now() + std::chrono::milliseconds(50);
      trainCv.wait_until(lock, until, [&] { return quit.load() || !commands.empty(); });
    }
  }
}

void Session::Impl::rebuildMirror(const Published& p) {
  const bool fresh = !mirror || p.resetCount != mirrorResetCount;
  if (fresh || p.configVersion != mirrorConfigVersion) {
    const Config old = mirror ? mirror->config() : Config{};
    try {
      if (fresh) mirror = std::make_unique<Trainer<float>>(p.config);
      else mirror->applyConfig(p.config);
    } catch (const std::exception&) {
      mirror = std::make_unique<Trainer<float>>(p.config);
    }
    const bool dataChanged = fresh || old.data.name != p.config.data.name ||
                             old.data.scale != p.config.data.scale || old.data.stddev != p.config.data.stddev ||
                             old.data.path != p.config.data.path || old.data.points != p.config.data.points ||
                             old.latentDim != p.config.latentDim || old.latentDist != p.config.latentDist ||
                             old.evalSamples != p.config.evalSamples;
    if (dataChanged) {
      display = makeEvalSet(*mirror, kDisplaySamples, p.config.seed + 1);
      metricsSet = makeEvalSet(*mirror, p.config.evalSamples, p.config.seed + 2);
      dStarSet = makeEvalSet(*mirror, kDStarSamples, p.config.seed + 3);
    }
    if (dataChanged || fresh || mirror->objective().info().output != OutputKind::Energy) langevin.resize(0, 0);
    if (p.resetCount > historyRun) history.clear(), historyRun = p.resetCount;
    mirrorConfigVersion = p.configVersion;
    mirrorResetCount = p.resetCount;
    lastMetrics = Clock::time_point{};
  }
  mirror->importParams(p.params);
}

std::shared_ptr<Snapshot> Session::Impl::buildSnapshot(const Published& p, bool computeMetrics) {
  auto s = std::make_shared<Snapshot>();
  Trainer<float>& t = *mirror;
  const Distribution& data = t.data();
  const Config& c = p.config;
  s->step = p.step;
  s->itersPerSecond = p.itersPerSecond;
  s->running = p.running;
  s->subStepLabel = p.subStepLabel;
  s->config = c;
  s->objective = t.objective().info();
  s->objectiveParams = t.objective().params();
  s->dim = data.dim();
  s->box = data.bounds();
  s->diagnostics = p.diagnostics;
  s->diverged = p.diverged;
  s->divergence = p.divergence;
  s->notice = p.notice;
  s->error = p.error;
  s->modes = data.modes();
  s->real = display.real;

  if (p.diverged) {
    s->history = std::make_shared<History>(history);
    const Verdict v = judgeConvergence(*s);
    s->verdict = v.headline, s->verdictDetail = v.detail;
    return s;
  }
  t.generate(display.z, display.u, s->fake, &s->fakeComponent);
  if (s->fake.allFinite()) t.generatorPush(s->fake, s->push);

  const Box& box = s->box;
  const int dim = data.dim();
  const int nx = dim == 1 ? 512 : c.fieldResolution, ny = dim == 1 ? 1 : c.fieldResolution;
  const Eigen::MatrixXd grid = gridPoints(box, nx, ny, dim);
  Eigen::VectorXd values;
  t.evaluateCritic(grid, values);
  s->critic = makeField(nx, ny, box, std::vector<double>(values.data(), values.data() + values.size()));

  std::vector<double> p_(size_t(nx * ny), 0.0);
  if (data.hasDensity()) {
    for (int k = 0; k < nx * ny; ++k) p_[size_t(k)] = data.density(grid.col(k).data());
    s->pData = makeField(nx, ny, box, p_);
  } else {
    p_ = kdeGrid(display.real, box, nx, ny);
    s->pDataKde = makeField(nx, ny, box, p_);
  }
  if (s->fake.allFinite()) {
    const std::vector<double> q = kdeGrid(s->fake, box, nx, ny);
    s->qKde = makeField(nx, ny, box, q);
    if (s->objective.output == OutputKind::Logit) {
      t.generate(dStarSet.z, dStarSet.u, dStarFake);
      if (dStarFake.allFinite()) {
        const OptimalDiscriminatorGrid ds = optimalDiscriminatorGrid(dStarSet.real, dStarFake, box, nx, ny);
        s->dStar = makeField(nx, ny, box, ds.values);
        s->dStarBandwidth = ds.bandwidth;
      }
    }
  }

  // Coarse ∇_x of the raw critic, for a field of arrows.
  if (dim == 2) {
    const int ng = 24;
    const Eigen::MatrixXd coarse = gridPoints(box, ng, ng, 2);
    Eigen::MatrixXd grad;
    t.criticInputGradient(coarse, grad);
    std::vector<double> mag(size_t(ng * ng));
    s->gradX.resize(size_t(ng * ng));
    s->gradY.resize(size_t(ng * ng));
    for (int k = 0; k < ng * ng; ++k) {
      s->gradX[size_t(k)] = float(grad(0, k));
      s->gradY[size_t(k)] = float(grad(1, k));
      mag[size_t(k)] = grad.col(k).norm();
    }
    s->gradient = makeField(ng, ng, box, mag);
  }

  // The generator's image of a latent grid (first two latent coordinates).
  if (dim == 2 && c.latentDim >= 1) {
    const double r = c.latentDist == "uniform" ? 1.0 : 2.0;
    const int lines = 11, pts = 48;
    Eigen::VectorXd u = Eigen::VectorXd::Constant(pts, 0.0);
    for (int dir = 0; dir < (c.latentDim >= 2 ? 2 : 1); ++dir)
      for (int l = 0; l < lines; ++l) {
        Eigen::MatrixXd z = Eigen::MatrixXd::Zero(c.latentDim, pts);
        for (int k = 0; k < pts; ++k) {
          z(dir, k) = -r + 2 * r * k / (pts - 1);
          if (c.latentDim >= 2) z(1 - dir, k) = -r + 2 * r * l / (lines - 1);
        }
        Eigen::MatrixXd x;
        t.generate(z, u, x);
        s->manifold.push_back(x);
        if (c.latentDim < 2) break;
      }
  }

  // Langevin particles on the learned energy: x <- x - η ∇E(x) + sqrt(2η) ε.
  if (s->objective.output == OutputKind::Energy) {
    const double extent = std::max(box.xmax - box.xmin, dim > 1 ? box.ymax - box.ymin : 0.0);
    if (langevin.cols() == 0) {
      langevin.resize(dim, kLangevinParticles);
      for (int k = 0; k < kLangevinParticles; ++k) {
        langevin(0, k) = langevinRng.uniform(box.xmin, box.xmax);
        if (dim > 1) langevin(1, k) = langevinRng.uniform(box.ymin, box.ymax);
      }
    }
    const double eta = 2e-4 * extent * extent;
    Eigen::MatrixXd grad;
    for (int it = 0; it < 10; ++it) {
      t.criticInputGradient(langevin, grad);
      for (Eigen::Index k = 0; k < langevin.cols(); ++k)
        for (int i = 0; i < dim; ++i) {
          double g = grad(i, k);
          if (!std::isfinite(g)) g = 0;
          langevin(i, k) += -eta * std::clamp(g, -1e3, 1e3) + std::sqrt(2 * eta) * langevinRng.normal();
        }
      // Keep particles in view: reflect at the box.
      for (Eigen::Index k = 0; k < langevin.cols(); ++k) {
        langevin(0, k) = std::clamp(langevin(0, k), box.xmin, box.xmax);
        if (dim > 1) langevin(1, k) = std::clamp(langevin(1, k), box.ymin, box.ymax);
      }
    }
    s->langevin = langevin;
  }

  if (computeMetrics) {
    Eigen::MatrixXd fake;
    metrics = evaluateMetrics(t, metricsSet, fake);
    metricsCoverage = !s->modes.empty() && fake.allFinite() ? computeModeCoverage(fake, s->modes) : ModeCoverage{};
    if (p.resetCount == historyRun) history.append(p.step, metrics.named());
  }
  s->metrics = metrics;
  // One evaluation, one number: the coverage bars, the captured/missed rings and the header
  // all show the metrics evaluation (evalSamples generated points), never the display batch.
  s->coverage = metricsCoverage;
  s->history = std::make_shared<History>(history);
  const Verdict v = judgeConvergence(*s);
  s->verdict = v.headline;
  s->verdictDetail = v.detail;
  return s;
}

void Session::Impl::viewLoop() {
  omp_set_num_threads(1);
  // Views are best effort: when cores are scarce, training keeps its pace and the pictures
  // update less often (Linux: per-thread nice value).
  setpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)), 10);
  long long seen = 0;
  while (!quit) {
    std::shared_ptr<const Published> p;
    std::vector<Diagnostics> rows;
    long long rowsRun = 0;
    {
      std::unique_lock<std::mutex> lock(mu);
      viewCv.wait(lock, [&] { return quit.load() || modelVersion != seen; });
      if (quit) break;
      seen = modelVersion;
      p = model;
      rows.swap(pendingRows);
      rowsRun = resetCount;
    }
    try {
      rebuildMirror(*p);
      // Rows can belong to a run newer than the published model (a reset between the two):
      // they start the new run's history at once instead of being lost with the old one.
      if (rowsRun > historyRun) history.clear(), historyRun = rowsRun;
      for (auto& r : rows) history.append(r.step, diagnosticRow(r));
      const bool due = secondsSince(lastMetrics) >= kMetricsInterval || !p->running;
      if (due) lastMetrics = Clock::now();
      auto snap = buildSnapshot(*p, due);
      snap->version = ++snapshotVersion;
      {
        std::lock_guard<std::mutex> lock(snapMu);
        snapshot = std::move(snap);
      }
      snapCv.notify_all();
    } catch (const std::exception& e) {
      // A view failure must never stop training; show it instead.
      std::lock_guard<std::mutex> lock(snapMu);
      auto copy = std::make_shared<Snapshot>(*snapshot);
      copy->error = std::string("view: ") + e.what();
      copy->version = ++snapshotVersion;
      snapshot = std::move(copy);
    }
  }
}

Session::Session(const Config& cfg) : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.cfg = cfg;
  m.speedLimit = cfg.speedLimit;
  m.trainer = std::make_unique<Trainer<float>>(cfg);
  m.publish();
  {
    // A first snapshot before the threads start, so latest() is never null.
    std::shared_ptr<const Published> p = m.model;
    m.rebuildMirror(*p);
    auto snap = m.buildSnapshot(*p, true);
    snap->version = ++m.snapshotVersion;
    m.snapshot = std::move(snap);
  }
  m.trainThread = std::thread([&m] { m.trainLoop(); });
  m.viewThread = std::thread([&m] { m.viewLoop(); });
}

Session::~Session() {
  impl_->quit = true;
  impl_->trainCv.notify_all();
  impl_->viewCv.notify_all();
  if (impl_->trainThread.joinable()) impl_->trainThread.join();
  if (impl_->viewThread.joinable()) impl_->viewThread.join();
}

void Session::setRunning(bool run) {
  impl_->post([m = impl_.get(), run] { m->running = run; });
}

void Session::toggleRunning() {
  impl_->post([m = impl_.get()] { m->running = !m->running; });
}

void Session::stepIteration() {
  impl_->post([m = impl_.get()] {
    m->running = false;
    if (m->slowMotion) {
      m->doSubStep();
    } else {
      m->trainer->iterate();
      m->subStepLabel.clear();
      m->recordRow(true);
    }
  });
}

void Session::stepCritic() {
  impl_->post([m = impl_.get()] {
    m->running = false;
    m->trainer->discriminatorStep();
    m->subStepLabel = subStepCaption(m->trainer->objective().info().output, true, 1, 1);
    m->recordRow(true);  // the curves show the single step too
  });
}

void Session::stepGenerator() {
  impl_->post([m = impl_.get()] {
    m->running = false;
    m->trainer->generatorStep();
    m->subStepLabel = subStepCaption(m->trainer->objective().info().output, false, 1, 1);
    m->recordRow(true);
  });
}

void Session::reset() {
  impl_->post([m = impl_.get()] {
    m->trainer->reset();
    {
      // Rows of the old run must not reach the new run's curves; the count changes under the
      // same lock so the view thread knows which run the pending rows belong to.
      std::lock_guard<std::mutex> lock(m->mu);
      m->pendingRows.clear();
      ++m->resetCount;
    }
    m->subStep = 0;
    m->subStepLabel.clear();
    m->error.clear();
    m->notice = "reset: fresh networks (seed " + std::to_string(m->trainer->config().seed) + ")";
  });
}

void Session::setConfig(const Config& cfg) {
  impl_->post([m = impl_.get(), cfg] {
    m->notice = m->trainer->applyConfig(cfg);  // throws ConfigError: the run is untouched
    m->speedLimit = cfg.speedLimit;
    m->error.clear();
    m->subStep = 0;
    ++m->configVersion;
    std::lock_guard<std::mutex> lock(m->mu);
    m->cfg = cfg;
  });
}

void Session::setSpeedLimit(double itersPerSecond) {
  impl_->post([m = impl_.get(), itersPerSecond] {
    m->speedLimit = std::max(0.0, itersPerSecond);
    std::lock_guard<std::mutex> lock(m->mu);
    m->cfg.speedLimit = m->speedLimit;
  });
}

void Session::setSlowMotion(bool on) {
  impl_->post([m = impl_.get(), on] {
    m->slowMotion = on;
    if (!on) m->subStepLabel.clear();
  });
}

void Session::setSubStepsPerSecond(double rate) {
  impl_->post([m = impl_.get(), rate] { m->subStepRate = std::clamp(rate, 0.05, 100.0); });
}

std::shared_ptr<const Snapshot> Session::latest() const {
  std::lock_guard<std::mutex> lock(impl_->snapMu);
  return impl_->snapshot;
}

std::shared_ptr<const Snapshot> Session::waitFor(long long minStep, long long afterVersion, double timeout) {
  std::unique_lock<std::mutex> lock(impl_->snapMu);
  impl_->snapCv.wait_for(lock, std::chrono::duration<double>(timeout), [&] {
    return impl_->snapshot->step >= minStep && impl_->snapshot->version > afterVersion;
  });
  return impl_->snapshot;
}

Config Session::config() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->cfg;
}

}  // namespace gs
