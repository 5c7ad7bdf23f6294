// The discriminator seen by the trainer: one scalar per sample (a logit, a critic value or
// an energy), exact gradients for parameters and input. Two kinds: a plain MLP, and an
// auto-encoder whose scalar is the reconstruction error (energy-based objectives).
#pragma once
#include <Eigen/Core>
#include <memory>

#include "nn/Mlp.h"

namespace gs {

enum class CriticKind { Scalar, AutoEncoder };

// Reconstruction error per sample: mean over coordinates of (r - x)^2 (EBGAN) or |r - x|
// (BEGAN, protocols.md B8).
enum class ReconstructionNorm { L2, L1 };

struct CriticShape {
  CriticKind kind = CriticKind::Scalar;
  int in = 2;
  int width = 128;
  int depth = 3;  // hidden layers of the MLP; for the auto-encoder, of encoder and decoder each
  Activation act = Activation::ReLU;
  int codeDim = 8;  // auto-encoder bottleneck
  ReconstructionNorm norm = ReconstructionNorm::L2;
  bool operator==(const CriticShape&) const = default;
};

template <class S>
class Critic {
 public:
  using Mat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
  using Vec = Eigen::Matrix<S, Eigen::Dynamic, 1>;

  virtual ~Critic() = default;
  virtual const CriticShape& shape() const = 0;
  virtual std::unique_ptr<Critic> clone() const = 0;

  Vec& params() { return params_; }
  const Vec& params() const { return params_; }
  Vec& grads() { return grads_; }
  void zeroGrad() { grads_.setZero(); }
  int numParams() const { return int(params_.size()); }

  virtual void init(Rng& rng) = 0;
  // A critic computing with this one's parameters (read in place, never copied) with its own
  // gradients and caches, for data-parallel passes over slices of a batch; nullptr when the
  // kind offers none. Its params() is empty; it lives no longer than this critic's storage.
  virtual std::unique_ptr<Critic> replica() const { return nullptr; }
  // One value per sample, (1 x n). Caches what backward() needs.
  virtual const Mat& forward(const Mat& X) = 0;
  // Accumulates parameter gradients (when paramGrads) from dL/dout (1 x n) and, for
  // auto-encoders, dL/dcodes; writes dL/dX when dX != nullptr.
  virtual void backward(const Mat& dOut, const Mat* dCodes, Mat* dX, bool paramGrads = true) = 0;
  // Encoder codes (codeDim x n) of the last forward(), or nullptr for plain critics.
  virtual const Mat* codes() const { return nullptr; }
  // Side-effect-free evaluation for views (fields on a grid).
  virtual void evaluate(const Mat& X, Mat& out) const = 0;

  // Gradient penalties (WGAN-GP, R1) need ∇_x D and its double backward pass.
  virtual bool supportsInputGradient() const { return false; }
  virtual void inputGradient(Mat& U) { (void)U; }
  virtual void inputGradientBackward(const Mat& dU) { (void)dU; }

 protected:
  Vec params_, grads_;
};

template <class S>
std::unique_ptr<Critic<S>> makeCritic(const CriticShape& shape);

extern template std::unique_ptr<Critic<float>> makeCritic(const CriticShape&);
extern template std::unique_ptr<Critic<double>> makeCritic(const CriticShape&);

}  // namespace gs
