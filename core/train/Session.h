// Session: runs a Trainer on a background thread. The UI posts commands (applied between
// iterations) and reads the newest immutable Snapshot; neither side waits for the other.
// A second worker turns published parameters into Snapshots (fields, KDEs, metrics) so the
// cost of the views does not slow training.
#pragma once
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "config/Config.h"
#include "train/SessionFile.h"
#include "train/Snapshot.h"

namespace gs {

class Session {
 public:
  explicit Session(const Config& cfg);  // throws ConfigError for a bad config
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Commands (all asynchronous; errors show up in Snapshot::error). Each returns its
  // sequence number; Snapshot::appliedCommand reaches it once the command has taken effect.
  long long setRunning(bool run);
  long long toggleRunning();
  long long stepIteration();  // one full iteration (k critic + g generator updates)
  // n full iterations in one command, then one publication: the paced recorder's step, so
  // exactly one snapshot (with metrics) follows every n iterations whatever the thread timing,
  // and the curves hold the rows `ganscope render` records (diagnostics every iteration).
  long long stepIterations(int n);
  long long stepCritic();                          // one critic update only
  long long stepGenerator();                       // one generator update only
  long long reset();                               // fresh networks from the current config and seed
  long long setConfig(const Config& cfg);          // applied live; rebuilds what it must
  long long setSpeedLimit(double itersPerSecond);  // 0 = unlimited
  long long setSlowMotion(bool on);                // walk through an iteration's sub-steps, one per tick
  long long setSubStepsPerSecond(double rate);
  // What trains: backend "cpu" over `threads` threads (data-parallel, ParallelCpuBackend),
  // "cuda" or "auto" (Trainer::setBackend), applied between iterations on the same model: no
  // restart, no state lost. auto's fallback goes to Snapshot::notice; cuda without a usable
  // device (or threads < 1) goes to Snapshot::error and the run keeps what it had. The
  // snapshot's backend, threads and device say what is in use. A run opened from a session
  // keeps the current choice.
  long long setCompute(const std::string& backend, int threads);

  // ---- timeline: checkpoints every K iterations within a memory budget (Timeline.h) ----
  // Shows the newest checkpoint at or before `step` (Snapshot::timeline.viewedStep; its step,
  // views, numbers and verdict) and pauses the live run, which is left untouched. Play, a step
  // or a reset returns to the live run first.
  long long viewCheckpoint(long long step);
  long long viewLive();  // back to the live run, running again if it ran before
  // The viewed state becomes the run: restored from its checkpoint, then the current settings
  // applied; the step continues from the checkpoint's, the abandoned future leaves the curves
  // and the timeline, and a branch mark is added. Runs (or not) as before the scrub.
  long long branchFromViewed();
  long long setTimelineInterval(int iterations);    // K >= 1
  long long setTimelineBudgetMB(double megabytes);  // >= 1
  // The stored checkpoint at or before `step` (nullptr when none): tests and saved sessions.
  std::shared_ptr<const Checkpoint> checkpointAt(long long step) const;

  // ---- saved sessions (SessionFile.h) ----
  // Writes the run to `path` atomically: the training thread captures the trainer state at an
  // iteration boundary (in slow motion once the current iteration is complete), the view thread
  // adds its curves up to that step and writes the file. The outcome follows the command:
  // Snapshot::notice "saved session <path>", or Snapshot::error naming the file and the reason.
  long long saveSession(const std::string& path, const std::string& presetName = "");
  // Replaces the trainer, config and curves with the session's (paused at its step; the views
  // adopt its history). A session that does not fit its config -> Snapshot::error starting with
  // sourceName; the current run is kept.
  long long openSession(const SessionData& data, const std::string& sourceName = "");
  // The same from a file, read between iterations: a damaged file -> Snapshot::error
  // "<path>: <reason>", the current run kept.
  long long openSessionFile(const std::string& path);

  // Newest snapshot (never null after construction).
  std::shared_ptr<const Snapshot> latest() const;
  // Blocks until a snapshot with step >= minStep and version > afterVersion exists, or the
  // timeout passes. For tests and scripted export; the GUI never waits.
  std::shared_ptr<const Snapshot> waitFor(long long minStep, long long afterVersion, double timeoutSeconds);
  // Blocks until a snapshot shows command `seq` applied (or the timeout passes).
  std::shared_ptr<const Snapshot> waitForCommand(long long seq, double timeoutSeconds);
  Config config() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gs
