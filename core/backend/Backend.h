// The compute seam under the model: what a GPU would do for training. The networks keep
// their parameters in host memory (Model, ParamState); a backend runs the batched passes on
// them. CpuBackend (Eigen) is the reference every other implementation is checked against.
#pragma once
#include <Eigen/Core>
#include <memory>
#include <string>

#include "nn/Critic.h"
#include "nn/Mlp.h"
#include "optim/Optimizer.h"
#include "util/Rng.h"

namespace gs {

template <class S>
class Backend {
 public:
  using Mat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;

  virtual ~Backend() = default;
  virtual std::string name() const = 0;  // "cpu", "cuda"

  // Training passes. forward() keeps what the following backward() needs; backward()
  // accumulates parameter gradients (unless paramGrads is false) and can return dL/dx.
  virtual void zeroGrad(Mlp<S>& g) = 0;
  virtual void zeroGrad(Critic<S>& d) = 0;
  virtual const Mat& forward(Mlp<S>& g, const Mat& z) = 0;
  virtual const Mat& forward(Critic<S>& d, const Mat& x) = 0;
  virtual void backward(Mlp<S>& g, const Mat& dOut) = 0;
  virtual void backward(Critic<S>& d, const Mat& dOut, const Mat* dCodes, Mat* dX, bool paramGrads) = 0;
  // Double backward for gradient penalties: U = ∇_x D at the last forward(), then the
  // parameter gradient of Σ <dU, U> accumulated into the critic's gradients.
  virtual void inputGradient(Critic<S>& d, Mat& U) = 0;
  virtual void inputGradientBackward(Critic<S>& d, const Mat& dU) = 0;

  // Inference that leaves the training caches alone (views, metrics).
  virtual void evaluate(const Mlp<S>& g, const Mat& z, Mat& out) = 0;
  virtual void evaluate(const Critic<S>& d, const Mat& x, Mat& out) = 0;

  // Optimiser steps; each returns the squared gradient norm (the one scalar the diagnostics
  // read back). clip > 0 clamps the critic's weights to [-clip, clip] after the step (WGAN).
  virtual double step(Optimizer<S>& opt, Mlp<S>& g) = 0;
  virtual double step(Optimizer<S>& opt, Critic<S>& d, double clip) = 0;
  // Clamps the critic's weights to [-clip, clip] (WGAN: also before the first step, and when a
  // live change keeps a critic trained without clipping).
  virtual void clamp(Critic<S>& d, double clip) = 0;
  // Divergence check: one scalar per network, read back every Config::divergenceCheckEvery
  // updates.
  virtual bool allFinite(const Mlp<S>& g) = 0;
  virtual bool allFinite(const Critic<S>& d) = 0;

  // Sampling (rows x cols), in column-major order from rng so every backend draws the same
  // numbers: latent noise (N(0,1) or U(-1,1)), N(0, sigma²) instance noise, U(0,1).
  virtual void sampleLatent(Rng& rng, Mat& z, int rows, int cols, bool uniform) = 0;
  virtual void sampleNormal(Rng& rng, Mat& m, int rows, int cols, double sigma) = 0;
  virtual void sampleUniform(Rng& rng, Mat& m, int rows, int cols) = 0;
};

// The backend this build and machine offer (the CPU reference until a CUDA one exists).
template <class S>
std::unique_ptr<Backend<S>> makeBackend();

}  // namespace gs
