// The device half of the CUDA backend (CudaDevice.cu, compiled by nvcc): device memory, cuBLAS
// products and the pointwise kernels, on raw column-major pointers. Neither Eigen nor a CUDA
// header appears here, so CudaBackend.cpp (the Backend, on Eigen matrices) is compiled by the
// host compiler and nvcc never sees Eigen. Only built when GANSCOPE_HAVE_CUDA.
//
// Everything runs in order on one stream; download() waits for it. Failures throw
// std::runtime_error naming the CUDA or cuBLAS call and its error string.
#pragma once
#include <cstddef>
#include <string>

#include "nn/Activation.h"

namespace gs::cuda {

// Why no CUDA device can be used: "" when device 0 can be, else the reason (no driver, a driver
// too old for this runtime, no device), from cudaGetDeviceCount.
std::string probe();
// Device 0's name, compute capability and memory, e.g. "NVIDIA H200 (sm_90, 143 GiB)"; "" when
// there is none.
std::string deviceName();

// One CUDA stream and a cuBLAS handle bound to it (device 0).
class Stream {
 public:
  Stream();  // throws std::runtime_error (no device, out of memory, cuBLAS init)
  ~Stream();
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  void* alloc(size_t bytes);  // throws std::runtime_error on out of memory
  void release(void* p);      // nullptr is fine
  void upload(void* dst, const void* src, size_t bytes);
  void download(void* dst, const void* src, size_t bytes);  // returns when the data is on the host

  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  Impl* impl_;
};

// C = alpha op(A) op(B) + beta C, column-major, op = transpose when tA / tB (cublas<t>gemm).
template <class S>
void gemm(Stream& s, bool tA, bool tB, int m, int n, int k, S alpha, const S* A, int lda, const S* B, int ldb,
          S beta, S* C, int ldc);
// A(:, j) += b for every column j; then H = σ(A) elementwise when H != nullptr.
template <class S>
void biasActivate(Stream& s, Activation act, S* A, const S* b, S* H, int rows, int cols);
// out = D ⊙ σ'(A) (out may be D), or out += D ⊙ σ'(A) when accumulate.
template <class S>
void derivTimes(Stream& s, Activation act, const S* A, const S* D, S* out, long long n, bool accumulate);
// out = σ''(A) ⊙ (Dt ⊙ gbar) (the double backward's ā).
template <class S>
void deriv2Times(Stream& s, Activation act, const S* A, const S* Dt, const S* gbar, S* out, long long n);
// out(i) += Σ_j G(i, j) for a rows x cols G (bias gradients).
template <class S>
void rowSumAdd(Stream& s, const S* G, S* out, int rows, int cols);
// p[0..n) = value.
template <class S>
void fill(Stream& s, S* p, S value, long long n);

}  // namespace gs::cuda
