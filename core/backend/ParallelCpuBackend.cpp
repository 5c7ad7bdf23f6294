// Data-parallel CPU backend (see ParallelCpuBackend.h).
#include "backend/ParallelCpuBackend.h"

#include <algorithm>
#include <chrono>
#include <cstdint>

namespace gs {

namespace {
// Columns below which a slice is not worth a thread: the products get too thin to pay for
// the meeting of the threads.
constexpr Eigen::Index kMinSliceCols = 32;
// Slices per thread: more than one, so a thread the OS does not schedule (the other core
// busy) holds back a small part of the pass; the others take the rest.
constexpr int kSlicesPerThread = 2;

// Columns [first, first + cols) of slice i of n columns in k slices (also parameter ranges).
inline void sliceRange(Eigen::Index n, int k, int i, Eigen::Index& first, Eigen::Index& cols) {
  first = n * i / k;
  cols = n * (i + 1) / k - first;
}
// Parameters below which a part of an optimiser step or finite check is not worth a thread.
constexpr Eigen::Index kMinParamsPerPart = 16384;
// Calls of each kind of pass between two tries of the way not taken.
constexpr int kExplore = 16;
// ... and when one way takes under kClearWinner of the other's time.
constexpr int kExploreClear = 64;
constexpr double kClearWinner = 0.7;
// Weight of the newest call in the running means.
constexpr double kMeanWeight = 0.125;
}  // namespace

template <class S>
bool ParallelCpuBackend<S>::PassTimer::chooseShared() {
  if (calls[1] < 2) return true;  // start with the threads, and time both ways first
  if (calls[0] < 2) return false;
  const bool faster = mean[1] <= mean[0];
  // A clear winner is re-tried less often: each try of the slower way costs its whole gap.
  const bool clear = std::min(mean[0], mean[1]) < kClearWinner * std::max(mean[0], mean[1]);
  if (++sinceExplore >= (clear ? kExploreClear : kExplore)) {
    sinceExplore = 0;
    return !faster;
  }
  return faster;
}

template <class S>
void ParallelCpuBackend<S>::PassTimer::record(bool shared, double seconds) {
  double& m = mean[shared];
  m = calls[shared]++ == 0 ? seconds : m + kMeanWeight * (seconds - m);
}

template <class S>
void ParallelCpuBackend<S>::runTimed(PassTimer& timer, double units, int n, const std::function<void(int)>& task) {
  const bool shared = timer.chooseShared();
  const auto t0 = std::chrono::steady_clock::now();
  if (shared)
    pool_.run(n, task);
  else
    for (int i = 0; i < n; ++i) task(i);
  timer.record(shared, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / units);
}

template <class S>
ParallelCpuBackend<S>::ParallelCpuBackend(int threads) : pool_(std::max(1, threads)) {}

template <class S>
int ParallelCpuBackend<S>::slicesFor(Eigen::Index n) const {
  if (pool_.threads() <= 1) return 1;
  return int(std::clamp<Eigen::Index>(n / kMinSliceCols, 1, Eigen::Index(kSlicesPerThread) * pool_.threads()));
}

template <class S>
template <class Shape>
typename ParallelCpuBackend<S>::Replicas& ParallelCpuBackend<S>::entry(const void* net, Eigen::Index cols,
                                                                      const S* params, int numParams,
                                                                      const Shape& shape, Shape Replicas::*field) {
  Replicas& r = replicas_[Key{net, cols}];
  // A network rebuilt at the same address (new shape, new storage) gets new replicas.
  if (r.params != params || r.numParams != numParams || !(r.*field == shape)) {
    r = Replicas{};
    r.params = params;
    r.numParams = numParams;
    r.*field = shape;
  }
  r.cols = cols;
  last_[net] = &r;
  return r;
}

template <class S>
typename ParallelCpuBackend<S>::Replicas& ParallelCpuBackend<S>::replicasOf(Mlp<S>& g, Eigen::Index cols) {
  return entry(&g, cols, g.params(), g.numParams(), g.shape(), &Replicas::genShape);
}

template <class S>
typename ParallelCpuBackend<S>::Replicas* ParallelCpuBackend<S>::replicasOf(Critic<S>& d, Eigen::Index cols) {
  if (d.shape().kind != CriticKind::Scalar) {
    last_.erase(&d);
    return nullptr;
  }
  return &entry(&d, cols, d.params().data(), d.numParams(), d.shape(), &Replicas::criticShape);
}

template <class S>
typename ParallelCpuBackend<S>::Replicas* ParallelCpuBackend<S>::lastOf(const void* net) {
  const auto it = last_.find(net);
  return it == last_.end() ? nullptr : it->second;
}

template <class S>
template <class F>
void ParallelCpuBackend<S>::forSlices(Replicas& r, Pass pass, F&& f) {
  // One captured pointer keeps the std::function in its small buffer: no allocation per pass.
  struct Job {
    Replicas& r;
    F& f;
  } job{r, f};
  const std::function<void(int)> task = [&job](int i) {
    Eigen::Index first, cols;
    sliceRange(job.r.cols, job.r.slices, i, first, cols);
    job.f(job.r.slice[size_t(i)], first, cols);
  };
  // Per column of the pass: one timer serves passes of different widths (a critic judges the
  // real and fake batch together, then the penalty's interpolates).
  runTimed(r.timers[pass], double(std::max<Eigen::Index>(1, r.cols)), r.slices, task);
}

template <class S>
void ParallelCpuBackend<S>::reduceGrads(Replicas& r, S* grads, bool critic) {
  struct Job {
    Replicas& r;
    S* grads;
    bool critic;
    int parts;
  } job{r, grads, critic, pool_.threads()};
  const std::function<void(int)> task = [&job](int t) {
    const std::int64_t n = job.r.numParams;
    Eigen::Index a, len;
    sliceRange(n, job.parts, t, a, len);
    Eigen::Map<Vec> out(job.grads + a, len);
    for (int i = 0; i < job.r.slices; ++i) {  // the slices of this pass, in order
      const Slice& s = job.r.slice[size_t(i)];
      out += (job.critic ? s.critic->grads() : s.grads).segment(a, len);
    }
  };
  runTimed(r.timers[kReduce], 1.0, job.parts, task);
}

template <class S>
int ParallelCpuBackend<S>::partsFor(Eigen::Index n) const {
  return n < kMinParamsPerPart * 2 ? 1 : int(std::min<Eigen::Index>(pool_.threads(), n / kMinParamsPerPart));
}

template <class S>
double ParallelCpuBackend<S>::parallelStep(Optimizer<S>& opt, const void* net, S* params, const S* grads,
                                          Eigen::Index n, double clip) {
  opt.beginStep(n);
  const int parts = partsFor(n);
  partNorm2_.assign(size_t(parts), 0.0);
  struct Job {
    Optimizer<S>& opt;
    S* params;
    const S* grads;
    Eigen::Index n;
    int parts;
    S clip;
    double* norm2;
  } job{opt, params, grads, n, parts, S(clip), partNorm2_.data()};
  const std::function<void(int)> task = [&job](int t) {
    Eigen::Index a, len;
    sliceRange(job.n, job.parts, t, a, len);
    job.norm2[t] = double(Eigen::Map<const Vec>(job.grads + a, len).squaredNorm());
    job.opt.updateRange(job.params, job.grads, a, len);
    if (job.clip > 0) {
      Eigen::Map<Vec> p(job.params + a, len);
      p = p.cwiseMax(-job.clip).cwiseMin(job.clip);
    }
  };
  if (parts == 1)
    task(0);
  else
    runTimed(paramTimers_[net].timer[0], 1.0, parts, task);
  double norm2 = 0;
  for (double x : partNorm2_) norm2 += x;
  return norm2;
}

template <class S>
bool ParallelCpuBackend<S>::parallelAllFinite(const void* net, const S* params, Eigen::Index n) {
  const int parts = partsFor(n);
  if (parts == 1) return Eigen::Map<const Vec>(params, n).allFinite();
  partFinite_.assign(size_t(parts), 0);
  struct Job {
    const S* params;
    Eigen::Index n;
    int parts;
    char* finite;
  } job{params, n, parts, partFinite_.data()};
  const std::function<void(int)> task = [&job](int t) {
    Eigen::Index a, len;
    sliceRange(job.n, job.parts, t, a, len);
    job.finite[t] = Eigen::Map<const Vec>(job.params + a, len).allFinite();
  };
  runTimed(paramTimers_[net].timer[1], 1.0, parts, task);
  for (char f : partFinite_)
    if (!f) return false;
  return true;
}

template <class S>
double ParallelCpuBackend<S>::step(Optimizer<S>& opt, Mlp<S>& g) {
  return parallelStep(opt, &g, g.params(), g.grads(), g.numParams(), 0);
}

template <class S>
double ParallelCpuBackend<S>::step(Optimizer<S>& opt, Critic<S>& d, double clip) {
  return parallelStep(opt, &d, d.params().data(), d.grads().data(), d.numParams(), clip);
}

template <class S>
bool ParallelCpuBackend<S>::allFinite(const Mlp<S>& g) {
  return parallelAllFinite(&g, g.params(), g.numParams());
}

template <class S>
bool ParallelCpuBackend<S>::allFinite(const Critic<S>& d) {
  return parallelAllFinite(&d, d.params().data(), d.numParams());
}

template <class S>
const typename ParallelCpuBackend<S>::Mat& ParallelCpuBackend<S>::forward(Mlp<S>& g, const Mat& z) {
  Replicas& r = replicasOf(g, z.cols());
  r.slices = slicesFor(z.cols());
  if (r.slices == 1) return g.forward(z);
  while (int(r.slice.size()) < r.slices) {
    Slice s;
    s.gen = std::make_unique<Mlp<S>>(g.shape());
    s.grads.setZero(g.numParams());
    s.gen->attach(g.params(), s.grads.data());
    r.slice.push_back(std::move(s));
  }
  r.out.resize(g.shape().out, z.cols());
  forSlices(r, kForward, [&](Slice& s, Eigen::Index first, Eigen::Index cols) {
    s.in = z.middleCols(first, cols);
    r.out.middleCols(first, cols) = s.gen->forward(s.in);
  });
  return r.out;
}

template <class S>
const typename ParallelCpuBackend<S>::Mat& ParallelCpuBackend<S>::forward(Critic<S>& d, const Mat& x) {
  Replicas* rp = replicasOf(d, x.cols());
  const int k = rp ? slicesFor(x.cols()) : 1;
  if (rp) rp->slices = k;
  if (k == 1) return d.forward(x);
  Replicas& r = *rp;
  while (int(r.slice.size()) < k) {
    Slice s;
    s.critic = d.replica();
    r.slice.push_back(std::move(s));
  }
  r.out.resize(1, x.cols());
  forSlices(r, kForward, [&](Slice& s, Eigen::Index first, Eigen::Index cols) {
    s.in = x.middleCols(first, cols);
    r.out.middleCols(first, cols) = s.critic->forward(s.in);
  });
  return r.out;
}

template <class S>
void ParallelCpuBackend<S>::backward(Mlp<S>& g, const Mat& dOut) {
  Replicas* rp = lastOf(&g);
  if (!rp || rp->slices == 1) return g.backward(dOut, nullptr);
  Replicas& r = *rp;
  forSlices(r, kBackward, [&](Slice& s, Eigen::Index first, Eigen::Index cols) {
    s.grads.setZero();
    s.dOut = dOut.middleCols(first, cols);
    s.gen->backward(s.dOut, nullptr);
  });
  reduceGrads(r, g.grads(), false);
}

template <class S>
void ParallelCpuBackend<S>::backward(Critic<S>& d, const Mat& dOut, const Mat* dCodes, Mat* dX, bool paramGrads) {
  Replicas* rp = lastOf(&d);
  if (!rp || rp->slices == 1) return d.backward(dOut, dCodes, dX, paramGrads);
  Replicas& r = *rp;
  if (dX) dX->resize(d.shape().in, r.cols);
  forSlices(r, kBackward, [&](Slice& s, Eigen::Index first, Eigen::Index cols) {
    if (paramGrads) s.critic->zeroGrad();
    s.dOut = dOut.middleCols(first, cols);
    s.critic->backward(s.dOut, nullptr, dX ? &s.dIn : nullptr, paramGrads);
    if (dX) dX->middleCols(first, cols) = s.dIn;
  });
  if (paramGrads) reduceGrads(r, d.grads().data(), true);
}

template <class S>
void ParallelCpuBackend<S>::inputGradient(Critic<S>& d, Mat& U) {
  Replicas* rp = lastOf(&d);
  if (!rp || rp->slices == 1) return d.inputGradient(U);
  Replicas& r = *rp;
  U.resize(d.shape().in, r.cols);
  forSlices(r, kInputGradient, [&](Slice& s, Eigen::Index first, Eigen::Index cols) {
    s.critic->inputGradient(s.dIn);
    U.middleCols(first, cols) = s.dIn;
  });
}

template <class S>
void ParallelCpuBackend<S>::inputGradientBackward(Critic<S>& d, const Mat& dU) {
  Replicas* rp = lastOf(&d);
  if (!rp || rp->slices == 1) return d.inputGradientBackward(dU);
  Replicas& r = *rp;
  forSlices(r, kInputGradientBackward, [&](Slice& s, Eigen::Index first, Eigen::Index cols) {
    s.critic->zeroGrad();
    s.dU = dU.middleCols(first, cols);
    s.critic->inputGradientBackward(s.dU);
  });
  reduceGrads(r, d.grads().data(), true);
}

template class ParallelCpuBackend<float>;
template class ParallelCpuBackend<double>;

}  // namespace gs
