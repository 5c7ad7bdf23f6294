// The CUDA backend: the training passes of the scalar MLP critic and the generator on the GPU
// (cuBLAS products; bias, activation and derivative kernels calling nn/Activation.h's GS_HD
// functions, see CudaDevice.h). Everything else runs on the host as CpuBackend does: the
// auto-encoder critic's passes, inference (evaluate), optimiser steps, clamping, the finite
// checks and sampling (which must draw the same numbers anyway).
//
// First version, correctness before speed: the host parameters stay the truth. Each pass
// uploads the network's parameters (the CPU passes read the host W when they run), a backward
// pass uploads the host gradients, accumulates into them on the device and downloads them, and
// every pass downloads its result (the Trainer reads outputs, input gradients and parameter
// gradients on the host). Next step: parameters and optimiser state resident on the device
// (steps as kernels on optim/OptimizerUpdate.h), uploaded only when the host changes them.
#pragma once
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "backend/Backend.h"
#include "backend/CpuBackend.h"

namespace gs {

// A CUDA backend, or nullptr with the reason in *why (this build has no CUDA backend, no
// driver, no device, out of memory).
template <class S>
std::unique_ptr<Backend<S>> makeCudaBackend(std::string* why);
// Device 0 as "name (sm_XY, N GiB)"; "" without CUDA (build or device).
std::string cudaDeviceName();
// Why --backend cuda cannot be used here ("" when a device is there): no CUDA in this build, no
// driver, no device. Cheap (no context, no allocation), for a GUI to say so before anyone asks;
// out of memory still shows only when makeCudaBackend tries.
std::string cudaUnavailableReason();

#if GANSCOPE_HAVE_CUDA
namespace cuda {
class Stream;
}

template <class S>
class CudaBackend final : public HostAssistedBackend<S> {
 public:
  using Mat = typename Backend<S>::Mat;

  CudaBackend();  // throws std::runtime_error; makeCudaBackend catches it
  ~CudaBackend() override;

  std::string name() const override { return "cuda"; }
  const Mat& forward(Mlp<S>& g, const Mat& z) override;
  const Mat& forward(Critic<S>& d, const Mat& x) override;
  void backward(Mlp<S>& g, const Mat& dOut) override;
  void backward(Critic<S>& d, const Mat& dOut, const Mat* dCodes, Mat* dX, bool paramGrads) override;
  void inputGradient(Critic<S>& d, Mat& U) override;
  void inputGradientBackward(Critic<S>& d, const Mat& dU) override;

  // Gradient zeroing (gradients live on the host), inference, steps, checks, sampling: the
  // host reference (HostAssistedBackend).

 private:
  struct Net;  // device copies of one network: parameters, gradients, the pass caches
  // The device state of network `key` (a generator or a scalar critic, seen as the MLP whose
  // flat parameters it holds), rebuilt when the network was rebuilt (storage, size, shape).
  Net& netOf(const void* key, const S* params, int numParams, const MlpShape& shape);
  Net& lastOf(const void* key, const char* pass);  // throws std::logic_error without a forward
  const Mat& runForward(Net& n, const Mat& X);
  void runBackward(Net& n, const Mat& dOut, Mat* dX, S* hostGrads);
  void runInputGradient(Net& n, Mat& U);
  void runInputGradientBackward(Net& n, const Mat& dU, S* hostGrads);
  static MlpShape criticMlp(const CriticShape& s) { return MlpShape{s.in, 1, s.width, s.depth, s.act}; }

  std::unique_ptr<cuda::Stream> stream_;
  std::unordered_map<const void*, std::unique_ptr<Net>> nets_;
  using HostAssistedBackend<S>::host_;
};

extern template class CudaBackend<float>;
extern template class CudaBackend<double>;
#endif

}  // namespace gs
