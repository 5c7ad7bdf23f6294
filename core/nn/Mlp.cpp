// Mlp: forward, backward, input gradient and the double backward pass.
//
// Double backward (for penalties Φ(∇_x D)): with a_l = W_l h_{l-1} + b_l, h_l = σ(a_l) and
// scalar output y = a_{L-1}, the tangent pass is g_{L-1} = 1, d_l = W_{l+1}^T g_{l+1},
// g_l = σ'(a_l) ⊙ d_l, u = W_0^T g_0. Reverse-mode through that pass gives
//   W̄_0 += g_0 ū^T,  ḡ_0 = W_0 ū,
//   d̄_l = σ'(a_l) ⊙ ḡ_l,  ā_l += σ''(a_l) ⊙ d_l ⊙ ḡ_l,  W̄_{l+1} += g_{l+1} d̄_l^T,
//   ḡ_{l+1} = W_{l+1} d̄_l,
// and the ā_l then flow back through the forward pass as ordinary adjoints.
#include "nn/Mlp.h"

#include <cmath>

namespace gs {

namespace {

template <class M>
void applyActivation(Activation a, const M& A, M& H) {
  H.resize(A.rows(), A.cols());
  using S = typename M::Scalar;
  switch (a) {
    case Activation::Identity:
      H = A;
      break;
    case Activation::ReLU:
      H = A.cwiseMax(S(0));
      break;
    case Activation::LeakyReLU:
      H = (A.array() > S(0)).select(A, S(kLeakySlope) * A);
      break;
    case Activation::Tanh:
      H = A.array().tanh().matrix();
      break;
    default:
      H = A.unaryExpr([a](S v) { return activate(a, v); });
      break;
  }
}

// D *= σ'(A) elementwise.
template <class M>
void multiplyDerivative(Activation a, const M& A, M& D) {
  using S = typename M::Scalar;
  switch (a) {
    case Activation::Identity:
      break;
    case Activation::ReLU:
      D = (A.array() > S(0)).select(D, S(0));
      break;
    case Activation::LeakyReLU:
      D = (A.array() > S(0)).select(D, S(kLeakySlope) * D);
      break;
    default:
      D.array() *= A.unaryExpr([a](S v) { return activateDeriv(a, v); }).array();
      break;
  }
}

bool hasSecondDerivative(Activation a) {
  return !(a == Activation::Identity || a == Activation::ReLU || a == Activation::LeakyReLU);
}

}  // namespace

template <class S>
Mlp<S>::Mlp(const MlpShape& shape) : shape_(shape) {
  build();
}

template <class S>
Mlp<S>::Mlp(const Mlp& other) : shape_(other.shape_) {
  build();
  copyParamsFrom(other);
}

template <class S>
Mlp<S>& Mlp<S>::operator=(const Mlp& other) {
  if (this != &other) {
    shape_ = other.shape_;
    build();
    copyParamsFrom(other);
  }
  return *this;
}

template <class S>
int Mlp<S>::countParams(const MlpShape& s) {
  int total = 0, in = s.in;
  for (int l = 0; l <= s.depth; ++l) {
    int out = (l == s.depth) ? s.out : s.width;
    total += out * in + out;
    in = out;
  }
  return total;
}

template <class S>
void Mlp<S>::build() {
  layers_.clear();
  int off = 0, in = shape_.in;
  for (int l = 0; l <= shape_.depth; ++l) {
    int out = (l == shape_.depth) ? shape_.out : shape_.width;
    layers_.push_back({in, out, off, off + out * in});
    off += out * in + out;
    in = out;
  }
  numParams_ = off;
  ownParams_.setZero(numParams_);
  ownGrads_.setZero(numParams_);
  p_ = ownParams_.data();
  g_ = ownGrads_.data();
  owns_ = true;
  const size_t L = layers_.size();
  caches_ = SlotCache<Cache>();
  caches_.forEach([L](Cache& c) {
    c.A.assign(L, Mat());
    c.H.assign(L, Mat());
    c.Gt.assign(L, Mat());
    c.Dt.assign(L, Mat());
    c.Abar.assign(L, Mat());
    c.G.assign(L, Mat());
  });
  cur_ = &caches_.get(0);
}

template <class S>
void Mlp<S>::attach(const S* params, S* grads) {
  // The replica only reads its parameters (forward and backward passes).
  p_ = const_cast<S*>(params);
  g_ = grads;
  owns_ = false;
  ownParams_.resize(0);
  ownGrads_.resize(0);
}

template <class S>
void Mlp<S>::bind(S* params, S* grads) {
  // Keep the current values when re-binding from own storage.
  for (int i = 0; i < numParams_; ++i) params[i] = p_[i];
  p_ = params;
  g_ = grads;
  owns_ = false;
  ownParams_.resize(0);
  ownGrads_.resize(0);
}

template <class S>
void Mlp<S>::zeroGrad() {
  std::fill(g_, g_ + numParams_, S(0));
}

template <class S>
void Mlp<S>::init(Rng& rng, double gainOut) {
  const int L = numLayers();
  for (int l = 0; l < L; ++l) {
    const Layer& ly = layers_[l];
    const bool last = (l == L - 1);
    const double limit =
        last ? std::sqrt(3.0) * std::sqrt(2.0 / (ly.in + ly.out)) * gainOut : std::sqrt(3.0) * std::sqrt(2.0 / ly.in);
    auto w = W(l);
    for (int j = 0; j < w.cols(); ++j)
      for (int i = 0; i < w.rows(); ++i) w(i, j) = S(rng.uniform(-limit, limit));
    b(l).setZero();
  }
}

template <class S>
void Mlp<S>::copyParamsFrom(const Mlp& other) {
  std::copy(other.p_, other.p_ + numParams_, p_);
}

template <class S>
const typename Mlp<S>::Mat& Mlp<S>::forward(const Mat& X) {
  cur_ = &caches_.get(X.cols());
  Cache& c = *cur_;
  c.X = X;
  const int L = numLayers();
  for (int l = 0; l < L; ++l) {
    const Mat& in = (l == 0) ? c.X : c.H[l - 1];
    c.A[l].resize(layers_[l].out, X.cols());
    c.A[l].noalias() = W(l) * in;
    c.A[l].colwise() += b(l);
    if (l < L - 1) applyActivation(shape_.act, c.A[l], c.H[l]);
  }
  return c.A[L - 1];
}

template <class S>
void Mlp<S>::evaluate(const Mat& X, Mat& out, Mat& work1, Mat& work2) const {
  const int L = numLayers();
  const Mat* in = &X;
  for (int l = 0; l < L; ++l) {
    Mat& a = (l == L - 1) ? out : ((l % 2 == 0) ? work1 : work2);
    a.resize(layers_[l].out, X.cols());
    a.noalias() = W(l) * (*in);
    a.colwise() += b(l);
    if (l < L - 1) {
      Mat& h = a;  // activate in place
      switch (shape_.act) {
        case Activation::ReLU:
          h = h.cwiseMax(S(0));
          break;
        default:
          h = h.unaryExpr([act = shape_.act](S v) { return activate(act, v); });
          break;
      }
    }
    in = &a;
  }
}

template <class S>
void Mlp<S>::backward(const Mat& dY, Mat* dX, bool paramGrads) {
  Cache& c = *cur_;
  const int L = numLayers();
  c.G[size_t(L - 1)] = dY;
  for (int l = L - 1; l >= 0; --l) {
    const Mat& g = c.G[size_t(l)];
    const Mat& in = (l == 0) ? c.X : c.H[size_t(l - 1)];
    if (paramGrads) {
      gW(l).noalias() += g * in.transpose();
      gb(l) += g.rowwise().sum();
    }
    if (l > 0) {
      Mat& below = c.G[size_t(l - 1)];
      below.resize(layers_[l].in, g.cols());
      below.noalias() = W(l).transpose() * g;
      multiplyDerivative(shape_.act, c.A[size_t(l - 1)], below);
    } else if (dX) {
      dX->resize(layers_[0].in, g.cols());
      dX->noalias() = W(0).transpose() * g;
    }
  }
}

template <class S>
void Mlp<S>::inputGradient(Mat& U) {
  Cache& c = *cur_;
  const int L = numLayers();
  const Eigen::Index n = c.X.cols();
  c.Gt[L - 1].setOnes(layers_[L - 1].out, n);
  for (int l = L - 2; l >= 0; --l) {
    c.Dt[l].resize(layers_[l].out, n);
    c.Dt[l].noalias() = W(l + 1).transpose() * c.Gt[l + 1];
    c.Gt[l] = c.Dt[l];
    multiplyDerivative(shape_.act, c.A[l], c.Gt[l]);
  }
  U.resize(layers_[0].in, n);
  U.noalias() = W(0).transpose() * c.Gt[0];
}

template <class S>
void Mlp<S>::inputGradientBackward(const Mat& dU) {
  Cache& c = *cur_;
  const int L = numLayers();
  const Eigen::Index n = c.X.cols();
  const Activation act = shape_.act;
  const bool curved = hasSecondDerivative(act);

  // Reverse through the tangent pass.
  gW(0).noalias() += c.Gt[0] * dU.transpose();
  c.gbar.resize(layers_[0].out, n);
  c.gbar.noalias() = W(0) * dU;
  for (int l = 0; l <= L - 2; ++l) {
    c.dbar = c.gbar;
    multiplyDerivative(act, c.A[l], c.dbar);
    if (curved) {
      c.Abar[l] = c.A[l].unaryExpr([act](S v) { return activateDeriv2(act, v); });
      c.Abar[l].array() *= c.Dt[l].array() * c.gbar.array();
    }
    gW(l + 1).noalias() += c.Gt[l + 1] * c.dbar.transpose();
    if (l + 1 <= L - 2) {
      c.gbar.resize(layers_[l + 1].out, n);
      c.gbar.noalias() = W(l + 1) * c.dbar;
    }
  }
  if (!curved) return;  // piecewise-linear σ: the tangent pass has no a-dependence a.e.

  // The ā_l flow back through the forward pass (a_{L-1} has no adjoint here).
  for (int l = L - 2; l >= 0; --l) {
    if (l < L - 2) {
      c.dWork.resize(layers_[l + 1].in, n);
      c.dWork.noalias() = W(l + 1).transpose() * c.Abar[l + 1];
      multiplyDerivative(act, c.A[l], c.dWork);
      c.Abar[l] += c.dWork;
    }
    const Mat& in = (l == 0) ? c.X : c.H[l - 1];
    gW(l).noalias() += c.Abar[l] * in.transpose();
    gb(l) += c.Abar[l].rowwise().sum();
  }
}

template class Mlp<float>;
template class Mlp<double>;

}  // namespace gs
