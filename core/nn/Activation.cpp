// Activation names <-> enum.
#include "nn/Activation.h"

#include "util/Error.h"

namespace gs {

namespace {
const std::pair<Activation, const char*> kNames[] = {
    {Activation::Identity, "identity"}, {Activation::ReLU, "relu"}, {Activation::LeakyReLU, "leaky_relu"},
    {Activation::Tanh, "tanh"},         {Activation::ELU, "elu"},   {Activation::Softplus, "softplus"}};
}

Activation activationFromName(const std::string& name) {
  for (auto& [a, n] : kNames)
    if (name == n) return a;
  std::string all;
  for (auto& [a, n] : kNames) all += std::string(all.empty() ? "" : ", ") + n;
  throw ConfigError("unknown activation '" + name + "' (expected one of: " + all + ")");
}

std::string activationName(Activation a) {
  for (auto& [b, n] : kNames)
    if (a == b) return n;
  return "?";
}

std::vector<std::string> activationNames() {
  std::vector<std::string> v;
  for (auto& [a, n] : kNames)
    if (a != Activation::Identity) v.push_back(n);
  return v;
}

}  // namespace gs
