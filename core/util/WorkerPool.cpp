// WorkerPool (see WorkerPool.h).
#include "util/WorkerPool.h"

#include <algorithm>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define GS_CPU_RELAX() _mm_pause()
#else
#define GS_CPU_RELAX() std::this_thread::yield()
#endif

namespace gs {

namespace {
// How long a worker polls for the next job before it sleeps (some tens of µs of pause loops): the
// passes of one training step follow each other closer than that.
constexpr int kSpinPolls = 4000;
// How long the caller polls for the last tasks before yielding its core to whoever holds one.
constexpr int kWaitPolls = 2000;
constexpr int kMaxRound = 0xffff;

constexpr std::uint32_t jobOf(std::uint64_t s) { return std::uint32_t(s >> 32); }
constexpr int countOf(std::uint64_t s) { return int((s >> 16) & 0xffff); }
constexpr int indexOf(std::uint64_t s) { return int(s & 0xffff); }
constexpr std::uint64_t pack(std::uint32_t job, int count) { return (std::uint64_t(job) << 32) | (std::uint64_t(count) << 16); }
}  // namespace

WorkerPool::WorkerPool(int threads) {
  for (int i = 1; i < threads; ++i) workers_.emplace_back([this] { workerLoop(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lk(m_);
    stop_.store(true);
  }
  wake_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void WorkerPool::claimTasks(std::uint32_t job) {
  std::uint64_t s = state_.load(std::memory_order_acquire);
  for (;;) {
    if (jobOf(s) != job || indexOf(s) >= countOf(s)) return;
    // Read before the claim: a successful claim proves the job was still this one, so the task
    // pointer read here is this job's (the next job is published only when all tasks are done).
    const std::function<void(int)>* task = task_.load(std::memory_order_acquire);
    const int off = offset_.load(std::memory_order_acquire);
    if (!state_.compare_exchange_weak(s, s + 1, std::memory_order_acq_rel, std::memory_order_acquire)) continue;
    (*task)(off + indexOf(s));
    done_.fetch_add(1, std::memory_order_release);
    s = state_.load(std::memory_order_acquire);
  }
}

void WorkerPool::run(int n, const std::function<void(int)>& task) {
  if (n <= 0) return;
  if (workers_.empty() || n == 1) {
    for (int i = 0; i < n; ++i) task(i);
    return;
  }
  for (int offset = 0; offset < n; offset += kMaxRound) runRound(std::min(kMaxRound, n - offset), offset, task);
}

void WorkerPool::runRound(int n, int offset, const std::function<void(int)>& task) {
  task_.store(&task, std::memory_order_relaxed);
  offset_.store(offset, std::memory_order_relaxed);
  done_.store(0, std::memory_order_relaxed);
  const std::uint32_t job = jobOf(state_.load(std::memory_order_relaxed)) + 1;
  state_.store(pack(job, n), std::memory_order_seq_cst);  // publishes the stores above
  if (sleepers_.load(std::memory_order_seq_cst) > 0) {
    std::lock_guard<std::mutex> lk(m_);  // a worker between its check and its wait sees it
    wake_.notify_all();
  }
  claimTasks(job);
  for (int polls = 0; done_.load(std::memory_order_acquire) < n; ++polls) {
    if (polls < kWaitPolls)
      GS_CPU_RELAX();
    else
      std::this_thread::yield();  // the holder of the last task may need this core
  }
}

void WorkerPool::workerLoop() {
  std::uint32_t seen = 0;
  for (;;) {
    std::uint64_t s = state_.load(std::memory_order_acquire);
    for (int i = 0; i < kSpinPolls && jobOf(s) == seen; ++i) {
      GS_CPU_RELAX();
      s = state_.load(std::memory_order_acquire);
    }
    if (jobOf(s) == seen) {
      std::unique_lock<std::mutex> lk(m_);
      sleepers_.fetch_add(1, std::memory_order_seq_cst);
      wake_.wait(lk, [&] {
        return stop_.load() || jobOf(state_.load(std::memory_order_seq_cst)) != seen;
      });
      sleepers_.fetch_sub(1, std::memory_order_relaxed);
    }
    if (stop_.load()) return;
    s = state_.load(std::memory_order_acquire);
    seen = jobOf(s);
    claimTasks(seen);
  }
}

}  // namespace gs
