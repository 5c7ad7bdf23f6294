// History: append rows, thin by half when full.
#include "train/History.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "util/ByteStream.h"
#include "util/Error.h"

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

bool History::operator==(const History& o) const {
  if (capacity_ != o.capacity_ || steps_ != o.steps_ || series_.size() != o.series_.size()) return false;
  for (size_t i = 0; i < series_.size(); ++i) {
    const Series &a = series_[i], &b = o.series_[i];
    if (a.name != b.name || a.values.size() != b.values.size() ||
        std::memcmp(a.values.data(), b.values.data(), sizeof(float) * a.values.size()) != 0)
      return false;
  }
  return true;
}

void History::write(ByteWriter& w) const {
  w.u64(capacity_);
  w.u64(steps_.size());
  for (long long s : steps_) w.i64(s);
  w.u64(series_.size());
  for (auto& s : series_) {
    w.str(s.name);
    w.floats(s.values.data(), s.values.size());
  }
}

History History::read(ByteReader& r) {
  const uint64_t capacity = r.u64();
  const uint64_t rows = r.u64();
  if (capacity < 2 || rows > capacity || rows > r.remaining() / 8)
    throw ConfigError(r.what() + ": curve history of " + std::to_string(rows) + " rows (capacity " +
                      std::to_string(capacity) + ") does not fit");
  History h{size_t(capacity)};
  h.steps_.resize(size_t(rows));
  for (auto& s : h.steps_) s = r.i64();
  if (!std::is_sorted(h.steps_.begin(), h.steps_.end()))
    throw ConfigError(r.what() + ": curve history rows are out of step order");
  const uint64_t count = r.u64();
  if (count > r.remaining() / 16)
    throw ConfigError(r.what() + ": " + std::to_string(count) + " curve series cannot fit");
  for (uint64_t i = 0; i < count; ++i) {
    Series s;
    s.name = r.str();
    s.values = r.floats();
    if (s.values.size() != rows)
      throw ConfigError(r.what() + ": curve series '" + s.name + "' has " + std::to_string(s.values.size()) +
                        " values for " + std::to_string(rows) + " rows");
    h.series_.push_back(std::move(s));
  }
  return h;
}

}  // namespace gs
