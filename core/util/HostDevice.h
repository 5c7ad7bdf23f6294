// GS_HD marks per-element arithmetic that runs both on the host and in CUDA kernels
// (activations, optimiser updates): one definition, so the CPU tests exercise exactly the
// arithmetic the kernels run. Empty outside nvcc.
#pragma once

#if defined(__CUDACC__)
#define GS_HD __host__ __device__
#else
#define GS_HD
#endif
