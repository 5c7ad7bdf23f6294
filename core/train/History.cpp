// History: append rows, thin by half when full.
#include "train/History.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gs {

void History::append(long long step, const std::vector<std::pair<std::string, double>>& values) {
  if (steps_.size() >= capacity_) thin();
  // Rows stay sorted by step: metrics of a published model can arrive after diagnostics rows
  // of later iterations, and the curves look steps up by binary search.
  const size_t row = size_t(std::upper_bound(steps_.begin(), steps_.end(), step) - steps_.begin());
  steps_.insert(steps_.begin() + std::ptrdiff_t(row), step);
  for (auto& s : series_)
    s.values.insert(s.values.begin() + std::ptrdiff_t(row), std::numeric_limits<float>::quiet_NaN());
  for (auto& [name, value] : values) {
    Series* s = nullptr;
    for (auto& t : series_)
      if (t.name == name) s = &t;
    if (!s) {
      series_.push_back({name, std::vector<float>(steps_.size(), std::numeric_limits<float>::quiet_NaN())});
      s = &series_.back();
    }
    s->values[row] = float(value);
  }
}

const Series* History::find(const std::string& name) const {
  for (auto& s : series_)
    if (s.name == name) return &s;
  return nullptr;
}

void History::clear() {
  steps_.clear();
  series_.clear();
}

// Keeps every second row, merging a row's values into the kept one where it has none, so
// sparse series (metrics evaluated now and then) survive thinning.
void History::thin() {
  const size_t n = steps_.size();
  size_t w = 0;
  for (size_t r = 0; r + 1 < n; r += 2, ++w) {
    steps_[w] = steps_[r + 1];
    for (auto& s : series_) {
      const float a = s.values[r], b = s.values[r + 1];
      s.values[w] = std::isnan(b) ? a : b;
    }
  }
  if (n % 2) {
    steps_[w] = steps_[n - 1];
    for (auto& s : series_) s.values[w] = s.values[n - 1];
    ++w;
  }
  steps_.resize(w);
  for (auto& s : series_) s.values.resize(w);
}

}  // namespace gs
