// A small pool of worker threads for data-parallel training: run(n, task) calls task(0..n-1)
// once each, on the workers and on the calling thread, and returns when all are done. Tasks
// are claimed one at a time, so a thread the OS does not schedule (the other core busy) only
// delays the task it holds: the others go to whoever is running. Workers spin briefly after
// a job (the next one usually follows within microseconds), then sleep on a condition
// variable, so an idle pool costs nothing and a loaded core is not fought over for long.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace gs {

class WorkerPool {
 public:
  // threads - 1 workers; the caller of run() is the last thread.
  explicit WorkerPool(int threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  int threads() const { return int(workers_.size()) + 1; }
  // Calls task(i) for every i in [0, n); blocks until all have returned. Not reentrant: one
  // caller thread at a time, and tasks must not call run().
  void run(int n, const std::function<void(int)>& task);

 private:
  void workerLoop();
  void claimTasks(const std::function<void(int)>& task, int n);

  std::vector<std::thread> workers_;
  std::mutex m_;
  std::condition_variable wake_, idle_;
  bool stop_ = false;
  int busy_ = 0;  // workers inside a job (guarded by m_)
  std::atomic<std::uint64_t> generation_{0};
  const std::function<void(int)>* job_ = nullptr;  // guarded by m_
  int count_ = 0;                                  // guarded by m_
  std::atomic<int> next_{0}, done_{0};
};

}  // namespace gs
