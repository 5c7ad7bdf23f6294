// metrics.csv, one piece of code for `ganscope train` and the window's CSV export: step, the
// fixed diagnostics, the metrics, then the objective's own columns (state, mixture weights).
#pragma once
#include <string>
#include <vector>

#include "train/Diagnostics.h"
#include "train/History.h"
#include "train/Metrics.h"

namespace gs {

// A CSV cell: "%.9g", or nan / inf / -inf.
std::string csvNumber(double v);

// The column names for a run whose diagnostics look like `first`: "step", the fixed
// diagnostics, every metric (named as `metrics` names them: w1 in 1-D, sw1 in 2-D), then
// `first`'s state keys and mixture weights.
std::vector<std::string> metricsCsvColumns(const Diagnostics& first, const Metrics& metrics = Metrics{});

// The table `train` writes, a row per evaluation. Columns are fixed by the first row (state
// keys are known by then); a key that later disappears is written as nan, a new one is left out.
class MetricsCsv {
 public:
  void add(long long step, const Diagnostics& d, const Metrics& m);
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::vector<std::string> extraKeys_;
};

// The same table from a run's curve history (the window's export): `current` (the snapshot's
// diagnostics) fixes the objective's columns as train's first row does, so the columns are
// train's for the same config; series the history holds beyond them are left out. One row per
// step the history holds (rows of one step merged), nan where a value is missing.
std::string metricsCsvFromHistory(const History& history, const Diagnostics& current,
                                  const Metrics& currentMetrics = Metrics{});

}  // namespace gs
