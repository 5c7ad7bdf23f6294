// See RasterThreads.h.
#include "gui/RasterThreads.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <thread>

namespace gs {

int rasterThreadsFor(int cores, int trainingThreads) {
  return std::max(0, cores - std::max(1, trainingThreads) - 1);
}

int limitRasterThreads(int trainingThreads) {
  if (const char* set = std::getenv("LP_NUM_THREADS"); set && *set) return std::atoi(set);
  const int n = rasterThreadsFor(int(std::thread::hardware_concurrency()), trainingThreads);
  setenv("LP_NUM_THREADS", std::to_string(n).c_str(), 1);
  return n;
}

}  // namespace gs
