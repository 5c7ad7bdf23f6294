// WorkerPool (see WorkerPool.h).
#include "util/WorkerPool.h"

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
}  // namespace

WorkerPool::WorkerPool(int threads) {
  for (int i = 1; i < threads; ++i) workers_.emplace_back([this] { workerLoop(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lk(m_);
    stop_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void WorkerPool::claimTasks(const std::function<void(int)>& task, int n) {
  for (int i; (i = next_.fetch_add(1, std::memory_order_relaxed)) < n;) {
    task(i);
    done_.fetch_add(1, std::memory_order_release);
  }
}

void WorkerPool::run(int n, const std::function<void(int)>& task) {
  if (n <= 0) return;
  if (workers_.empty() || n == 1) {
    for (int i = 0; i < n; ++i) task(i);
    return;
  }
  {
    // A worker still leaving the previous job reads next_: publish only when all have left.
    std::unique_lock<std::mutex> lk(m_);
    idle_.wait(lk, [&] { return busy_ == 0; });
    job_ = &task;
    count_ = n;
    next_.store(0, std::memory_order_relaxed);
    done_.store(0, std::memory_order_relaxed);
    generation_.fetch_add(1, std::memory_order_release);
  }
  wake_.notify_all();
  claimTasks(task, n);
  for (int polls = 0; done_.load(std::memory_order_acquire) < n; ++polls) {
    if (polls < kWaitPolls)
      GS_CPU_RELAX();
    else
      std::this_thread::yield();  // the holder of the last task may need this core
  }
}

void WorkerPool::workerLoop() {
  std::uint64_t seen = 0;
  for (;;) {
    for (int i = 0; i < kSpinPolls && generation_.load(std::memory_order_acquire) == seen; ++i) GS_CPU_RELAX();
    const std::function<void(int)>* job;
    int n;
    {
      std::unique_lock<std::mutex> lk(m_);
      wake_.wait(lk, [&] { return stop_ || generation_.load(std::memory_order_relaxed) != seen; });
      if (stop_) return;
      seen = generation_.load(std::memory_order_relaxed);
      job = job_;
      n = count_;
      ++busy_;
    }
    claimTasks(*job, n);
    {
      std::lock_guard<std::mutex> lk(m_);
      if (--busy_ == 0) idle_.notify_one();
    }
  }
}

}  // namespace gs
