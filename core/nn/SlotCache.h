// A few sets of work buffers keyed by batch width. Training alternates batch shapes (critic
// step, gradient penalty, generator step); giving each its own buffers means no reallocation
// once every shape has been seen.
#pragma once
#include <Eigen/Core>
#include <array>

namespace gs {

template <class Buffers, size_t N = 4>
class SlotCache {
 public:
  // The buffers last used for this width, or the least recently used set.
  Buffers& get(Eigen::Index cols) {
    Slot* pick = &slots_[0];
    for (Slot& s : slots_) {
      if (s.cols == cols) {
        pick = &s;
        break;
      }
      if (s.used < pick->used) pick = &s;
    }
    pick->cols = cols;
    pick->used = ++tick_;
    return pick->buffers;
  }
  template <class F>
  void forEach(F f) {
    for (Slot& s : slots_) f(s.buffers);
  }

 private:
  struct Slot {
    Eigen::Index cols = -1;
    unsigned long long used = 0;
    Buffers buffers;
  };
  std::array<Slot, N> slots_{};
  unsigned long long tick_ = 0;
};

}  // namespace gs
