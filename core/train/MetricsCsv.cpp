// metrics.csv (see MetricsCsv.h).
#include "train/MetricsCsv.h"

#include <cmath>
#include <cstdio>

namespace gs {

std::string csvNumber(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

std::vector<std::string> metricsCsvColumns(const Diagnostics& first, const Metrics& metrics) {
  const auto diag = first.named();
  const size_t fixed = Diagnostics::kFixedColumns;
  std::vector<std::string> cols = {"step"};
  for (size_t i = 0; i < fixed; ++i) cols.push_back(diag[i].first);
  for (auto& [name, v] : metrics.named()) cols.push_back(name);
  for (size_t i = fixed; i < diag.size(); ++i) cols.push_back(diag[i].first);
  return cols;
}

static std::string joinRow(const std::vector<std::string>& cells) {
  std::string row;
  for (size_t i = 0; i < cells.size(); ++i) row += (i ? "," : "") + cells[i];
  return row + "\n";
}

void MetricsCsv::add(long long step, const Diagnostics& d, const Metrics& m) {
  const auto diag = d.named();
  const size_t fixed = Diagnostics::kFixedColumns;
  if (text_.empty()) {
    text_ = joinRow(metricsCsvColumns(d, m));
    for (size_t i = fixed; i < diag.size(); ++i) extraKeys_.push_back(diag[i].first);
  }
  std::string row = std::to_string(step);
  for (size_t i = 0; i < fixed; ++i) row += "," + csvNumber(diag[i].second);
  for (auto& [name, v] : m.named()) row += "," + csvNumber(v);
  for (auto& key : extraKeys_) {
    double v = std::nan("");
    for (size_t i = fixed; i < diag.size(); ++i)
      if (diag[i].first == key) v = diag[i].second;
    row += "," + csvNumber(v);
  }
  text_ += row + "\n";
}

std::string metricsCsvFromHistory(const History& history, const Diagnostics& current, const Metrics& currentMetrics) {
  const std::vector<std::string> cols = metricsCsvColumns(current, currentMetrics);
  std::vector<const Series*> series(cols.size(), nullptr);
  for (size_t i = 1; i < cols.size(); ++i) series[i] = history.find(cols[i]);

  std::string out = joinRow(cols);
  const auto& steps = history.steps();
  for (size_t r = 0; r < steps.size();) {
    size_t end = r + 1;
    while (end < steps.size() && steps[end] == steps[r]) ++end;
    std::string row = std::to_string(steps[r]);
    for (size_t c = 1; c < cols.size(); ++c) {
      double v = std::nan("");
      if (series[c])
        for (size_t k = r; k < end; ++k)
          if (!std::isnan(series[c]->values[k])) v = series[c]->values[k];
      row += "," + csvNumber(v);
    }
    out += row + "\n";
    r = end;
  }
  return out;
}

}  // namespace gs
