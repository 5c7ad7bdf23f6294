// Session: a training thread that applies commands between iterations and publishes
// parameters, and a view thread that turns them into Snapshots on a mirror of the model.
#include "train/Session.h"

#include <omp.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <cmath>
#include <optional>

#include "backend/CudaBackend.h"
#include "train/SnapshotBuilder.h"
#include "train/Trainer.h"
#include "util/Error.h"

namespace gs {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// What the training thread hands to the view thread.
struct Published {
  long long configVersion = 0;
  long long resetCount = 0;
  Config config;
  ParamState<float> params;
  Diagnostics diagnostics;
  RunStatus status;
  std::shared_ptr<const Checkpoint> viewed;  // the checkpoint the views show (null = live)
  std::shared_ptr<const TimelineSummary> timeline;
  long long branchCount = 0;
};

struct Command {
  long long seq;
  std::function<void()> apply;
};

constexpr double kPublishInterval = 1.0 / 30.0;
constexpr double kMetricsInterval = 0.5;

}  // namespace

struct Session::Impl {
  // ---- shared, guarded by mu ----
  mutable std::mutex mu;
  std::condition_variable trainCv, viewCv;
  std::deque<Command> commands;
  long long postedCommands = 0;
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
  RunStatus status;  // step and divergence are read from the trainer when publishing
  bool slowMotion = false;
  double speedLimit = 0, subStepRate = 1.0;
  int subStep = 0;
  long long configVersion = 0, resetCount = 0;
  std::string device;  // the cuda backend's device name, read when it was chosen
  bool dirty = true;
  Clock::time_point rateStart = Clock::now();
  long long rateCount = 0;
  Clock::time_point lastRow = Clock::now();

  // ---- timeline (training thread; timelineMu lets checkpointAt read it) ----
  mutable std::mutex timelineMu;
  Timeline timeline;
  std::shared_ptr<const Config> timelineConfig;  // shared by checkpoints until the config changes
  std::shared_ptr<const Checkpoint> viewed;      // scrubbed-to checkpoint (null = live)
  bool runningBeforeView = false;
  std::shared_ptr<const TimelineSummary> timelineSummary;
  long long summaryRevision = -1, summaryViewed = -2;
  long long branchCount = 0;            // guarded by mu
  long long truncateFloor = LLONG_MAX;  // guarded by mu: curves after it belong to an abandoned future

  // ---- view thread ----
  std::unique_ptr<Trainer<float>> mirror;
  long long mirrorConfigVersion = -1, mirrorResetCount = -1;
  SnapshotBuilder builder{4096};
  History& history = builder.history();
  long long historyRun = -1;          // the reset count whose rows the history holds
  std::vector<Diagnostics> heldRows;  // rows newer than the last published model
  Clock::time_point lastMetrics{};
  long long snapshotVersion = 0;
  // A viewed checkpoint is drawn from a scratch trainer and builder: the mirror stays live.
  std::unique_ptr<Trainer<float>> scratch;
  SnapshotBuilder scratchBuilder{4096};
  std::shared_ptr<const Checkpoint> scratchFor;  // what scratch holds
  std::shared_ptr<const Snapshot> viewedBase;    // its snapshot

  // ---- saved sessions ----
  struct PendingSave {
    std::string path;
    SessionData data;  // the history is the view thread's, added when it writes
    long long step = 0, run = 0;
  };
  std::vector<PendingSave> saves;                                   // guarded by mu: captured, not yet written
  std::optional<std::pair<std::string, std::string>> deferredSave;  // training thread: path, preset
  std::shared_ptr<const History> openedHistory;                     // guarded by mu: the curves of an opened session
  long long openedRun = -1;                                         // guarded by mu: the reset count they belong to
  std::shared_ptr<const History> adoptHistory;                      // view thread: taken from openedHistory
  long long adoptRun = -1;

  std::thread trainThread, viewThread;

  long long post(std::function<void()> f) {
    long long seq;
    {
      std::lock_guard<std::mutex> lock(mu);
      seq = ++postedCommands;
      commands.push_back({seq, std::move(f)});
    }
    trainCv.notify_all();
    return seq;
  }

  void trainLoop();
  void runCommands();
  void doSubStep();
  void recordRow(bool force);
  void publish();
  void capture();
  void leaveView();
  void restartTimeline(MarkKind kind, std::string label);
  void markConfigChange(const Config& before, const Config& after, long long step);
  void branch();
  void setCompute(const std::string& backend, int threads);
  void captureSave(const std::string& path, const std::string& presetName);
  void openSession(const SessionData& data, const std::string& sourceName);
  void writeSaves(std::vector<PendingSave>& pending);
  void startHistory(long long run);

  void viewLoop();
  void rebuildMirror(const Published& p);
  std::shared_ptr<Snapshot> buildSnapshot(const Published& p, bool computeMetrics);
  std::shared_ptr<Snapshot> buildViewedSnapshot(const Published& p);
};

void Session::Impl::runCommands() {
  std::deque<Command> local;
  {
    std::lock_guard<std::mutex> lock(mu);
    local.swap(commands);
  }
  for (auto& c : local) {
    try {
      c.apply();
    } catch (const std::exception& e) { status.error = e.what(); }
    status.appliedCommand = c.seq;  // a rejected command has taken effect too: its error shows
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
  p->configVersion = configVersion;
  p->resetCount = resetCount;
  p->config = trainer->config();
  // The limit is a session setting that lives in the config so the window's control, the
  // preset and the snapshot agree: setSpeedLimit changes it without a config round trip.
  p->config.speedLimit = speedLimit;
  trainer->exportParams(p->params);
  p->diagnostics = trainer->diagnostics();
  status.step = trainer->step();
  status.diverged = trainer->diverged();
  status.divergence = trainer->divergenceMessage();
  status.backend = trainer->backendName();
  status.threads = trainer->threads();
  status.device = status.backend == "cuda" ? device : std::string();
  p->status = status;
  p->viewed = viewed;
  const long long viewedStep = viewed ? viewed->step : -1;
  if (timeline.revision() != summaryRevision || viewedStep != summaryViewed) {
    timelineSummary = std::make_shared<const TimelineSummary>(timeline.summary(viewedStep));
    summaryRevision = timeline.revision();
    summaryViewed = viewedStep;
  }
  p->timeline = timelineSummary;
  {
    std::lock_guard<std::mutex> lock(mu);
    p->branchCount = branchCount;
    model = std::move(p);
    ++modelVersion;
  }
  viewCv.notify_all();
  dirty = false;
}

// What a step does, in the words of the objective's output kind (a logit D moves toward
// p/(p+q); a critic only ranks; an energy is pushed down on data and G moves downhill).
static std::string subStepCaption(OutputKind kind, bool critic, int i, int n) {
  std::string head = std::string(critic ? "Discriminator step " : "Generator step ") + std::to_string(i) + "/" +
                     std::to_string(n) + ": ";
  if (critic) {
    switch (kind) {
      case OutputKind::Logit:
        return head + "D learns real vs fake, toward p/(p+q)";
      case OutputKind::Critic:
        return head + "the critic raises real, lowers fake scores";
      case OutputKind::Energy:
        return head + "energy down on data, up on fakes";
    }
  }
  return head +
         (kind == OutputKind::Energy ? "fakes move down the energy (arrows)" : "fakes move up D's slope (arrows)");
}

void Session::Impl::doSubStep() {
  const Config& c = trainer->config();
  const int dSteps = trainer->criticStepsThisIteration();  // the WGAN warm-up can ask for 100
  const int total = dSteps + c.gSteps;
  const OutputKind kind = trainer->objective().info().output;
  if (subStep < dSteps) {
    trainer->criticStep();
    status.subStepLabel = subStepCaption(kind, true, subStep + 1, dSteps);
  } else {
    trainer->generatorStep();
    status.subStepLabel = subStepCaption(kind, false, subStep - dSteps + 1, c.gSteps);
  }
  if (++subStep >= total) {
    subStep = 0;
    trainer->finishIteration();
    recordRow(true);
    capture();
    if (deferredSave) captureSave(deferredSave->first, deferredSave->second), deferredSave.reset();
  }
}

void Session::Impl::trainLoop() {
  omp_set_num_threads(1);  // one core trains, the other builds views: no oversubscription
  Clock::time_point nextAllowed = Clock::now();
  Clock::time_point lastPublish = Clock::now();
  while (!quit) {
    runCommands();
    const bool active = status.running && !trainer->diverged();
    if (active && slowMotion) {
      if (Clock::now() >= nextAllowed) {
        doSubStep();
        nextAllowed = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                         std::chrono::duration<double>(1.0 / std::max(subStepRate, 0.05)));
        publish();
        lastPublish = Clock::now();
      }
    } else if (active) {
      if (!status.subStepLabel.empty()) status.subStepLabel.clear();  // captions belong to single steps only
      if (speedLimit <= 0 || Clock::now() >= nextAllowed) {
        trainer->iterate();
        ++rateCount;
        recordRow(false);
        capture();
        if (speedLimit > 0)
          nextAllowed = Clock::now() +
                        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / speedLimit));
        dirty = true;
      }
    }
    const double dt = secondsSince(rateStart);
    if (dt >= 0.5) {
      status.itersPerSecond = rateCount / dt;
      rateCount = 0;
      rateStart = Clock::now();
    }
    if (trainer->diverged() && status.running) {
      status.running = false;
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

// ---- timeline ----

// A checkpoint every K iterations: one state string (no per-step work otherwise); the config
// is shared with the previous checkpoint until it changes.
void Session::Impl::capture() {
  const long long step = trainer->step();
  if (!timeline.due(step) || trainer->diverged()) return;
  auto c = std::make_shared<Checkpoint>();
  c->step = step;
  if (!timelineConfig) timelineConfig = std::make_shared<const Config>(trainer->config());
  c->config = timelineConfig;
  c->state = trainer->saveState();
  std::lock_guard<std::mutex> lock(timelineMu);
  timeline.add(std::move(c));
}

// Playing, stepping or resetting while a checkpoint is viewed acts on the live run.
void Session::Impl::leaveView() { viewed.reset(); }

// A new run (reset, an opened session) starts a new timeline at its own step.
void Session::Impl::restartTimeline(MarkKind kind, std::string label) {
  leaveView();
  timelineConfig.reset();
  {
    std::lock_guard<std::mutex> lock(timelineMu);
    timeline.clear();
    timeline.mark(trainer->step(), kind, std::move(label));
  }
  capture();
}

void Session::Impl::markConfigChange(const Config& before, const Config& after, long long step) {
  timelineConfig.reset();
  std::lock_guard<std::mutex> lock(timelineMu);
  if (before.objective != after.objective) timeline.mark(step, MarkKind::ObjectiveChange, after.objective);
  if (!(before.data == after.data)) timeline.mark(step, MarkKind::DataChange, after.data.name);
}

void Session::Impl::branch() {
  if (!viewed) throw ConfigError("timeline: no checkpoint is being viewed (drag the scrubber back first)");
  const std::shared_ptr<const Checkpoint> c = viewed;
  const Config live = trainer->config();
  // Built aside: a failure (a data file gone, a refused setting) leaves the live run as it was.
  auto t = std::make_unique<Trainer<float>>(*c->config);
  t->loadState(c->state);
  const std::string rebuilt = t->applyConfig(live);
  trainer = std::move(t);
  subStep = 0;
  ++configVersion;  // the mirror follows the restored networks' config
  status.subStepLabel.clear();
  status.error.clear();
  status.notice = "continued from iteration " + std::to_string(c->step) + (rebuilt.empty() ? "" : ": " + rebuilt);
  {
    std::lock_guard<std::mutex> lock(timelineMu);
    timeline.truncateAfter(c->step);
    timeline.mark(c->step, MarkKind::Branch, "branch");
  }
  markConfigChange(*c->config, live, c->step);
  {
    // Rows of the abandoned future must not reach the curves; the view thread truncates its
    // history once it sees a model published after this branch.
    std::lock_guard<std::mutex> lock(mu);
    std::erase_if(pendingRows, [&](const Diagnostics& d) { return d.step > c->step; });
    ++branchCount;
    truncateFloor = std::min(truncateFloor, c->step);
  }
  viewed.reset();
  status.running = runningBeforeView;
  publish();
}

// The snapshot of a viewed checkpoint: a scratch trainer restored from it, drawn by its own
// builder (the live mirror and its samples stay as they are). Its verdict judges the curves up
// to that step; the curves it carries are the whole run's (the views mark the viewed step).
std::shared_ptr<Snapshot> Session::Impl::buildViewedSnapshot(const Published& p) {
  const Checkpoint& c = *p.viewed;
  RunStatus st = p.status;
  st.step = c.step;
  st.running = false;
  st.itersPerSecond = 0;
  st.subStepLabel.clear();
  st.diverged = false;
  st.divergence.clear();
  std::shared_ptr<Snapshot> s;
  if (scratchFor != p.viewed || !viewedBase) {
    if (!scratch || !scratchFor || scratchFor->config != c.config) {
      scratch = std::make_unique<Trainer<float>>(*c.config);
      scratchBuilder.prepare(*scratch, true, true);
    }
    scratch->loadState(c.state);
    scratchFor = p.viewed;
    scratchBuilder.history() = history;
    truncateHistory(scratchBuilder.history(), c.step);
    s = scratchBuilder.build(*scratch, st, scratch->diagnostics(), true, false);
    s->history = std::make_shared<History>(history);
    s->config.speedLimit = p.config.speedLimit;
    viewedBase = s;
    s = std::make_shared<Snapshot>(*s);
  } else {
    s = std::make_shared<Snapshot>(*viewedBase);
    static_cast<RunStatus&>(*s) = st;
    s->history = std::make_shared<History>(history);
  }
  return s;
}

void Session::Impl::rebuildMirror(const Published& p) {
  const bool fresh = !mirror || p.resetCount != mirrorResetCount;
  if (fresh || p.configVersion != mirrorConfigVersion) {
    const Config old = mirror ? mirror->config() : Config{};
    try {
      if (fresh)
        mirror = std::make_unique<Trainer<float>>(p.config);
      else
        mirror->applyConfig(p.config);
    } catch (const std::exception&) { mirror = std::make_unique<Trainer<float>>(p.config); }
    const bool dataChanged = fresh || samplesChanged(old, p.config);
    builder.prepare(*mirror, dataChanged,
                    dataChanged || fresh || mirror->objective().info().output != OutputKind::Energy);
    if (p.resetCount > historyRun) startHistory(p.resetCount);
    mirrorConfigVersion = p.configVersion;
    mirrorResetCount = p.resetCount;
    lastMetrics = Clock::time_point{};
  }
  mirror->importParams(p.params);
}

std::shared_ptr<Snapshot> Session::Impl::buildSnapshot(const Published& p, bool computeMetrics) {
  auto s = builder.build(*mirror, p.status, p.diagnostics, computeMetrics, p.resetCount == historyRun);
  s->config = p.config;  // the session's speed limit lives in the published config
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
    long long truncateAt = LLONG_MAX;
    std::vector<PendingSave> pendingSaves;
    {
      std::unique_lock<std::mutex> lock(mu);
      viewCv.wait(lock, [&] { return quit.load() || modelVersion != seen; });
      if (quit) break;
      seen = modelVersion;
      p = model;
      rows.swap(pendingRows);
      rowsRun = resetCount;
      pendingSaves.swap(saves);
      if (openedHistory) adoptHistory = std::move(openedHistory), adoptRun = openedRun;
      if (p->branchCount == branchCount) std::swap(truncateAt, truncateFloor);  // a model of the branch
    }
    try {
      if (truncateAt != LLONG_MAX) {
        truncateHistory(history, truncateAt);
        std::erase_if(heldRows, [&](const Diagnostics& d) { return d.step > truncateAt; });
      }
      rebuildMirror(*p);
      // Rows can belong to a run newer than the published model (a reset between the two):
      // they start the new run's history at once instead of being lost with the old one.
      if (rowsRun > historyRun) startHistory(rowsRun), heldRows.clear();
      // Rows run ahead of the published model: the curves end at the snapshot's own step and
      // numbers (the header and the legends show one state), later rows wait for their snapshot.
      rows.insert(rows.begin(), heldRows.begin(), heldRows.end());
      heldRows.clear();
      const bool sameRun = p->resetCount == historyRun;
      for (auto& r : rows) {
        if (sameRun && r.step > p->status.step)
          heldRows.push_back(r);
        else
          history.append(r.step, r.named());
      }
      if (sameRun && p->status.step > 0 && (history.size() == 0 || history.steps().back() < p->status.step))
        history.append(p->status.step, p->diagnostics.named());
      writeSaves(pendingSaves);
      const bool due = secondsSince(lastMetrics) >= kMetricsInterval || !p->status.running;
      if (due) lastMetrics = Clock::now();
      auto snap = p->viewed ? buildViewedSnapshot(*p) : buildSnapshot(*p, due);
      if (p->timeline) snap->timeline = *p->timeline;
      snap->timeline.liveStep = p->status.step;
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

// ---- saved sessions ----

// Training thread, between iterations: the state and config now; the view thread adds the
// curves and writes (publishing after the command wakes it).
void Session::Impl::captureSave(const std::string& path, const std::string& presetName) {
  PendingSave s;
  s.path = path;
  s.data.config = trainer->config();
  s.data.config.speedLimit = speedLimit;
  s.data.presetName = presetName;
  s.data.trainerState = trainer->saveState();
  s.step = trainer->step();
  std::lock_guard<std::mutex> lock(mu);
  s.run = resetCount;
  saves.push_back(std::move(s));
}

// View thread: the curves up to the saved step (rows held for a later snapshot included), then
// the file; the outcome goes back to the training thread's status as a command.
void Session::Impl::writeSaves(std::vector<PendingSave>& pending) {
  for (PendingSave& s : pending) {
    std::string notice, error;
    try {
      if (s.run == historyRun) {
        s.data.history = history;
        truncateHistory(s.data.history, s.step);
        for (const Diagnostics& d : heldRows)
          if (d.step <= s.step) s.data.history.append(d.step, d.named());
      }
      writeSessionFile(s.path, s.data);
      notice = "saved session " + s.path;
    } catch (const std::exception& e) { error = e.what(); }
    post([this, notice, error] {
      status.notice = notice;
      status.error = error;
    });
  }
  pending.clear();
}

// View thread: a new run's curves start empty, or with the opened session's.
void Session::Impl::startHistory(long long run) {
  if (adoptHistory && adoptRun == run)
    history = *adoptHistory;
  else
    history.clear();
  if (adoptRun <= run) adoptHistory.reset();
  historyRun = run;
}

// Training thread: everything that can fail happens on a trainer built aside.
void Session::Impl::openSession(const SessionData& data, const std::string& sourceName) {
  auto t = std::make_unique<Trainer<float>>(data.config);
  try {
    t->loadState(data.trainerState);
  } catch (const ConfigError& e) {
    throw ConfigError(sourceName.empty() ? std::string(e.what()) : sourceName + ": " + e.what());
  }
  // The backend and threads are the window's choice, not the session's: the opened run keeps them.
  t->setThreads(trainer->threads());
  if (trainer->backendName() != "cpu") t->setBackend(trainer->backendName());
  leaveView();
  deferredSave.reset();
  trainer = std::move(t);
  speedLimit = data.config.speedLimit;
  subStep = 0;
  ++configVersion;
  status.running = false;
  status.subStepLabel.clear();
  status.error.clear();
  status.notice = "opened session" + (sourceName.empty() ? std::string() : " " + sourceName) + " at iteration " +
                  std::to_string(trainer->step());
  restartTimeline(MarkKind::SessionOpened, "session");
  std::lock_guard<std::mutex> lock(mu);
  pendingRows.clear();
  ++resetCount;  // a new run for the mirror and the curves, which adopt the session's history
  openedHistory = std::make_shared<const History>(data.history);
  openedRun = resetCount;
  cfg = data.config;
}

// Training thread, between iterations. The host parameters and optimiser state are the truth
// for every backend, so a swap keeps the model; a failure puts the previous choice back.
void Session::Impl::setCompute(const std::string& backend, int threads) {
  if (threads < 1) throw ConfigError("threads must be at least 1 (got " + std::to_string(threads) + ")");
  const std::string oldBackend = trainer->backendName();
  const int oldThreads = trainer->threads();
  if (threads == oldThreads && backend == oldBackend) return;
  std::string notice;
  try {
    trainer->setThreads(threads);           // threads first: a change of it picks the CPU
    notice = trainer->setBackend(backend);  // ConfigError: bad name, or cuda not usable
  } catch (...) {
    trainer->setThreads(oldThreads);
    if (trainer->backendName() != oldBackend) trainer->setBackend(oldBackend);
    throw;
  }
  if (trainer->backendName() == "cuda") device = cudaDeviceName();
  status.error.clear();
  if (!notice.empty()) status.notice = notice;
}

Session::Session(const Config& cfg) : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.cfg = cfg;
  m.speedLimit = cfg.speedLimit;
  m.trainer = std::make_unique<Trainer<float>>(cfg);
  m.capture();
  m.publish();
  {
    // A first snapshot before the threads start, so latest() is never null.
    std::shared_ptr<const Published> p = m.model;
    m.rebuildMirror(*p);
    auto snap = m.buildSnapshot(*p, true);
    if (p->timeline) snap->timeline = *p->timeline;
    snap->timeline.liveStep = p->status.step;
    snap->version = ++m.snapshotVersion;
    m.snapshot = std::move(snap);
  }
  m.trainThread = std::thread([&m] { m.trainLoop(); });
  m.viewThread = std::thread([&m] { m.viewLoop(); });
}

Session::~Session() {
  {
    // Under the lock the threads wait with: set between a thread's check of `quit` and its
    // sleep, the wake-up would be lost and join() would wait forever (found by TSan).
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->quit = true;
  }
  impl_->trainCv.notify_all();
  impl_->viewCv.notify_all();
  if (impl_->trainThread.joinable()) impl_->trainThread.join();
  if (impl_->viewThread.joinable()) impl_->viewThread.join();
}

long long Session::setRunning(bool run) {
  return impl_->post([m = impl_.get(), run] {
    if (run) m->leaveView();
    m->status.running = run;
  });
}

long long Session::toggleRunning() {
  return impl_->post([m = impl_.get()] {
    if (!m->status.running) m->leaveView();
    m->status.running = !m->status.running;
  });
}

long long Session::stepIteration() {
  return impl_->post([m = impl_.get()] {
    m->leaveView();
    m->status.running = false;
    if (m->slowMotion) {
      m->doSubStep();
    } else {
      m->trainer->iterate();
      m->status.subStepLabel.clear();
      m->recordRow(true);
      m->capture();
    }
  });
}

long long Session::stepIterations(int n) {
  return impl_->post([m = impl_.get(), n] {
    m->leaveView();
    m->status.running = false;
    m->status.subStepLabel.clear();
    for (int i = 0; i < n && !m->trainer->diverged(); ++i) {
      m->trainer->iterate();
      m->recordRow(true);
      m->capture();
    }
  });
}

long long Session::stepCritic() {
  return impl_->post([m = impl_.get()] {
    m->leaveView();
    m->status.running = false;
    m->trainer->criticStep();
    m->status.subStepLabel = subStepCaption(m->trainer->objective().info().output, true, 1, 1);
    m->recordRow(true);  // the curves show the single step too
  });
}

long long Session::stepGenerator() {
  return impl_->post([m = impl_.get()] {
    m->leaveView();
    m->status.running = false;
    m->trainer->generatorStep();
    m->status.subStepLabel = subStepCaption(m->trainer->objective().info().output, false, 1, 1);
    m->recordRow(true);
  });
}

long long Session::reset() {
  return impl_->post([m = impl_.get()] {
    m->leaveView();
    m->trainer->reset();
    m->restartTimeline(MarkKind::Reset, "reset");
    {
      // Rows of the old run must not reach the new run's curves; the count changes under the
      // same lock so the view thread knows which run the pending rows belong to.
      std::lock_guard<std::mutex> lock(m->mu);
      m->pendingRows.clear();
      ++m->resetCount;
    }
    m->subStep = 0;
    m->status.subStepLabel.clear();
    m->status.error.clear();
    m->status.notice = "reset: fresh networks (seed " + std::to_string(m->trainer->config().seed) + ")";
  });
}

long long Session::setConfig(const Config& cfg) {
  return impl_->post([m = impl_.get(), cfg] {
    const Config before = m->trainer->config();
    m->status.notice = m->trainer->applyConfig(cfg);  // throws ConfigError: the run is untouched
    m->markConfigChange(before, m->trainer->config(), m->trainer->step());
    m->speedLimit = cfg.speedLimit;
    m->status.error.clear();
    m->subStep = 0;
    ++m->configVersion;
    std::lock_guard<std::mutex> lock(m->mu);
    m->cfg = cfg;
  });
}

long long Session::setSpeedLimit(double itersPerSecond) {
  return impl_->post([m = impl_.get(), itersPerSecond] {
    m->speedLimit = std::max(0.0, itersPerSecond);
    std::lock_guard<std::mutex> lock(m->mu);
    m->cfg.speedLimit = m->speedLimit;
  });
}

long long Session::setSlowMotion(bool on) {
  return impl_->post([m = impl_.get(), on] {
    m->slowMotion = on;
    if (!on) m->status.subStepLabel.clear();
  });
}

long long Session::setSubStepsPerSecond(double rate) {
  return impl_->post([m = impl_.get(), rate] { m->subStepRate = std::clamp(rate, 0.05, 100.0); });
}

long long Session::setCompute(const std::string& backend, int threads) {
  return impl_->post([m = impl_.get(), backend, threads] { m->setCompute(backend, threads); });
}

long long Session::viewCheckpoint(long long step) {
  return impl_->post([m = impl_.get(), step] {
    std::shared_ptr<const Checkpoint> c = m->timeline.atOrBefore(step);
    if (!c) throw ConfigError("timeline: no checkpoint at or before iteration " + std::to_string(step));
    if (!m->viewed) m->runningBeforeView = m->status.running;
    m->status.running = false;
    m->viewed = std::move(c);
  });
}

long long Session::viewLive() {
  return impl_->post([m = impl_.get()] {
    if (!m->viewed) return;
    m->viewed.reset();
    m->status.running = m->runningBeforeView;
  });
}

long long Session::branchFromViewed() {
  return impl_->post([m = impl_.get()] { m->branch(); });
}

long long Session::setTimelineInterval(int iterations) {
  return impl_->post([m = impl_.get(), iterations] {
    std::lock_guard<std::mutex> lock(m->timelineMu);
    m->timeline.setInterval(iterations);
  });
}

long long Session::setTimelineBudgetMB(double megabytes) {
  return impl_->post([m = impl_.get(), megabytes] {
    if (!std::isfinite(megabytes) || megabytes > 1 << 20)
      throw ConfigError("timeline.budget_mb: " + std::to_string(megabytes) + " is not a memory size in MB");
    std::lock_guard<std::mutex> lock(m->timelineMu);
    m->timeline.setBudget(size_t(std::max(0.0, megabytes) * double(1 << 20)));
  });
}

long long Session::saveSession(const std::string& path, const std::string& presetName) {
  return impl_->post([m = impl_.get(), path, presetName] {
    if (m->slowMotion && m->subStep != 0)
      m->deferredSave.emplace(path, presetName);  // mid-iteration: saved once it is complete
    else
      m->captureSave(path, presetName);
  });
}

long long Session::openSession(const SessionData& data, const std::string& sourceName) {
  return impl_->post([m = impl_.get(), data, sourceName] { m->openSession(data, sourceName); });
}

long long Session::openSessionFile(const std::string& path) {
  return impl_->post([m = impl_.get(), path] { m->openSession(readSessionFile(path), path); });
}

std::shared_ptr<const Checkpoint> Session::checkpointAt(long long step) const {
  std::lock_guard<std::mutex> lock(impl_->timelineMu);
  return impl_->timeline.atOrBefore(step);
}

std::shared_ptr<const Snapshot> Session::latest() const {
  std::lock_guard<std::mutex> lock(impl_->snapMu);
  return impl_->snapshot;
}

std::shared_ptr<const Snapshot> Session::waitForCommand(long long seq, double timeout) {
  std::unique_lock<std::mutex> lock(impl_->snapMu);
  impl_->snapCv.wait_for(lock, std::chrono::duration<double>(timeout),
                         [&] { return impl_->snapshot->appliedCommand >= seq; });
  return impl_->snapshot;
}

std::shared_ptr<const Snapshot> Session::waitFor(long long minStep, long long afterVersion, double timeout) {
  std::unique_lock<std::mutex> lock(impl_->snapMu);
  impl_->snapCv.wait_for(lock, std::chrono::duration<double>(timeout),
                         [&] { return impl_->snapshot->step >= minStep && impl_->snapshot->version > afterVersion; });
  return impl_->snapshot;
}

Config Session::config() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->cfg;
}

}  // namespace gs
