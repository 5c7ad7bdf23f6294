// Device memory, cuBLAS products and pointwise kernels of the CUDA backend (see CudaDevice.h).
// The kernels call the GS_HD activations of nn/Activation.h: the same definitions the CPU
// reference runs.
#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <stdexcept>
#include <string>

#include "backend/CudaDevice.h"

namespace gs::cuda {

namespace {

void check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) {
    cudaGetLastError();  // clear a non-sticky error so the next call starts clean
    throw std::runtime_error(std::string("CUDA ") + what + ": " + cudaGetErrorString(e));
  }
}

void check(cublasStatus_t e, const char* what) {
  if (e != CUBLAS_STATUS_SUCCESS) throw std::runtime_error(std::string("cuBLAS ") + what + ": " + cublasGetStatusString(e));
}

constexpr int kThreads = 256;
// Grid-stride loops: enough blocks to fill the device, no more.
constexpr long long kMaxBlocks = 4096;

unsigned blocksFor(long long n) {
  const long long b = (n + kThreads - 1) / kThreads;
  return unsigned(b < kMaxBlocks ? b : kMaxBlocks);
}

template <class S>
__global__ void biasActivateKernel(Activation act, S* A, const S* b, S* H, int rows, long long n) {
  for (long long k = blockIdx.x * (long long)blockDim.x + threadIdx.x; k < n; k += (long long)gridDim.x * blockDim.x) {
    const S a = A[k] + b[k % rows];
    A[k] = a;
    if (H) H[k] = activate(act, a);
  }
}

template <class S>
__global__ void derivTimesKernel(Activation act, const S* A, const S* D, S* out, long long n, bool accumulate) {
  for (long long k = blockIdx.x * (long long)blockDim.x + threadIdx.x; k < n; k += (long long)gridDim.x * blockDim.x) {
    const S v = D[k] * activateDeriv(act, A[k]);
    out[k] = accumulate ? out[k] + v : v;
  }
}

template <class S>
__global__ void deriv2TimesKernel(Activation act, const S* A, const S* Dt, const S* gbar, S* out, long long n) {
  for (long long k = blockIdx.x * (long long)blockDim.x + threadIdx.x; k < n; k += (long long)gridDim.x * blockDim.x)
    out[k] = activateDeriv2(act, A[k]) * (Dt[k] * gbar[k]);
}

template <class S>
__global__ void fillKernel(S* p, S value, long long n) {
  for (long long k = blockIdx.x * (long long)blockDim.x + threadIdx.x; k < n; k += (long long)gridDim.x * blockDim.x)
    p[k] = value;
}

cublasOperation_t op(bool t) { return t ? CUBLAS_OP_T : CUBLAS_OP_N; }

}  // namespace

struct Stream::Impl {
  cudaStream_t stream = nullptr;
  cublasHandle_t blas = nullptr;
  // A vector of ones for the row sums (gemv), grown to the widest batch seen; one per scalar.
  void* ones[2] = {nullptr, nullptr};
  long long onesLen[2] = {0, 0};
};

std::string probe() {
  int n = 0;
  const cudaError_t e = cudaGetDeviceCount(&n);
  if (e != cudaSuccess) {
    cudaGetLastError();
    return std::string("no usable CUDA device (cudaGetDeviceCount: ") + cudaGetErrorString(e) + ")";
  }
  if (n < 1) return "no CUDA device found";
  return "";
}

std::string deviceName() {
  if (!probe().empty()) return "";
  cudaDeviceProp p{};
  if (cudaGetDeviceProperties(&p, 0) != cudaSuccess) {
    cudaGetLastError();
    return "";
  }
  return std::string(p.name) + " (sm_" + std::to_string(p.major) + std::to_string(p.minor) + ", " +
         std::to_string((unsigned long long)(p.totalGlobalMem >> 30)) + " GiB)";
}

Stream::Stream() : impl_(new Impl) {
  try {
    check(cudaSetDevice(0), "cudaSetDevice");
    check(cudaStreamCreateWithFlags(&impl_->stream, cudaStreamNonBlocking), "cudaStreamCreate");
    check(cublasCreate(&impl_->blas), "cublasCreate");
    check(cublasSetStream(impl_->blas, impl_->stream), "cublasSetStream");
    // Plain FP32/FP64 products: no TF32 tensor-core path (10-bit mantissas would miss the CPU
    // reference by ~1e-3, far outside the parity tolerance).
    check(cublasSetMathMode(impl_->blas, CUBLAS_DEFAULT_MATH), "cublasSetMathMode");
    // Out of memory shows here rather than in the first pass.
    release(alloc(1 << 20));
  } catch (...) {
    if (impl_->blas) cublasDestroy(impl_->blas);
    if (impl_->stream) cudaStreamDestroy(impl_->stream);
    delete impl_;
    throw;
  }
}

Stream::~Stream() {
  cudaStreamSynchronize(impl_->stream);
  for (void* p : impl_->ones) cudaFree(p);
  cublasDestroy(impl_->blas);
  cudaStreamDestroy(impl_->stream);
  delete impl_;
}

void* Stream::alloc(size_t bytes) {
  void* p = nullptr;
  check(cudaMalloc(&p, bytes ? bytes : 1), "cudaMalloc");
  return p;
}

void Stream::release(void* p) {
  if (!p) return;
  // The stream may still use the buffer.
  cudaStreamSynchronize(impl_->stream);
  cudaFree(p);
}

void Stream::upload(void* dst, const void* src, size_t bytes) {
  if (bytes) check(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyHostToDevice, impl_->stream), "upload");
}

void Stream::download(void* dst, const void* src, size_t bytes) {
  if (bytes) check(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDeviceToHost, impl_->stream), "download");
  check(cudaStreamSynchronize(impl_->stream), "download (synchronize)");
}

namespace {
cublasStatus_t gemmCall(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k,
                        const float* alpha, const float* A, int lda, const float* B, int ldb, const float* beta,
                        float* C, int ldc) {
  return cublasSgemm(h, ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
}
cublasStatus_t gemmCall(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k,
                        const double* alpha, const double* A, int lda, const double* B, int ldb, const double* beta,
                        double* C, int ldc) {
  return cublasDgemm(h, ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
}
cublasStatus_t gemvCall(cublasHandle_t h, int m, int n, const float* alpha, const float* A, int lda, const float* x,
                        const float* beta, float* y) {
  return cublasSgemv(h, CUBLAS_OP_N, m, n, alpha, A, lda, x, 1, beta, y, 1);
}
cublasStatus_t gemvCall(cublasHandle_t h, int m, int n, const double* alpha, const double* A, int lda,
                        const double* x, const double* beta, double* y) {
  return cublasDgemv(h, CUBLAS_OP_N, m, n, alpha, A, lda, x, 1, beta, y, 1);
}
}  // namespace

template <class S>
void gemm(Stream& s, bool tA, bool tB, int m, int n, int k, S alpha, const S* A, int lda, const S* B, int ldb,
          S beta, S* C, int ldc) {
  if (m == 0 || n == 0) return;
  check(gemmCall(s.impl().blas, op(tA), op(tB), m, n, k, &alpha, A, lda, B, ldb, &beta, C, ldc), "gemm");
}

template <class S>
void biasActivate(Stream& s, Activation act, S* A, const S* b, S* H, int rows, int cols) {
  const long long n = (long long)rows * cols;
  if (n == 0) return;
  biasActivateKernel<S><<<blocksFor(n), kThreads, 0, s.impl().stream>>>(act, A, b, H, rows, n);
  check(cudaGetLastError(), "biasActivate");
}

template <class S>
void derivTimes(Stream& s, Activation act, const S* A, const S* D, S* out, long long n, bool accumulate) {
  if (n == 0) return;
  derivTimesKernel<S><<<blocksFor(n), kThreads, 0, s.impl().stream>>>(act, A, D, out, n, accumulate);
  check(cudaGetLastError(), "derivTimes");
}

template <class S>
void deriv2Times(Stream& s, Activation act, const S* A, const S* Dt, const S* gbar, S* out, long long n) {
  if (n == 0) return;
  deriv2TimesKernel<S><<<blocksFor(n), kThreads, 0, s.impl().stream>>>(act, A, Dt, gbar, out, n);
  check(cudaGetLastError(), "deriv2Times");
}

template <class S>
void fill(Stream& s, S* p, S value, long long n) {
  if (n == 0) return;
  fillKernel<S><<<blocksFor(n), kThreads, 0, s.impl().stream>>>(p, value, n);
  check(cudaGetLastError(), "fill");
}

namespace {
// The ones vector for scalar S, at least n long.
template <class S>
const S* onesOf(Stream& s, long long n) {
  Stream::Impl& im = s.impl();
  const int i = sizeof(S) == sizeof(double) ? 1 : 0;
  if (im.onesLen[i] < n) {
    s.release(im.ones[i]);
    im.ones[i] = nullptr;
    im.onesLen[i] = 0;
    const long long len = n < 1024 ? 1024 : n;
    im.ones[i] = s.alloc(size_t(len) * sizeof(S));
    im.onesLen[i] = len;
    fill(s, static_cast<S*>(im.ones[i]), S(1), len);
  }
  return static_cast<const S*>(im.ones[i]);
}
}  // namespace

template <class S>
void rowSumAdd(Stream& s, const S* G, S* out, int rows, int cols) {
  if (rows == 0 || cols == 0) return;
  const S one = 1;
  check(gemvCall(s.impl().blas, rows, cols, &one, G, rows, onesOf<S>(s, cols), &one, out), "gemv (row sums)");
}

template void gemm<float>(Stream&, bool, bool, int, int, int, float, const float*, int, const float*, int, float,
                          float*, int);
template void gemm<double>(Stream&, bool, bool, int, int, int, double, const double*, int, const double*, int,
                           double, double*, int);
template void rowSumAdd<float>(Stream&, const float*, float*, int, int);
template void rowSumAdd<double>(Stream&, const double*, double*, int, int);
template void biasActivate<float>(Stream&, Activation, float*, const float*, float*, int, int);
template void biasActivate<double>(Stream&, Activation, double*, const double*, double*, int, int);
template void derivTimes<float>(Stream&, Activation, const float*, const float*, float*, long long, bool);
template void derivTimes<double>(Stream&, Activation, const double*, const double*, double*, long long, bool);
template void deriv2Times<float>(Stream&, Activation, const float*, const float*, const float*, float*, long long);
template void deriv2Times<double>(Stream&, Activation, const double*, const double*, const double*, double*,
                                  long long);
template void fill<float>(Stream&, float*, float, long long);
template void fill<double>(Stream&, double*, double, long long);

}  // namespace gs::cuda
