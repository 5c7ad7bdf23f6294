// A fully connected network with exact gradients for its parameters, for its input, and
// for a function of its input gradient (the double backward pass that WGAN-GP and R1 need).
// Samples are columns: X is (in x n), the output is (out x n). Templated on the scalar so
// training runs in float and gradient checks in double.
#pragma once
#include <Eigen/Core>
#include <vector>

#include "nn/Activation.h"
#include "nn/SlotCache.h"
#include "util/Rng.h"

namespace gs {

struct MlpShape {
  int in = 2;
  int out = 1;
  int width = 128;  // units in every hidden layer
  int depth = 3;    // number of hidden layers (0 = linear map)
  Activation act = Activation::ReLU;
  bool operator==(const MlpShape&) const = default;
};

template <class S>
class Mlp {
 public:
  using Mat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
  using Vec = Eigen::Matrix<S, Eigen::Dynamic, 1>;
  using MatMap = Eigen::Map<Mat>;

  explicit Mlp(const MlpShape& shape = {});
  Mlp(const Mlp& other);
  Mlp& operator=(const Mlp& other);

  const MlpShape& shape() const { return shape_; }
  static int countParams(const MlpShape& shape);
  int numParams() const { return numParams_; }
  int numLayers() const { return int(layers_.size()); }

  // Parameters and gradients live in one flat buffer each (optimisers, clipping, snapshots
  // and finite-difference checks all work on the flat view). bind() points this network at
  // external storage, e.g. a slice of an auto-encoder's buffer.
  S* params() { return p_; }
  const S* params() const { return p_; }
  S* grads() { return g_; }
  const S* grads() const { return g_; }
  void bind(S* params, S* grads);
  // As bind(), but takes the values already at `params` (a replica computing with another
  // network's parameters, e.g. one slice of a data-parallel batch).
  void attach(const S* params, S* grads);
  void zeroGrad();

  // He-uniform hidden layers and Glorot-uniform output layer, zero biases (as gan_toy.py).
  // gainOut scales the output layer (small values give a near-constant initial output).
  void init(Rng& rng, double gainOut = 1.0);
  // Copies parameter values from a network of the same shape.
  void copyParamsFrom(const Mlp& other);

  // Forward pass; caches what backward() needs. Returns (out x n).
  const Mat& forward(const Mat& X);
  // Evaluation without touching the training caches (for fields and views).
  void evaluate(const Mat& X, Mat& out, Mat& work1, Mat& work2) const;
  // Backward from dL/dY: accumulates dL/dθ into grads() (unless paramGrads is false, as
  // when the generator trains through a fixed D); writes dL/dX when dX != nullptr.
  void backward(const Mat& dY, Mat* dX, bool paramGrads = true);

  // For a scalar-output network after forward(): U(:,i) = ∂y_i/∂x_i (in x n).
  void inputGradient(Mat& U);
  // After inputGradient(): given dΦ/dU, accumulates dΦ/dθ into grads() (double backprop).
  void inputGradientBackward(const Mat& dU);

 private:
  struct Layer {
    int in, out;
    int wOffset, bOffset;
  };
  MatMap W(int l) { return MatMap(p_ + layers_[l].wOffset, layers_[l].out, layers_[l].in); }
  Eigen::Map<const Mat> W(int l) const {
    return Eigen::Map<const Mat>(p_ + layers_[l].wOffset, layers_[l].out, layers_[l].in);
  }
  Eigen::Map<Vec> b(int l) { return Eigen::Map<Vec>(p_ + layers_[l].bOffset, layers_[l].out); }
  Eigen::Map<const Vec> b(int l) const { return Eigen::Map<const Vec>(p_ + layers_[l].bOffset, layers_[l].out); }
  MatMap gW(int l) { return MatMap(g_ + layers_[l].wOffset, layers_[l].out, layers_[l].in); }
  Eigen::Map<Vec> gb(int l) { return Eigen::Map<Vec>(g_ + layers_[l].bOffset, layers_[l].out); }

  void build();

  MlpShape shape_;
  std::vector<Layer> layers_;
  int numParams_ = 0;
  Vec ownParams_, ownGrads_;
  S* p_ = nullptr;
  S* g_ = nullptr;
  bool owns_ = true;

  // Training caches. A few slots keyed by batch width, so alternating batch shapes (critic
  // step, penalty, generator step) reuse their buffers instead of reallocating.
  struct Cache {
    Mat X;
    std::vector<Mat> A, H;    // pre- and post-activation of every layer
    std::vector<Mat> G;       // backward: dL/d(pre-activation) of every layer
    std::vector<Mat> Gt, Dt;  // tangent pass of inputGradient()
    std::vector<Mat> Abar;    // adjoints of the double backward pass
    Mat dWork, gbar, dbar;
  };
  SlotCache<Cache> caches_;
  Cache* cur_ = nullptr;
};

extern template class Mlp<float>;
extern template class Mlp<double>;

}  // namespace gs
