// MlpRop: the R-operator passes of an Mlp's gradient (see MlpRop.h).
//
// With a_l = W_l h_{l-1} + b_l, h_l = σ(a_l), y = a_{L-1}, h_{-1} = X, the backward pass is
//   δ_{L-1} = ∂L/∂y,  ∇W_l = δ_l h_{l-1}^T,  ∇b_l = Σ_cols δ_l,
//   e_{l-1} = W_l^T δ_l,  δ_{l-1} = σ'(a_{l-1}) ⊙ e_{l-1},  ∂L/∂X = W_0^T δ_0.
// Applying R{·} = ∂/∂r|_{r=0} of the same expressions at θ + r v (Pearlmutter 1994, §3), with
// V_l, v_l the parts of v, and R{X} = 0 (X does not depend on θ):
//   R{a_l} = V_l h_{l-1} + W_l R{h_{l-1}} + v_l,  R{h_l} = σ'(a_l) ⊙ R{a_l},
//   R{δ_{L-1}} = ∂²L/∂y² ⊙ R{y},
//   R{∇W_l} = R{δ_l} h_{l-1}^T + δ_l R{h_{l-1}}^T,  R{∇b_l} = Σ_cols R{δ_l},
//   R{e_{l-1}} = V_l^T δ_l + W_l^T R{δ_l},
//   R{δ_{l-1}} = σ'(a_{l-1}) ⊙ R{e_{l-1}} + σ''(a_{l-1}) ⊙ R{a_{l-1}} ⊙ e_{l-1},
//   R{∂L/∂X} = V_0^T δ_0 + W_0^T R{δ_0}.
#include "nn/MlpRop.h"

namespace gs {

namespace {

// σ(A), σ'(A) and σ''(A) elementwise, with the same conventions as Mlp's backward (ReLU: 1 for
// a > 0, else 0). The piecewise-linear activations have σ'' = 0 almost everywhere: d2 is left
// empty and the tangent pass skips that term.
template <class M>
void activations(Activation act, const M& A, M& H, M& d1, M& d2) {
  using S = typename M::Scalar;
  switch (act) {
    case Activation::ReLU:
      H = A.cwiseMax(S(0));
      d1 = (A.array() > S(0)).select(M::Ones(A.rows(), A.cols()), S(0));
      d2.resize(0, 0);
      break;
    case Activation::LeakyReLU:
      H = (A.array() > S(0)).select(A, S(kLeakySlope) * A);
      d1 = (A.array() > S(0)).select(M::Ones(A.rows(), A.cols()), S(kLeakySlope));
      d2.resize(0, 0);
      break;
    case Activation::Identity:
      H = A;
      d1.setOnes(A.rows(), A.cols());
      d2.resize(0, 0);
      break;
    default:
      H = A.unaryExpr([act](S v) { return activate(act, v); });
      d1 = A.unaryExpr([act](S v) { return activateDeriv(act, v); });
      d2 = A.unaryExpr([act](S v) { return activateDeriv2(act, v); });
      break;
  }
}

}  // namespace

template <class S>
MlpRop<S>::MlpRop(const MlpShape& shape) {
  shape_.in = -1;  // force the first setShape to build
  setShape(shape);
}

template <class S>
void MlpRop<S>::setShape(const MlpShape& shape) {
  if (shape == shape_) return;
  shape_ = shape;
  layers_.clear();
  int off = 0, in = shape.in;
  for (int l = 0; l <= shape.depth; ++l) {  // Mlp::build's layout
    const int out = (l == shape.depth) ? shape.out : shape.width;
    layers_.push_back({in, out, off, off + out * in});
    off += out * in + out;
    in = out;
  }
  numParams_ = off;
  const size_t L = layers_.size();
  for (auto* v : {&A_, &H_, &d1_, &d2_, &RA_, &RH_, &D_, &RD_, &E_, &RE_}) v->assign(L, Mat());
}

template <class S>
const typename MlpRop<S>::Mat& MlpRop<S>::forward(const S* p, const Mat& X) {
  p_ = p;
  X_ = X;
  const int L = int(layers_.size());
  for (int l = 0; l < L; ++l) {
    const Mat& in = (l == 0) ? X_ : H_[size_t(l - 1)];
    Mat& a = A_[size_t(l)];
    a.resize(layers_[size_t(l)].out, X.cols());
    a.noalias() = W(p, l) * in;
    a.colwise() += b(p, l).col(0);
    if (l < L - 1) activations(shape_.act, a, H_[size_t(l)], d1_[size_t(l)], d2_[size_t(l)]);
  }
  return A_[size_t(L - 1)];
}

template <class S>
void MlpRop<S>::hessianVector(const S* v, const Mat& dY, const Mat& d2Y, S* Hv, Mat* RdX) {
  const S* p = p_;
  const int L = int(layers_.size());
  const Eigen::Index n = X_.cols();

  // Tangent of the forward pass.
  for (int l = 0; l < L; ++l) {
    const Mat& in = (l == 0) ? X_ : H_[size_t(l - 1)];
    Mat& ra = RA_[size_t(l)];
    ra.resize(layers_[size_t(l)].out, n);
    ra.noalias() = W(v, l) * in;
    if (l > 0) ra.noalias() += W(p, l) * RH_[size_t(l - 1)];
    ra.colwise() += b(v, l).col(0);
    if (l < L - 1) RH_[size_t(l)] = d1_[size_t(l)].cwiseProduct(ra);
  }

  // Backward pass and its tangent, layer by layer from the output.
  D_[size_t(L - 1)] = dY;
  RD_[size_t(L - 1)] = d2Y.cwiseProduct(RA_[size_t(L - 1)]);
  for (int l = L - 1; l >= 0; --l) {
    const Layer& ly = layers_[size_t(l)];
    const Mat& in = (l == 0) ? X_ : H_[size_t(l - 1)];
    const Mat& delta = D_[size_t(l)];
    const Mat& Rdelta = RD_[size_t(l)];
    if (Hv) {
      Eigen::Map<Mat> hW(Hv + ly.wOffset, ly.out, ly.in);
      Eigen::Map<Mat> hb(Hv + ly.bOffset, ly.out, 1);
      hW.noalias() = Rdelta * in.transpose();
      if (l > 0) hW.noalias() += delta * RH_[size_t(l - 1)].transpose();
      hb = Rdelta.rowwise().sum();
    }
    if (l > 0) {
      const size_t below = size_t(l - 1);
      Mat& e = E_[below];
      Mat& Re = RE_[below];
      e.resize(ly.in, n);
      e.noalias() = W(p, l).transpose() * delta;
      Re.resize(ly.in, n);
      Re.noalias() = W(v, l).transpose() * delta;
      Re.noalias() += W(p, l).transpose() * Rdelta;
      D_[below] = d1_[below].cwiseProduct(e);
      RD_[below] = d1_[below].cwiseProduct(Re);
      if (d2_[below].size()) RD_[below] += d2_[below].cwiseProduct(RA_[below]).cwiseProduct(e);
    } else if (RdX) {
      RdX->resize(ly.in, n);
      RdX->noalias() = W(v, 0).transpose() * delta;
      RdX->noalias() += W(p, 0).transpose() * Rdelta;
    }
  }
}

template class MlpRop<float>;
template class MlpRop<double>;

}  // namespace gs
