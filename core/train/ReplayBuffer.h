// A bounded store of past points, first in first out: the "experience replay" of earlier
// generators' fakes (train.replay), the persistent Langevin chains of a contrastive-divergence
// energy model and the recent sampler output that stands in for an absent generator. Its
// contents are part of the trainer's state, so saved sessions resume bit for bit.
#pragma once
#include <Eigen/Core>

#include "util/Rng.h"

namespace gs {

class ByteWriter;
class ByteReader;

template <class S>
class ReplayBuffer {
 public:
  using Mat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;

  // Room for `capacity` points of `dim` coordinates. A new dimension empties the buffer; a new
  // capacity keeps the newest points that fit.
  void configure(int capacity, int dim);
  void clear() { size_ = next_ = 0; }
  int capacity() const { return int(points_.cols()); }
  int size() const { return size_; }
  int dim() const { return int(points_.rows()); }

  // Appends the columns of x; when full, the oldest points leave first.
  void push(const Mat& x);
  // Overwrites columns [first, first + count) of x with points drawn uniformly (with
  // replacement) from the buffer; count ≤ size().
  void draw(Rng& rng, Mat& x, int first, int count) const;
  // The k-th point, oldest first (k < size()).
  auto point(int k) const { return points_.col((start() + k) % capacity()); }
  // Writable column of the k-th point (persistent chains are updated in place).
  auto point(int k) { return points_.col((start() + k) % capacity()); }

  void saveState(ByteWriter& w) const;
  // Throws ConfigError (naming `what`) when the saved buffer has another dimension or capacity.
  void loadState(ByteReader& r, const char* what);

 private:
  int start() const { return size_ < capacity() ? 0 : next_; }
  Mat points_;  // dim x capacity, a ring: next_ is where the next point goes
  int size_ = 0, next_ = 0;
};

extern template class ReplayBuffer<float>;
extern template class ReplayBuffer<double>;

}  // namespace gs
