// Trainer::saveState / loadState: the run's evolving state as bytes (see Trainer.h).
//
// Layout (little endian, util/ByteStream.h): magic, version, scalar size, objective name,
// pair count T, T generator and T critic parameter arrays, the mixture (logits, their last
// gradients and optimisers), T + T network optimisers, the RNG, step and update counters, the
// divergence flag and message, the diagnostics, the objective's own bytes and (version 2) the
// replay buffer of earlier fakes (train.replay), an energy model's persistent chains and recent
// samples. Everything is
// parsed and checked before anything is assigned, so a failed load changes nothing.
#include <cstring>

#include "objectives/Registry.h"
#include "train/Trainer.h"
#include "util/ByteStreamEigen.h"
#include "util/Error.h"

namespace gs {

namespace {

constexpr uint32_t kStateMagic = 0x52545347;  // "GSTR"
constexpr uint32_t kStateVersion = 2;  // 2: + replay buffer, Langevin chains, samples

void putArray(ByteWriter& w, const float* p, Eigen::Index n) { w.floats(p, size_t(n)); }
void putArray(ByteWriter& w, const double* p, Eigen::Index n) { w.doubles(p, size_t(n)); }

template <class S>
Eigen::Matrix<S, Eigen::Dynamic, 1> getArray(ByteReader& r) {
  Eigen::Matrix<S, Eigen::Dynamic, 1> v;
  readVector(r, v);
  return v;
}

void putDiagnostics(ByteWriter& w, const Diagnostics& d) {
  w.i64(d.step);
  for (double v : {d.dLoss, d.gLoss, d.dReal, d.dFake, d.dGradNorm, d.gGradNorm, d.penalty}) w.f64(v);
  w.u64(d.state.size());
  for (auto& [name, value] : d.state) {
    w.str(name);
    w.f64(value);
  }
  w.doubles(d.mixtureG.data(), d.mixtureG.size());
  w.doubles(d.mixtureD.data(), d.mixtureD.size());
}

Diagnostics getDiagnostics(ByteReader& r) {
  Diagnostics d;
  d.step = r.i64();
  for (double* v : {&d.dLoss, &d.gLoss, &d.dReal, &d.dFake, &d.dGradNorm, &d.gGradNorm, &d.penalty}) *v = r.f64();
  const uint64_t n = r.u64();
  if (n > r.remaining() / 16) throw ConfigError(r.what() + ": " + std::to_string(n) + " objective values cannot fit");
  for (uint64_t i = 0; i < n; ++i) {
    std::string name = r.str();
    const double value = r.f64();
    d.state.emplace_back(std::move(name), value);
  }
  d.mixtureG = r.doubles();
  d.mixtureD = r.doubles();
  return d;
}

ConfigError mismatch(const std::string& what) {
  return ConfigError("the saved trainer state does not fit this config: " + what);
}

// An optimiser's state, checked against the number of parameters it steps.
template <class S>
Optimizer<S> getOptimizer(ByteReader& r, const Optimizer<S>& current, Eigen::Index params, const std::string& key,
                          const std::string& name) {
  Optimizer<S> o = current;
  try {
    o.loadState(r);
  } catch (const ConfigError& e) {
    if (std::strstr(e.what(), "the saved moments are for") == e.what()) throw mismatch(key + ": " + e.what());
    throw;
  }
  if (o.stateSize() != 0 && o.stateSize() != params)
    throw mismatch(name + " optimiser has " + std::to_string(o.stateSize()) + " moments for " + std::to_string(params) +
                   " parameters");
  return o;
}

}  // namespace

template <class S>
std::string Trainer<S>::saveState() const {
  ByteWriter w;
  w.u32(kStateMagic);
  w.u32(kStateVersion);
  w.u8(uint8_t(sizeof(S)));
  w.str(cfg_.objective);
  const int T = components();
  w.i32(T);
  for (int i = 0; i < T; ++i) putArray(w, model_.generator(i).params(), model_.generator(i).numParams());
  for (int j = 0; j < T; ++j) putArray(w, model_.critic(j).params().data(), model_.critic(j).numParams());
  const Mixture& mix = model_.mixture();
  for (const Eigen::VectorXd* v : {&mix.logitsG, &mix.logitsD, &mix.gradG, &mix.gradD}) writeVector(w, *v);
  mix.optG.saveState(w);
  mix.optD.saveState(w);
  w.u64(gOpt_.size());
  for (auto& o : gOpt_) o.saveState(w);
  w.u64(dOpt_.size());
  for (auto& o : dOpt_) o.saveState(w);
  const Rng::State rs = rng_.state();
  for (uint64_t s : rs.s) w.u64(s);
  w.f64(rs.spare);
  w.u8(rs.hasSpare);
  w.i64(step_);
  w.i64(updates_);
  w.u8(diverged_);
  w.str(divergence_);
  putDiagnostics(w, diag_);
  ByteWriter obj;
  objective_->saveState(obj);
  w.str(obj.bytes());
  replay_.saveState(w);
  chains_.persistent().saveState(w);
  pool_.saveState(w);
  return w.take();
}

template <class S>
void Trainer<S>::loadState(const std::string& bytes) {
  ByteReader r(bytes, "trainer state");
  if (r.remaining() < 8 || r.u32() != kStateMagic) throw ConfigError("trainer state: not a ganscope trainer state");
  const uint32_t version = r.u32();
  if (version > kStateVersion)
    throw ConfigError("trainer state: version " + std::to_string(version) + " is newer than this ganscope (reads " +
                      std::to_string(kStateVersion) + ")");
  const unsigned scalar = r.u8();
  if (scalar != sizeof(S))
    throw mismatch("it was saved by a trainer computing in " + std::string(scalar == 4 ? "float" : "double") +
                   ", this one computes in " + (sizeof(S) == 4 ? "float" : "double"));
  const std::string objective = r.str();
  if (objective != cfg_.objective)
    throw mismatch("objective: the state is for '" + objective + "', this config trains '" + cfg_.objective + "'");
  const int T = r.i32();
  if (T != components())
    throw mismatch("objective.components: the state has " + std::to_string(T) +
                   " generator/discriminator pair(s), this config " + std::to_string(components()));

  const size_t pairs = size_t(T);
  std::vector<Vec> gen(pairs), crit(pairs);
  for (int i = 0; i < T; ++i) {
    gen[size_t(i)] = getArray<S>(r);
    if (gen[size_t(i)].size() != model_.generator(i).numParams())
      throw mismatch("generator " + std::to_string(i) + " has " + std::to_string(gen[size_t(i)].size()) +
                     " parameters in the state, " + std::to_string(model_.generator(i).numParams()) +
                     " in this config (g.width, g.depth, g.activation, latent_dim or the data's dimension differ)");
  }
  for (int j = 0; j < T; ++j) {
    crit[size_t(j)] = getArray<S>(r);
    if (crit[size_t(j)].size() != model_.critic(j).numParams())
      throw mismatch("discriminator " + std::to_string(j) + " has " + std::to_string(crit[size_t(j)].size()) +
                     " parameters in the state, " + std::to_string(model_.critic(j).numParams()) +
                     " in this config (d.width, d.depth, d.code_dim or the data's dimension differ)");
  }

  Mixture mix = model_.mixture();
  for (Eigen::VectorXd* v : {&mix.logitsG, &mix.logitsD, &mix.gradG, &mix.gradD}) readVector(r, *v);
  if (mix.logitsG.size() != T || mix.logitsD.size() != T)
    throw mismatch("the mixture has " + std::to_string(mix.logitsG.size()) + "/" + std::to_string(mix.logitsD.size()) +
                   " logits for " + std::to_string(T) + " pair(s)");
  mix.optG = getOptimizer(r, model_.mixture().optG, T, "g.optimizer", "the generators' mixture");
  mix.optD = getOptimizer(r, model_.mixture().optD, T, "d.optimizer", "the discriminators' mixture");

  std::vector<Optimizer<S>> gOpt, dOpt;
  if (r.u64() != gOpt_.size()) throw mismatch("the number of generator optimisers differs");
  for (int i = 0; i < T; ++i)
    gOpt.push_back(getOptimizer(r, gOpt_[size_t(i)], model_.generator(i).numParams(), "g.optimizer",
                                "generator " + std::to_string(i) + "'s"));
  if (r.u64() != dOpt_.size()) throw mismatch("the number of discriminator optimisers differs");
  for (int j = 0; j < T; ++j)
    dOpt.push_back(getOptimizer(r, dOpt_[size_t(j)], model_.critic(j).numParams(), "d.optimizer",
                                "discriminator " + std::to_string(j) + "'s"));

  Rng::State rs;
  for (uint64_t& s : rs.s) s = r.u64();
  rs.spare = r.f64();
  rs.hasSpare = r.boolean();
  const long long step = r.i64(), updates = r.i64();
  if (step < 0 || updates < 0)
    throw ConfigError("trainer state: negative counters (step " + std::to_string(step) + ", updates " +
                      std::to_string(updates) + ")");
  const bool diverged = r.boolean();
  std::string divergence = r.str();
  Diagnostics diag = getDiagnostics(r);
  const std::string objState = r.str();
  ReplayBuffer<S> replay = replay_, chains = chains_.persistent(), pool = pool_;
  if (version >= 2) {
    replay.loadState(r, "train.replay's buffer");
    chains.loadState(r, "the persistent Langevin chains (objective.buffer)");
    pool.loadState(r, "the energy model's samples (eval.samples)");
  } else {  // saved before these existed
    replay.clear(), chains.clear(), pool.clear();
  }
  r.expectEnd();
  {
    // The objective's bytes are checked on a scratch copy first.
    std::unique_ptr<Objective> scratch = makeObjective(cfg_.objective);
    for (auto& [key, value] : cfg_.objectiveParams) scratch->setParam(key, value);
    ByteReader o(objState, "trainer state (objective '" + cfg_.objective + "')");
    scratch->loadState(o);
    o.expectEnd();
  }

  // Nothing below can fail.
  ByteReader o(objState, "trainer state");
  objective_->loadState(o);
  for (int i = 0; i < T; ++i)
    Eigen::Map<Vec>(model_.generator(i).params(), model_.generator(i).numParams()) = gen[size_t(i)];
  for (int j = 0; j < T; ++j) model_.critic(j).params() = crit[size_t(j)];
  model_.mixture() = std::move(mix);
  gOpt_ = std::move(gOpt);
  dOpt_ = std::move(dOpt);
  rng_.setState(rs);
  step_ = step;
  updates_ = updates;
  diverged_ = diverged;
  divergence_ = std::move(divergence);
  diag_ = std::move(diag);
  replay_ = std::move(replay);
  chains_.persistent() = std::move(chains);
  pool_ = std::move(pool);
}

template std::string Trainer<float>::saveState() const;
template std::string Trainer<double>::saveState() const;
template void Trainer<float>::loadState(const std::string&);
template void Trainer<double>::loadState(const std::string&);

}  // namespace gs
