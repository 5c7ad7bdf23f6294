// Ensemble (see Ensemble.h).
#include "train/Ensemble.h"

#include <functional>
#include <string>

#include "util/Error.h"

namespace gs {

namespace {
// The keys whose values set the networks' shapes: members must agree on them.
void checkSameShapes(const Config& a, const Config& b, int member) {
  auto differ = [&](const char* key) {
    throw ConfigError("ensemble member " + std::to_string(member) + ": " + key +
                      " differs from member 0's; an ensemble's runs share their network shapes");
  };
  if (a.data.name != b.data.name) differ("data.name");
  if (a.latentDim != b.latentDim) differ("latent.dim");
  if (a.objective != b.objective) differ("objective.name");
  if (a.batch != b.batch) differ("train.batch");
  if (a.pack != b.pack) differ("train.pack");
  const NetConfig* na[] = {&a.g, &a.d};
  const NetConfig* nb[] = {&b.g, &b.d};
  const char* net[] = {"g", "d"};
  for (int k = 0; k < 2; ++k) {
    const std::string p = net[k];
    if (na[k]->depth != nb[k]->depth) differ((p + ".depth").c_str());
    if (na[k]->width != nb[k]->width) differ((p + ".width").c_str());
    if (na[k]->activation != nb[k]->activation) differ((p + ".activation").c_str());
    if (na[k]->codeDim != nb[k]->codeDim) differ((p + ".code_dim").c_str());
  }
}
}  // namespace

template <class S>
Ensemble<S>::Ensemble(const std::vector<Config>& configs, int threads) : pool_(threads < 1 ? 1 : threads) {
  if (threads < 1) throw ConfigError("ensemble threads must be at least 1 (got " + std::to_string(threads) + ")");
  if (configs.empty()) throw ConfigError("an ensemble needs at least one member");
  members_.reserve(configs.size());
  for (size_t i = 0; i < configs.size(); ++i) {
    if (i > 0) checkSameShapes(configs[0], configs[i], int(i));
    try {
      members_.push_back(std::make_unique<Trainer<S>>(configs[i]));
    } catch (const ConfigError& e) {
      throw ConfigError("ensemble member " + std::to_string(i) + ": " + e.what());
    }
  }
}

template <class S>
std::vector<Config> Ensemble<S>::seeds(const Config& base, int members) {
  std::vector<Config> out(size_t(members < 0 ? 0 : members), base);
  for (int i = 0; i < members; ++i) out[size_t(i)].seed = base.seed + std::uint64_t(i);
  return out;
}

template <class S>
void Ensemble<S>::iterate(int iterations) {
  // One captured pointer keeps the std::function in its small buffer (no allocation per call).
  struct Job {
    Ensemble* self;
    int iterations;
  } job{this, iterations};
  const std::function<void(int)> task = [&job](int i) {
    Trainer<S>& t = *job.self->members_[size_t(i)];
    for (int k = 0; k < job.iterations && !t.diverged(); ++k) t.iterate();
  };
  pool_.run(size(), task);
}

template class Ensemble<float>;
template class Ensemble<double>;

}  // namespace gs
