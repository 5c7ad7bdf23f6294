// How many rasteriser threads Mesa's software renderer (llvmpipe: VMs, CI, machines without a
// GPU driver) may start beside training. llvmpipe starts one thread per core at normal priority;
// on a 2-core machine they took the training core's time (calibrated-ebgan-mixture trained at
// 0.66x its headless rate with the window open, 0.93-0.98x with rasterising on the UI thread).
// Hardware drivers ignore the variable.
#pragma once

namespace gs {

// The cores left once the training threads and the UI thread have theirs: max(0, cores -
// trainingThreads - 1). 0 makes llvmpipe rasterise on the UI thread itself.
int rasterThreadsFor(int cores, int trainingThreads);

// Sets LP_NUM_THREADS to rasterThreadsFor(this machine's cores, trainingThreads) unless the user
// has set it; must run before the first GL context (Mesa reads it when its screen is created).
// Returns the value in effect.
int limitRasterThreads(int trainingThreads);

}  // namespace gs
