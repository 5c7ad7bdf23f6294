// A small pool of worker threads for data-parallel training: run(n, task) calls task(0..n-1)
// once each, on the workers and on the calling thread, and returns when all are done. Tasks
// are claimed one at a time, so a thread the OS does not schedule (the other core busy) only
// delays the task it holds: the others go to whoever is running.
//
// The hot path takes no lock. A job is published as one 64-bit word (job number, task count,
// next task index); a thread claims a task by a compare-and-swap on that word, so a worker
// still on a finished job can never claim a task of the next one. Workers spin briefly after a
// job (the next one usually follows within microseconds), then sleep on a condition variable,
// so an idle pool costs nothing and a loaded core is not fought over for long.
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
  // caller thread at a time, and tasks must not call run(). n above 65535 runs in rounds.
  void run(int n, const std::function<void(int)>& task);

 private:
  void workerLoop();
  // Claims and runs tasks of job `job` until none is left.
  void claimTasks(std::uint32_t job);
  void runRound(int n, int offset, const std::function<void(int)>& task);

  std::vector<std::thread> workers_;
  // state_: job number (high 32 bits) | task count (16 bits) | next task index (low 16 bits).
  std::atomic<std::uint64_t> state_{0};
  std::atomic<const std::function<void(int)>*> task_{nullptr};
  std::atomic<int> offset_{0};
  std::atomic<int> done_{0};
  // Sleeping workers: the caller notifies only when some are asleep.
  std::mutex m_;
  std::condition_variable wake_;
  std::atomic<int> sleepers_{0};
  std::atomic<bool> stop_{false};
};

}  // namespace gs
