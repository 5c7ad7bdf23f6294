// First-order optimisers on a flat parameter vector: SGD (+momentum), Adam, RMSProp.
// Hyper-parameters can change between steps without losing the moment estimates.
#pragma once
#include <Eigen/Core>
#include <string>
#include <vector>

namespace gs {

class ByteWriter;
class ByteReader;

enum class OptimizerType { SGD, Adam, RMSProp };

OptimizerType optimizerFromName(const std::string& name);  // throws ConfigError
std::string optimizerName(OptimizerType t);
std::vector<std::string> optimizerNames();

struct OptimizerSettings {
  OptimizerType type = OptimizerType::Adam;
  double lr = 1e-4;
  double beta1 = 0.5;  // Adam β1; SGD momentum
  double beta2 = 0.9;  // Adam β2; RMSProp smoothing α
  double eps = 1e-8;
  double weightDecay = 0.0;  // L2 added to the gradient
  bool operator==(const OptimizerSettings&) const = default;
};

template <class S>
class Optimizer {
 public:
  using Vec = Eigen::Matrix<S, Eigen::Dynamic, 1>;
  explicit Optimizer(const OptimizerSettings& s = {}) : s_(s) {}

  // Keeps state when only numbers change; a change of type restarts the moments.
  void setSettings(const OptimizerSettings& s);
  const OptimizerSettings& settings() const { return s_; }
  void reset();
  // params -= update(grads). Allocates only on the first call for a given size.
  void step(Eigen::Ref<Vec> params, const Eigen::Ref<const Vec>& grads);
  // One step in parts, for a caller that spreads it over threads: beginStep(n) once (sizes the
  // moments, advances the step count), then updateRange over disjoint ranges that cover
  // [0, n), in any order or concurrently. The result is step()'s, bit for bit.
  void beginStep(Eigen::Index n);
  void updateRange(S* params, const S* grads, Eigen::Index first, Eigen::Index count);
  long long steps() const { return t_; }
  // The moments after the last step: m is SGD's momentum buffer or Adam's first moment, v the
  // second moment of Adam and RMSProp (the unrolled GAN's reverse pass reads them).
  const Vec& firstMoment() const { return m_; }
  const Vec& secondMoment() const { return v_; }

  // Moments and step count, bit for bit (saved sessions). loadState throws ConfigError when
  // the saved moments belong to another optimizer type and changes nothing then.
  void saveState(ByteWriter& w) const;
  void loadState(ByteReader& r);
  Eigen::Index stateSize() const { return m_.size(); }  // 0 before the first step

 private:
  OptimizerSettings s_;
  Vec m_, v_;
  long long t_ = 0;
  S stepSize_ = 0, invSqrtC2_ = 0;  // Adam's bias corrections for step t_ (beginStep)
};

extern template class Optimizer<float>;
extern template class Optimizer<double>;

}  // namespace gs
