// Pearlmutter's R-operator (Pearlmutter 1994, "Fast exact multiplication by the Hessian") on
// an Mlp's gradient: with the parameters moved along a direction v, the exact directional
// derivatives of ∇_θ L (= H v) and of ∂L/∂X, for a loss L(y) of the outputs whose Hessian in y
// is diagonal (every GAN loss here is a sum of per-sample terms). One forward pass and one
// backward pass, each with its tangent: no finite differences, so it holds in float.
//
// It reads parameters from any flat buffer laid out as Mlp's (per layer W, column-major
// out x in, then b), so the unrolled GAN (train/UnrollReverse.h) runs it on the critic
// parameters it recorded at each unrolled step without touching the live network.
#pragma once
#include <Eigen/Core>
#include <vector>

#include "nn/Mlp.h"

namespace gs {

template <class S>
class MlpRop {
 public:
  using Mat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;

  explicit MlpRop(const MlpShape& shape = {});
  void setShape(const MlpShape& shape);  // no-op when unchanged (keeps the buffers)
  const MlpShape& shape() const { return shape_; }
  int numParams() const { return numParams_; }

  // Forward pass at parameters p (numParams, Mlp layout) on X (in x n); returns y (out x n).
  // p must stay valid until hessianVector() returns.
  const Mat& forward(const S* p, const Mat& X);
  // After forward(): given dY = ∂L/∂y and the diagonal curvature d2Y = ∂²L/∂y² (out x n each),
  // writes Hv = R{∇_θ L} = (∂∇_θ L/∂θ)·v (numParams) when Hv is given and, when RdX is given,
  // RdX = R{∂L/∂X} = (∂(∂L/∂X)/∂θ)·v (in x n).
  void hessianVector(const S* v, const Mat& dY, const Mat& d2Y, S* Hv, Mat* RdX);

 private:
  struct Layer {
    int in, out, wOffset, bOffset;
  };
  using CMap = Eigen::Map<const Mat>;
  CMap W(const S* p, int l) const { return CMap(p + layers_[size_t(l)].wOffset, layers_[size_t(l)].out, layers_[size_t(l)].in); }
  CMap b(const S* p, int l) const { return CMap(p + layers_[size_t(l)].bOffset, layers_[size_t(l)].out, 1); }

  MlpShape shape_;
  std::vector<Layer> layers_;
  int numParams_ = 0;
  const S* p_ = nullptr;
  Mat X_;
  // Forward: pre-activations A, activations H, σ'(A), σ''(A); tangent: R{A}, R{H}.
  std::vector<Mat> A_, H_, d1_, d2_, RA_, RH_;
  // Backward: δ_l = ∂L/∂a_l, e_l = ∂L/∂h_l and their tangents, one buffer per layer so the
  // shapes settle after the first call (no allocation in the training loop).
  std::vector<Mat> D_, RD_, E_, RE_;
};

extern template class MlpRop<float>;
extern template class MlpRop<double>;

}  // namespace gs
