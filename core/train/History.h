// Curves for the plots: named series sampled at iteration numbers, bounded in length
// (old points are thinned by half when full, so a long run still fits).
#pragma once
#include <string>
#include <vector>

namespace gs {

class ByteWriter;
class ByteReader;

struct Series {
  std::string name;
  std::vector<float> values;  // aligned with History::steps; NaN = no value at that step
};

class History {
 public:
  explicit History(size_t capacity = 4096) : capacity_(capacity) {}
  // Adds one row at its place in step order (a late row slots in before newer ones); names
  // not seen before start a new series (other rows get NaN).
  void append(long long step, const std::vector<std::pair<std::string, double>>& values);
  const std::vector<long long>& steps() const { return steps_; }
  const std::vector<Series>& series() const { return series_; }
  const Series* find(const std::string& name) const;
  size_t size() const { return steps_.size(); }
  void clear();
  bool operator==(const History& o) const;  // bit for bit (NaN gaps compare equal)

  // The rows as bytes (saved sessions). read throws ConfigError on damaged bytes.
  void write(ByteWriter& w) const;
  static History read(ByteReader& r);

 private:
  void thin();
  size_t capacity_;
  std::vector<long long> steps_;
  std::vector<Series> series_;
};

}  // namespace gs
