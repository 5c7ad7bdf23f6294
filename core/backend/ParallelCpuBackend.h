// Data-parallel CPU backend: every training pass splits the batch into a fixed number of
// column slices, each run by a replica of the network (same parameters, read in place; its
// own caches and gradients) on a WorkerPool; the slices' parameter gradients are then summed
// in slice order. Threads meet once per pass instead of once per matrix product, and the
// result depends only on the slice count, which depends only on the batch and the thread
// count: runs are deterministic for a given thread count.
//
// What it does not split (auto-encoder critics, whose codes the trainer reads from the
// network itself; narrow batches) runs on the network as CpuBackend does. Inference
// (evaluate), optimiser steps and sampling are CpuBackend's (HostAssistedBackend).
#pragma once
#include <memory>
#include <unordered_map>
#include <vector>

#include "backend/CpuBackend.h"
#include "util/WorkerPool.h"

namespace gs {

template <class S>
class ParallelCpuBackend final : public HostAssistedBackend<S> {
 public:
  using Mat = typename Backend<S>::Mat;
  using Vec = Eigen::Matrix<S, Eigen::Dynamic, 1>;

  explicit ParallelCpuBackend(int threads);
  int threads() const { return pool_.threads(); }
  // Slices a batch of n columns is split into (1 = not split).
  int slicesFor(Eigen::Index n) const;

  std::string name() const override { return "cpu"; }
  const Mat& forward(Mlp<S>& g, const Mat& z) override;
  const Mat& forward(Critic<S>& d, const Mat& x) override;
  void backward(Mlp<S>& g, const Mat& dOut) override;
  void backward(Critic<S>& d, const Mat& dOut, const Mat* dCodes, Mat* dX, bool paramGrads) override;
  void inputGradient(Critic<S>& d, Mat& U) override;
  void inputGradientBackward(Critic<S>& d, const Mat& dU) override;
  // Optimiser steps and finite checks split over the parameters (elementwise: the same bits
  // as CpuBackend's, except the squared gradient norm, summed per part in part order).
  double step(Optimizer<S>& opt, Mlp<S>& g) override;
  double step(Optimizer<S>& opt, Critic<S>& d, double clip) override;
  bool allFinite(const Mlp<S>& g) override;
  bool allFinite(const Critic<S>& d) override;

 private:
  // Who runs a pass's slices: the pool's threads, or the calling thread alone. The result is
  // the same bit for bit (same slices, same sum order); only the time differs. When the other
  // core is busy, a worker the OS does not schedule holds back the whole pass, so each kind
  // of pass keeps the running mean time of both ways and takes the faster, trying the other
  // now and then (every kExplore-th call) in case the load changed.
  struct PassTimer {
    double mean[2] = {0, 0};  // seconds per column (per call for reductions): [alone, shared]
    int calls[2] = {0, 0};
    int sinceExplore = 0;
    bool chooseShared();
    void record(bool shared, double seconds);
  };
  // The replicas of one network for one batch width, and their slice buffers (a width of its
  // own keeps every buffer at its size when passes alternate widths: no allocation per step).
  struct Slice {
    std::unique_ptr<Mlp<S>> gen;       // generator replica, or
    std::unique_ptr<Critic<S>> critic;  // critic replica
    Vec grads;                          // the generator replica's gradients
    Mat in, dOut, dU, dIn;              // this slice's columns of the pass's input and adjoints
  };
  struct Replicas {
    const S* params = nullptr;  // what the replicas are attached to, and the network's shape
    int numParams = 0;
    MlpShape genShape;
    CriticShape criticShape;
    int slices = 1;  // of the last forward (1: it ran on the network itself)
    Eigen::Index cols = 0;
    Mat out;
    std::vector<Slice> slice;
    PassTimer timers[5];  // per kind of pass (Pass below)
  };
  enum Pass { kForward, kBackward, kInputGradient, kInputGradientBackward, kReduce };
  // Timers of the per-parameter passes of one network: [step, finite check].
  struct ParamTimers {
    PassTimer timer[2];
  };
  // The replicas for a forward pass of `cols` columns, remembered as the network's last.
  Replicas& replicasOf(Mlp<S>& g, Eigen::Index cols);
  Replicas* replicasOf(Critic<S>& d, Eigen::Index cols);  // nullptr: this critic runs unsplit
  // Those of the network's last forward pass (what backward passes pair with), or nullptr.
  Replicas* lastOf(const void* net);
  template <class Shape>
  Replicas& entry(const void* net, Eigen::Index cols, const S* params, int numParams, const Shape& shape,
                  Shape Replicas::*field);
  // Runs f(slice, first column, columns) over the last forward's slices.
  template <class F>
  void forSlices(Replicas& r, Pass pass, F&& f);
  // Runs task(0..n-1), on the pool or alone, as the timer says; it records the time per unit.
  void runTimed(PassTimer& timer, double units, int n, const std::function<void(int)>& task);
  // Parts a per-parameter pass over n parameters is split into (1 = run whole, alone).
  int partsFor(Eigen::Index n) const;
  double parallelStep(Optimizer<S>& opt, const void* net, S* params, const S* grads, Eigen::Index n, double clip);
  bool parallelAllFinite(const void* net, const S* params, Eigen::Index n);
  // g += Σ slice gradients (slice order; parameter ranges spread over the threads).
  void reduceGrads(Replicas& r, S* grads, bool critic);

  WorkerPool pool_;
  struct Key {
    const void* net;
    Eigen::Index cols;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const {
      return std::hash<const void*>()(k.net) ^ (std::hash<Eigen::Index>()(k.cols) * 0x9e3779b97f4a7c15ull);
    }
  };
  std::unordered_map<Key, Replicas, KeyHash> replicas_;  // element addresses are stable
  std::unordered_map<const void*, Replicas*> last_;
  std::unordered_map<const void*, ParamTimers> paramTimers_;
  std::vector<double> partNorm2_;
  std::vector<char> partFinite_;
};

extern template class ParallelCpuBackend<float>;
extern template class ParallelCpuBackend<double>;

}  // namespace gs
