// The CUDA backend (see CudaBackend.h): the host side, on Eigen matrices, compiled by the host
// compiler; the device side is CudaDevice.cu. Each pass mirrors Mlp.cpp's arithmetic step for
// step (same products, same order of the elementwise factors), so the CPU reference checks it.
// Without GANSCOPE_HAVE_CUDA only makeCudaBackend (nullptr, "this build has no CUDA backend"),
// cudaDeviceName ("") and cudaUnavailableReason (that reason) are built.
#include "backend/CudaBackend.h"

#if GANSCOPE_HAVE_CUDA
#include <algorithm>
#include <stdexcept>

#include "backend/CudaDevice.h"
#endif

namespace gs {

#if GANSCOPE_HAVE_CUDA

namespace {
// Activations with σ'' ≠ 0 somewhere: the double backward needs the ā pass (Mlp.cpp's rule).
bool hasSecondDerivative(Activation a) {
  return !(a == Activation::Identity || a == Activation::ReLU || a == Activation::LeakyReLU);
}
}  // namespace

template <class S>
struct CudaBackend<S>::Net {
  struct Layer {
    int in, out, wOffset, bOffset;
  };
  cuda::Stream* stream = nullptr;
  const S* hostParams = nullptr;  // what this entry mirrors, and its shape
  int numParams = 0;
  MlpShape shape;
  std::vector<Layer> layers;
  int maxOut = 0;
  S* params = nullptr;  // numParams, then the gradients: numParams
  S* grads = nullptr;
  // Pass caches for up to `cap` columns (one allocation): the input, then per layer the pre- and
  // post-activation A, H, the backward adjoints G, the tangent pass Gt, Dt and the double
  // backward's Abar; scratch gbar, dbar, dWork; io (in x cap) for dX, U and dU.
  long long cap = 0;
  S* arena = nullptr;
  S* X = nullptr;
  std::vector<S*> A, H, G, Gt, Dt, Abar;
  S *gbar = nullptr, *dbar = nullptr, *dWork = nullptr, *io = nullptr;
  long long cols = -1;   // of the last forward (-1: none yet)
  bool tangent = false;  // inputGradient ran since that forward
  Mat out;               // host copy of the last forward's output

  ~Net() {
    stream->release(arena);
    stream->release(params);
  }
  S* W(int l) const { return params + layers[size_t(l)].wOffset; }
  S* b(int l) const { return params + layers[size_t(l)].bOffset; }
  S* gW(int l) const { return grads + layers[size_t(l)].wOffset; }
  S* gb(int l) const { return grads + layers[size_t(l)].bOffset; }
  int L() const { return int(layers.size()); }

  // Room for a pass of n columns; grows only (alternating widths reuse the buffers).
  void reserve(long long n) {
    if (n <= cap) return;
    const long long c = std::max<long long>(n, 2 * cap);
    const long long in0 = layers[0].in;
    long long total = 2 * in0 * c + 3 * (long long)maxOut * c;
    for (const Layer& ly : layers) total += 6 * (long long)ly.out * c;
    stream->release(arena);
    arena = nullptr;
    cap = 0;
    arena = static_cast<S*>(stream->alloc(size_t(total) * sizeof(S)));
    cap = c;
    S* p = arena;
    auto take = [&p](long long count) {
      S* q = p;
      p += count;
      return q;
    };
    X = take(in0 * c);
    io = take(in0 * c);
    gbar = take(maxOut * c);
    dbar = take(maxOut * c);
    dWork = take(maxOut * c);
    for (int l = 0; l < L(); ++l) {
      const long long m = (long long)layers[size_t(l)].out * c;
      A[size_t(l)] = take(m);
      H[size_t(l)] = take(m);
      G[size_t(l)] = take(m);
      Gt[size_t(l)] = take(m);
      Dt[size_t(l)] = take(m);
      Abar[size_t(l)] = take(m);
    }
  }
  void uploadParams() { stream->upload(params, hostParams, size_t(numParams) * sizeof(S)); }
  void uploadGrads(const S* host) { stream->upload(grads, host, size_t(numParams) * sizeof(S)); }
  void downloadGrads(S* host) { stream->download(host, grads, size_t(numParams) * sizeof(S)); }
};

template <class S>
CudaBackend<S>::CudaBackend() : stream_(std::make_unique<cuda::Stream>()) {}

template <class S>
CudaBackend<S>::~CudaBackend() {
  nets_.clear();  // before the stream that frees their memory
}

template <class S>
typename CudaBackend<S>::Net& CudaBackend<S>::netOf(const void* key, const S* params, int numParams,
                                                    const MlpShape& shape) {
  std::unique_ptr<Net>& slot = nets_[key];
  if (slot && slot->hostParams == params && slot->numParams == numParams && slot->shape == shape) return *slot;
  slot.reset();
  auto n = std::make_unique<Net>();
  n->stream = stream_.get();
  n->hostParams = params;
  n->numParams = numParams;
  n->shape = shape;
  int off = 0, in = shape.in;
  for (int l = 0; l <= shape.depth; ++l) {
    const int out = (l == shape.depth) ? shape.out : shape.width;
    n->layers.push_back({in, out, off, off + out * in});
    n->maxOut = std::max(n->maxOut, out);
    off += out * in + out;
    in = out;
  }
  if (off != numParams)
    throw std::logic_error("CudaBackend: " + std::to_string(numParams) + " parameters do not fit the shape (" +
                           std::to_string(off) + ")");
  const size_t L = n->layers.size();
  n->A.assign(L, nullptr);
  n->H.assign(L, nullptr);
  n->G.assign(L, nullptr);
  n->Gt.assign(L, nullptr);
  n->Dt.assign(L, nullptr);
  n->Abar.assign(L, nullptr);
  n->params = static_cast<S*>(stream_->alloc(2 * size_t(numParams) * sizeof(S)));
  n->grads = n->params + numParams;
  slot = std::move(n);
  return *slot;
}

template <class S>
typename CudaBackend<S>::Net& CudaBackend<S>::lastOf(const void* key, const char* pass) {
  const auto it = nets_.find(key);
  if (it == nets_.end() || !it->second || it->second->cols < 0)
    throw std::logic_error(std::string("CudaBackend: ") + pass + " without a forward pass of that network");
  return *it->second;
}

template <class S>
const typename CudaBackend<S>::Mat& CudaBackend<S>::runForward(Net& n, const Mat& X) {
  cuda::Stream& s = *stream_;
  const int L = n.L(), cols = int(X.cols());
  if (X.rows() != n.layers[0].in)
    throw std::logic_error("CudaBackend: input of " + std::to_string(X.rows()) + " rows for a network of " +
                           std::to_string(n.layers[0].in) + " inputs");
  n.reserve(cols);
  n.uploadParams();
  s.upload(n.X, X.data(), size_t(X.size()) * sizeof(S));
  for (int l = 0; l < L; ++l) {
    const auto& ly = n.layers[size_t(l)];
    const S* in = (l == 0) ? n.X : n.H[size_t(l - 1)];
    // A_l = W_l in + b_l, H_l = σ(A_l) (not for the output layer).
    cuda::gemm<S>(s, false, false, ly.out, cols, ly.in, S(1), n.W(l), ly.out, in, ly.in, S(0), n.A[size_t(l)], ly.out);
    cuda::biasActivate<S>(s, n.shape.act, n.A[size_t(l)], n.b(l), l < L - 1 ? n.H[size_t(l)] : nullptr, ly.out, cols);
  }
  n.cols = cols;
  n.tangent = false;
  n.out.resize(n.layers.back().out, cols);
  s.download(n.out.data(), n.A[size_t(L - 1)], size_t(n.out.size()) * sizeof(S));
  return n.out;
}

template <class S>
void CudaBackend<S>::runBackward(Net& n, const Mat& dOut, Mat* dX, S* hostGrads) {
  cuda::Stream& s = *stream_;
  const int L = n.L(), cols = int(n.cols);
  if (dOut.rows() != n.layers.back().out || dOut.cols() != cols)
    throw std::logic_error("CudaBackend: backward with a " + std::to_string(dOut.rows()) + " x " +
                           std::to_string(dOut.cols()) + " adjoint after a forward pass of " + std::to_string(cols) +
                           " columns");
  const Activation act = n.shape.act;
  n.uploadParams();
  if (hostGrads) n.uploadGrads(hostGrads);
  s.upload(n.G[size_t(L - 1)], dOut.data(), size_t(dOut.size()) * sizeof(S));
  for (int l = L - 1; l >= 0; --l) {
    const auto& ly = n.layers[size_t(l)];
    const S* g = n.G[size_t(l)];
    const S* in = (l == 0) ? n.X : n.H[size_t(l - 1)];
    if (hostGrads) {
      // gW_l += G_l in^T, gb_l += Σ_columns G_l.
      cuda::gemm<S>(s, false, true, ly.out, ly.in, cols, S(1), g, ly.out, in, ly.in, S(1), n.gW(l), ly.out);
      cuda::rowSumAdd<S>(s, g, n.gb(l), ly.out, cols);
    }
    if (l > 0) {
      // G_{l-1} = (W_l^T G_l) ⊙ σ'(A_{l-1}).
      S* below = n.G[size_t(l - 1)];
      cuda::gemm<S>(s, true, false, ly.in, cols, ly.out, S(1), n.W(l), ly.out, g, ly.out, S(0), below, ly.in);
      cuda::derivTimes<S>(s, act, n.A[size_t(l - 1)], below, below, (long long)ly.in * cols, false);
    } else if (dX) {
      cuda::gemm<S>(s, true, false, ly.in, cols, ly.out, S(1), n.W(0), ly.out, g, ly.out, S(0), n.io, ly.in);
    }
  }
  if (dX) {
    dX->resize(n.layers[0].in, cols);
    s.download(dX->data(), n.io, size_t(dX->size()) * sizeof(S));
  }
  if (hostGrads) n.downloadGrads(hostGrads);
}

template <class S>
void CudaBackend<S>::runInputGradient(Net& n, Mat& U) {
  cuda::Stream& s = *stream_;
  const int L = n.L(), cols = int(n.cols);
  const Activation act = n.shape.act;
  n.uploadParams();
  // Tangent pass: Gt_{L-1} = 1, Dt_l = W_{l+1}^T Gt_{l+1}, Gt_l = Dt_l ⊙ σ'(A_l), U = W_0^T Gt_0.
  cuda::fill<S>(s, n.Gt[size_t(L - 1)], S(1), (long long)n.layers.back().out * cols);
  for (int l = L - 2; l >= 0; --l) {
    const auto& up = n.layers[size_t(l + 1)];
    cuda::gemm<S>(s, true, false, up.in, cols, up.out, S(1), n.W(l + 1), up.out, n.Gt[size_t(l + 1)], up.out, S(0),
                  n.Dt[size_t(l)], up.in);
    cuda::derivTimes<S>(s, act, n.A[size_t(l)], n.Dt[size_t(l)], n.Gt[size_t(l)], (long long)up.in * cols, false);
  }
  const auto& l0 = n.layers[0];
  cuda::gemm<S>(s, true, false, l0.in, cols, l0.out, S(1), n.W(0), l0.out, n.Gt[0], l0.out, S(0), n.io, l0.in);
  U.resize(l0.in, cols);
  s.download(U.data(), n.io, size_t(U.size()) * sizeof(S));
  n.tangent = true;
}

template <class S>
void CudaBackend<S>::runInputGradientBackward(Net& n, const Mat& dU, S* hostGrads) {
  if (!n.tangent) throw std::logic_error("CudaBackend: inputGradientBackward without inputGradient");
  cuda::Stream& s = *stream_;
  const int L = n.L(), cols = int(n.cols);
  const Activation act = n.shape.act;
  const bool curved = hasSecondDerivative(act);
  const auto& l0 = n.layers[0];
  if (dU.rows() != l0.in || dU.cols() != cols)
    throw std::logic_error("CudaBackend: dU of the wrong size for the last input gradient");
  n.uploadParams();
  n.uploadGrads(hostGrads);
  s.upload(n.io, dU.data(), size_t(dU.size()) * sizeof(S));

  // Reverse through the tangent pass (Mlp::inputGradientBackward): gW_0 += Gt_0 dU^T,
  // gbar = W_0 dU; per layer dbar = gbar ⊙ σ'(A_l), Abar_l = σ''(A_l) ⊙ (Dt_l ⊙ gbar),
  // gW_{l+1} += Gt_{l+1} dbar^T, gbar = W_{l+1} dbar.
  cuda::gemm<S>(s, false, true, l0.out, l0.in, cols, S(1), n.Gt[0], l0.out, n.io, l0.in, S(1), n.gW(0), l0.out);
  cuda::gemm<S>(s, false, false, l0.out, cols, l0.in, S(1), n.W(0), l0.out, n.io, l0.in, S(0), n.gbar, l0.out);
  for (int l = 0; l <= L - 2; ++l) {
    const auto& up = n.layers[size_t(l + 1)];
    const long long count = (long long)up.in * cols;
    cuda::derivTimes<S>(s, act, n.A[size_t(l)], n.gbar, n.dbar, count, false);
    if (curved) cuda::deriv2Times<S>(s, act, n.A[size_t(l)], n.Dt[size_t(l)], n.gbar, n.Abar[size_t(l)], count);
    cuda::gemm<S>(s, false, true, up.out, up.in, cols, S(1), n.Gt[size_t(l + 1)], up.out, n.dbar, up.in, S(1),
                  n.gW(l + 1), up.out);
    if (l + 1 <= L - 2)
      cuda::gemm<S>(s, false, false, up.out, cols, up.in, S(1), n.W(l + 1), up.out, n.dbar, up.in, S(0), n.gbar,
                    up.out);
  }
  if (curved) {
    // The Abar_l flow back through the forward pass: Abar_l += (W_{l+1}^T Abar_{l+1}) ⊙ σ'(A_l),
    // then gW_l += Abar_l in^T, gb_l += Σ_columns Abar_l.
    for (int l = L - 2; l >= 0; --l) {
      const auto& ly = n.layers[size_t(l)];
      if (l < L - 2) {
        const auto& up = n.layers[size_t(l + 1)];
        cuda::gemm<S>(s, true, false, up.in, cols, up.out, S(1), n.W(l + 1), up.out, n.Abar[size_t(l + 1)], up.out,
                      S(0), n.dWork, up.in);
        cuda::derivTimes<S>(s, act, n.A[size_t(l)], n.dWork, n.Abar[size_t(l)], (long long)up.in * cols, true);
      }
      const S* in = (l == 0) ? n.X : n.H[size_t(l - 1)];
      cuda::gemm<S>(s, false, true, ly.out, ly.in, cols, S(1), n.Abar[size_t(l)], ly.out, in, ly.in, S(1), n.gW(l),
                    ly.out);
      cuda::rowSumAdd<S>(s, n.Abar[size_t(l)], n.gb(l), ly.out, cols);
    }
  }
  n.downloadGrads(hostGrads);
}

template <class S>
const typename CudaBackend<S>::Mat& CudaBackend<S>::forward(Mlp<S>& g, const Mat& z) {
  return runForward(netOf(&g, g.params(), g.numParams(), g.shape()), z);
}

template <class S>
const typename CudaBackend<S>::Mat& CudaBackend<S>::forward(Critic<S>& d, const Mat& x) {
  if (d.shape().kind != CriticKind::Scalar) return host_.forward(d, x);  // auto-encoder: the host path
  return runForward(netOf(&d, d.params().data(), d.numParams(), criticMlp(d.shape())), x);
}

template <class S>
void CudaBackend<S>::backward(Mlp<S>& g, const Mat& dOut) {
  runBackward(lastOf(&g, "backward"), dOut, nullptr, g.grads());
}

template <class S>
void CudaBackend<S>::backward(Critic<S>& d, const Mat& dOut, const Mat* dCodes, Mat* dX, bool paramGrads) {
  if (d.shape().kind != CriticKind::Scalar) return host_.backward(d, dOut, dCodes, dX, paramGrads);
  runBackward(lastOf(&d, "backward"), dOut, dX, paramGrads ? d.grads().data() : nullptr);
}

template <class S>
void CudaBackend<S>::inputGradient(Critic<S>& d, Mat& U) {
  if (d.shape().kind != CriticKind::Scalar) return host_.inputGradient(d, U);
  runInputGradient(lastOf(&d, "inputGradient"), U);
}

template <class S>
void CudaBackend<S>::inputGradientBackward(Critic<S>& d, const Mat& dU) {
  if (d.shape().kind != CriticKind::Scalar) return host_.inputGradientBackward(d, dU);
  runInputGradientBackward(lastOf(&d, "inputGradientBackward"), dU, d.grads().data());
}

template <class S>
std::unique_ptr<Backend<S>> makeCudaBackend(std::string* why) {
  const std::string reason = cuda::probe();
  if (reason.empty()) {
    try {
      return std::make_unique<CudaBackend<S>>();
    } catch (const std::exception& e) {
      if (why) *why = e.what();
      return nullptr;
    }
  }
  if (why) *why = reason;
  return nullptr;
}

std::string cudaDeviceName() { return cuda::deviceName(); }
std::string cudaUnavailableReason() { return cuda::probe(); }

template class CudaBackend<float>;
template class CudaBackend<double>;

#else  // no CUDA in this build

template <class S>
std::unique_ptr<Backend<S>> makeCudaBackend(std::string* why) {
  if (why) *why = cudaUnavailableReason();
  return nullptr;
}

std::string cudaDeviceName() { return ""; }
std::string cudaUnavailableReason() {
  return "this build has no CUDA backend (configure with nvcc / GANSCOPE_CUDA=ON)";
}

#endif

template std::unique_ptr<Backend<float>> makeCudaBackend<float>(std::string*);
template std::unique_ptr<Backend<double>> makeCudaBackend<double>(std::string*);

}  // namespace gs
