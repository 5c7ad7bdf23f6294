#include "train/ReplayBuffer.h"

#include <algorithm>
#include <string>

#include "util/ByteStreamEigen.h"
#include "util/Error.h"

namespace gs {

template <class S>
void ReplayBuffer<S>::configure(int capacity, int dim) {
  capacity = std::max(capacity, 1);
  if (dim == this->dim() && capacity == this->capacity()) return;
  Mat kept(dim, capacity);
  int n = 0;
  if (dim == this->dim()) {
    n = std::min(size_, capacity);
    for (int k = 0; k < n; ++k) kept.col(k) = point(size_ - n + k);  // the newest n, oldest first
  }
  points_ = std::move(kept);
  size_ = n;
  next_ = n % capacity;
}

template <class S>
void ReplayBuffer<S>::push(const Mat& x) {
  const int cap = capacity();
  if (cap == 0 || x.rows() != dim()) return;
  // More points than fit: only the last `cap` can survive.
  const Eigen::Index from = std::max<Eigen::Index>(0, x.cols() - cap);
  for (Eigen::Index k = from; k < x.cols(); ++k) {
    points_.col(next_) = x.col(k);
    next_ = (next_ + 1) % cap;
    size_ = std::min(size_ + 1, cap);
  }
}

template <class S>
void ReplayBuffer<S>::draw(Rng& rng, Mat& x, int first, int count) const {
  for (int k = 0; k < count; ++k) {
    const int pick = int(rng.below(uint64_t(size_)));
    x.col(first + k) = point(pick);
  }
}

template <class S>
void ReplayBuffer<S>::saveState(ByteWriter& w) const {
  w.i32(dim());
  w.i32(capacity());
  w.i32(size_);
  // Oldest first, so the layout does not depend on where the ring happens to start.
  Eigen::Matrix<S, Eigen::Dynamic, 1> flat(Eigen::Index(dim()) * size_);
  for (int k = 0; k < size_; ++k) flat.segment(Eigen::Index(k) * dim(), dim()) = point(k);
  writeVector(w, flat);
}

template <class S>
void ReplayBuffer<S>::loadState(ByteReader& r, const char* what) {
  const int d = r.i32(), cap = r.i32(), n = r.i32();
  Eigen::Matrix<S, Eigen::Dynamic, 1> flat;
  readVector(r, flat);
  if (d != dim() || cap != capacity())
    throw ConfigError(std::string("the saved trainer state does not fit this config: ") + what + " holds " +
                      std::to_string(cap) + " points of dimension " + std::to_string(d) + ", this config " +
                      std::to_string(capacity()) + " of dimension " + std::to_string(dim()));
  if (n < 0 || n > cap || flat.size() != Eigen::Index(n) * d)
    throw ConfigError(std::string("trainer state: ") + what + " is damaged (" + std::to_string(n) + " points, " +
                      std::to_string(flat.size()) + " numbers)");
  for (int k = 0; k < n; ++k) points_.col(k) = flat.segment(Eigen::Index(k) * d, d);
  size_ = n;
  next_ = n % cap;
}

template class ReplayBuffer<float>;
template class ReplayBuffer<double>;

}  // namespace gs
