// The reference backend: Eigen on the host, the networks' own forward/backward code.
#pragma once
#include "backend/Backend.h"

namespace gs {

template <class S>
class CpuBackend final : public Backend<S> {
 public:
  using Mat = typename Backend<S>::Mat;
  using Vec = Eigen::Matrix<S, Eigen::Dynamic, 1>;

  std::string name() const override { return "cpu"; }
  void zeroGrad(Mlp<S>& g) override { g.zeroGrad(); }
  void zeroGrad(Critic<S>& d) override { d.zeroGrad(); }
  const Mat& forward(Mlp<S>& g, const Mat& z) override { return g.forward(z); }
  const Mat& forward(Critic<S>& d, const Mat& x) override { return d.forward(x); }
  void backward(Mlp<S>& g, const Mat& dOut) override { g.backward(dOut, nullptr); }
  void backward(Critic<S>& d, const Mat& dOut, const Mat* dCodes, Mat* dX, bool paramGrads) override {
    d.backward(dOut, dCodes, dX, paramGrads);
  }
  void inputGradient(Critic<S>& d, Mat& U) override { d.inputGradient(U); }
  void inputGradientBackward(Critic<S>& d, const Mat& dU) override { d.inputGradientBackward(dU); }
  void evaluate(const Mlp<S>& g, const Mat& z, Mat& out) override { g.evaluate(z, out, work1_, work2_); }
  void evaluate(const Critic<S>& d, const Mat& x, Mat& out) override { d.evaluate(x, out); }
  double step(Optimizer<S>& opt, Mlp<S>& g) override;
  double step(Optimizer<S>& opt, Critic<S>& d, double clip) override;
  void clamp(Critic<S>& d, double clip) override;
  bool allFinite(const Mlp<S>& g) override;
  bool allFinite(const Critic<S>& d) override { return d.params().allFinite(); }
  void sampleLatent(Rng& rng, Mat& z, int rows, int cols, bool uniform) override;
  void sampleNormal(Rng& rng, Mat& m, int rows, int cols, double sigma) override;
  void sampleUniform(Rng& rng, Mat& m, int rows, int cols) override;

 private:
  Mat work1_, work2_;  // evaluate() scratch, reused
};

extern template class CpuBackend<float>;
extern template class CpuBackend<double>;

// Base of the backends that run the training passes their own way (split over threads, on a
// GPU) and leave the rest to the reference on the host: gradient zeroing, inference, optimiser
// steps, clamping, the finite checks and sampling (every backend draws the same numbers).
template <class S>
class HostAssistedBackend : public Backend<S> {
 public:
  using Mat = typename Backend<S>::Mat;

  void zeroGrad(Mlp<S>& g) override { host_.zeroGrad(g); }
  void zeroGrad(Critic<S>& d) override { host_.zeroGrad(d); }
  void evaluate(const Mlp<S>& g, const Mat& z, Mat& out) override { host_.evaluate(g, z, out); }
  void evaluate(const Critic<S>& d, const Mat& x, Mat& out) override { host_.evaluate(d, x, out); }
  double step(Optimizer<S>& opt, Mlp<S>& g) override { return host_.step(opt, g); }
  double step(Optimizer<S>& opt, Critic<S>& d, double clip) override { return host_.step(opt, d, clip); }
  void clamp(Critic<S>& d, double clip) override { host_.clamp(d, clip); }
  bool allFinite(const Mlp<S>& g) override { return host_.allFinite(g); }
  bool allFinite(const Critic<S>& d) override { return host_.allFinite(d); }
  void sampleLatent(Rng& rng, Mat& z, int rows, int cols, bool uniform) override {
    host_.sampleLatent(rng, z, rows, cols, uniform);
  }
  void sampleNormal(Rng& rng, Mat& m, int rows, int cols, double sigma) override {
    host_.sampleNormal(rng, m, rows, cols, sigma);
  }
  void sampleUniform(Rng& rng, Mat& m, int rows, int cols) override { host_.sampleUniform(rng, m, rows, cols); }

 protected:
  CpuBackend<S> host_;  // also the passes a subclass does not take over (auto-encoder critics)
};

}  // namespace gs
