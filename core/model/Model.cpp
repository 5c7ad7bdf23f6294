// Building and serialising the model (see Model.h).
#include "model/Model.h"

#include "util/Rng.h"

namespace gs {

template <class S>
typename Model<S>::Rebuilt Model<S>::build(int T, const MlpShape& g, const CriticShape& c, bool keepG, bool keepC,
                                           uint64_t seed) {
  Rebuilt r;
  Rng initRng(seed * 0x9E3779B97F4A7C15ull + 17);
  if (!keepG || components() != T || generators_[0].shape() != g) {
    generators_.clear();
    for (int i = 0; i < T; ++i) {
      generators_.emplace_back(g);
      generators_.back().init(initRng);
    }
    mixture_.resetG(T);
    r.generators = true;
  } else {
    initRng.split();
  }
  if (!keepC || int(critics_.size()) != T || critics_[0]->shape() != c) {
    critics_.clear();
    for (int j = 0; j < T; ++j) {
      critics_.push_back(makeCritic<S>(c));
      critics_.back()->init(initRng);
    }
    mixture_.resetD(T);
    r.critics = true;
  }
  return r;
}

template <class S>
void Model<S>::exportParams(ParamState<S>& out) const {
  using Vec = Eigen::Matrix<S, Eigen::Dynamic, 1>;
  out.generators.resize(generators_.size());
  for (size_t i = 0; i < generators_.size(); ++i)
    out.generators[i] = Eigen::Map<const Vec>(generators_[i].params(), generators_[i].numParams());
  out.critics.resize(critics_.size());
  for (size_t j = 0; j < critics_.size(); ++j) out.critics[j] = critics_[j]->params();
  out.mixLogitsG = mixture_.logitsG;
  out.mixLogitsD = mixture_.logitsD;
}

template <class S>
void Model<S>::importParams(const ParamState<S>& in) {
  using Vec = Eigen::Matrix<S, Eigen::Dynamic, 1>;
  if (in.generators.size() != generators_.size() || in.critics.size() != critics_.size()) return;
  for (size_t i = 0; i < generators_.size(); ++i)
    if (in.generators[i].size() == generators_[i].numParams())
      Eigen::Map<Vec>(generators_[i].params(), generators_[i].numParams()) = in.generators[i];
  for (size_t j = 0; j < critics_.size(); ++j)
    if (in.critics[j].size() == critics_[j]->numParams()) critics_[j]->params() = in.critics[j];
  if (in.mixLogitsG.size() == mixture_.logitsG.size()) mixture_.logitsG = in.mixLogitsG;
  if (in.mixLogitsD.size() == mixture_.logitsD.size()) mixture_.logitsD = in.mixLogitsD;
}

template class Model<float>;
template class Model<double>;

}  // namespace gs
