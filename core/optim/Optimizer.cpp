// Optimiser updates, following PyTorch's definitions (Adam with bias correction; RMSProp
// v = αv + (1-α)g², p -= lr g / (sqrt(v) + eps); SGD momentum buf = μ buf + g).
#include "optim/Optimizer.h"

#include <cmath>

#include "optim/OptimizerUpdate.h"

#include "util/ByteStreamEigen.h"
#include "util/Error.h"

namespace gs {

namespace {
const std::pair<OptimizerType, const char*> kNames[] = {
    {OptimizerType::SGD, "sgd"}, {OptimizerType::Adam, "adam"}, {OptimizerType::RMSProp, "rmsprop"}};
}

OptimizerType optimizerFromName(const std::string& name) {
  for (auto& [t, n] : kNames)
    if (name == n) return t;
  throw ConfigError("unknown optimizer '" + name + "' (expected sgd, adam or rmsprop)");
}

std::string optimizerName(OptimizerType t) {
  for (auto& [u, n] : kNames)
    if (t == u) return n;
  return "?";
}

std::vector<std::string> optimizerNames() { return {"sgd", "adam", "rmsprop"}; }

template <class S>
void Optimizer<S>::setSettings(const OptimizerSettings& s) {
  if (s.type != s_.type) reset();
  s_ = s;
}

template <class S>
void Optimizer<S>::saveState(ByteWriter& w) const {
  w.u8(uint8_t(s_.type));
  writeVector(w, m_);
  writeVector(w, v_);
  w.i64(t_);
}

template <class S>
void Optimizer<S>::loadState(ByteReader& r) {
  const uint8_t type = r.u8();
  Vec m, v;
  readVector(r, m);
  readVector(r, v);
  const long long t = r.i64();
  if (type != uint8_t(s_.type))
    throw ConfigError("the saved moments are for the " + optimizerName(OptimizerType(type)) +
                      " optimizer, this config uses " + optimizerName(s_.type));
  if (m.size() != v.size() || t < 0)
    throw ConfigError(r.what() + ": inconsistent optimizer state (" + std::to_string(m.size()) + " and " +
                      std::to_string(v.size()) + " moments, step " + std::to_string(t) + ")");
  m_ = std::move(m);
  v_ = std::move(v);
  t_ = t;
}

template <class S>
void Optimizer<S>::reset() {
  m_.resize(0);
  v_.resize(0);
  t_ = 0;
}

template <class S>
void Optimizer<S>::beginStep(Eigen::Index n) {
  if (m_.size() != n) {
    m_.setZero(n);
    v_.setZero(n);
    t_ = 0;
  }
  ++t_;
  if (s_.type == OptimizerType::Adam) {
    const S c1 = S(1) - S(std::pow(double(s_.beta1), double(t_)));
    const S c2 = S(1) - S(std::pow(double(s_.beta2), double(t_)));
    stepSize_ = S(s_.lr) / c1;
    invSqrtC2_ = S(1) / std::sqrt(c2);
  }
}

template <class S>
void Optimizer<S>::updateRange(S* params, const S* grads, Eigen::Index first, Eigen::Index count) {
  const S lr = S(s_.lr), b1 = S(s_.beta1), b2 = S(s_.beta2), eps = S(s_.eps), wd = S(s_.weightDecay);
  // Four distinct arrays: restrict lets the loops vectorise without alias checks.
  S* __restrict pp = params;
  const S* __restrict g = grads;
  S* __restrict m = m_.data();
  S* __restrict v = v_.data();
  const Eigen::Index end = first + count;
  switch (s_.type) {
    case OptimizerType::SGD:
      for (Eigen::Index i = first; i < end; ++i) sgdUpdate(pp[i], m[i], g[i], lr, b1, wd);
      break;
    case OptimizerType::Adam:
      for (Eigen::Index i = first; i < end; ++i)
        adamUpdate(pp[i], m[i], v[i], g[i], stepSize_, b1, b2, invSqrtC2_, eps, wd);
      break;
    case OptimizerType::RMSProp:
      for (Eigen::Index i = first; i < end; ++i) rmspropUpdate(pp[i], v[i], g[i], lr, b2, eps, wd);
      break;
  }
}

template <class S>
void Optimizer<S>::step(Eigen::Ref<Vec> p, const Eigen::Ref<const Vec>& g) {
  beginStep(p.size());
  updateRange(p.data(), g.data(), 0, p.size());
}

template class Optimizer<float>;
template class Optimizer<double>;

}  // namespace gs
