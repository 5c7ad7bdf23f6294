// SnapshotBuilder: one code path from a model to the views' snapshot.
#include "train/SnapshotBuilder.h"

#include "train/Verdict.h"

namespace gs {

bool samplesChanged(const Config& before, const Config& after) {
  return !(before.data == after.data) || before.latentDim != after.latentDim || before.latentDist != after.latentDist ||
         before.evalSamples != after.evalSamples;
}

void SnapshotBuilder::prepare(const Trainer<float>& t, bool freshSamples, bool restartLangevin) {
  const Config& c = t.config();
  if (freshSamples || !prepared_) {
    fields_.resetSamples(t, c);
    metricsSet_ = makeEvalSet(t, c.evalSamples, c.seed + 2);
    restartLangevin = true;
  }
  if (restartLangevin) fields_.restartLangevin();
  prepared_ = true;
}

std::shared_ptr<Snapshot> SnapshotBuilder::build(Trainer<float>& t, const RunStatus& status, const Diagnostics& diag,
                                                 bool computeMetrics, bool recordMetrics) {
  if (!prepared_) prepare(t, true, true);
  auto s = std::make_shared<Snapshot>();
  const Distribution& data = t.data();
  static_cast<RunStatus&>(*s) = status;  // the backend too: t can be a mirror, not the trainer that trains
  s->config = t.config();
  s->objective = t.objective().info();
  s->objectiveParams = t.objective().params();
  s->dim = data.dim();
  s->box = data.bounds();
  s->diagnostics = diag;
  s->modes = data.modes();

  if (!status.diverged) {
    fields_.build(t, s->config, *s);
    if (computeMetrics) {
      Eigen::MatrixXd fake;
      metrics_ = evaluateMetrics(t, metricsSet_, fake);
      if (recordMetrics) history_.append(status.step, metrics_.named());
    }
    s->metrics = metrics_;
    // One evaluation, one number: the coverage bars, the captured/missed rings and the header
    // all show the metrics evaluation (evalSamples generated points), never the display batch.
    s->coverage = metrics_.coverage;
  } else {
    s->real = fields_.displayReal();
  }
  s->history = std::make_shared<History>(history_);
  const Verdict v = judgeConvergence(*s);
  s->verdict = v.headline;
  s->verdictDetail = v.detail;
  return s;
}

}  // namespace gs
