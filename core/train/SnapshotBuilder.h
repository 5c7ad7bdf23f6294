// SnapshotBuilder: turns a trainer's current parameters into the Snapshot the views draw
// (samples, fields, metrics, curve history, verdict). Thread-free: Session's view thread owns
// one and drives it on its mirror of the model; `ganscope render` and the window's recorder
// drive one on an inline Trainer, so every picture of a run comes from the same code.
#pragma once
#include <memory>

#include "field/FieldBuilder.h"
#include "train/History.h"
#include "train/Metrics.h"
#include "train/Snapshot.h"
#include "train/Trainer.h"

namespace gs {

// True when a config change needs fresh display and evaluation samples (new data, latent
// prior or evaluation size).
bool samplesChanged(const Config& before, const Config& after);

class SnapshotBuilder {
 public:
  explicit SnapshotBuilder(size_t historyCapacity = 4096) : history_(historyCapacity) {}

  // Call after building or reconfiguring the trainer: freshSamples draws new display and
  // evaluation sets (always on the first call), restartLangevin starts the particles again.
  void prepare(const Trainer<float>& t, bool freshSamples, bool restartLangevin);
  // The snapshot of t now, with the given run status and diagnostics (s.version is the
  // caller's). computeMetrics evaluates the metrics (else the last ones are shown again);
  // recordMetrics appends a computed evaluation to the history at status.step.
  std::shared_ptr<Snapshot> build(Trainer<float>& t, const RunStatus& status, const Diagnostics& diag,
                                  bool computeMetrics, bool recordMetrics = true);

  History& history() { return history_; }
  const History& history() const { return history_; }
  const Metrics& metrics() const { return metrics_; }

 private:
  bool prepared_ = false;
  FieldBuilder fields_;
  EvalSet metricsSet_;
  Metrics metrics_;
  History history_;
};

}  // namespace gs
