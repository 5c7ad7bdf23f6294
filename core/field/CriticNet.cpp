// The critic's field packed for the GPU heat map, and the path rule (see CriticNet.h).
#include "field/CriticNet.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>

#include "train/Trainer.h"

namespace gs {

namespace {

float mapValue(DisplayMap m, float r) {
  switch (m) {
    case DisplayMap::Identity:
      return r;
    case DisplayMap::Sigmoid:
      return 1.0f / (1.0f + std::exp(-r));
    case DisplayMap::Relu:
      return r > 0.0f ? r : 0.0f;
    case DisplayMap::Softplus:
      return r > 20.0f ? r : std::log1p(std::exp(r));
  }
  return r;
}

double mapValueExact(DisplayMap m, double r) {
  switch (m) {
    case DisplayMap::Identity:
      return r;
    case DisplayMap::Sigmoid:
      return 1.0 / (1.0 + std::exp(-r));
    case DisplayMap::Relu:
      return r > 0.0 ? r : 0.0;
    case DisplayMap::Softplus:
      return r > 20.0 ? r : std::log1p(std::exp(r));
  }
  return r;
}

// Which DisplayMap the objective's displayValue is: probed at points that tell them apart.
bool identifyMap(const Objective& o, DisplayMap& out) {
  const double probes[] = {-30.0, -4.0, -0.5, 0.0, 0.25, 1.0, 3.0, 30.0};
  for (DisplayMap m : {DisplayMap::Identity, DisplayMap::Sigmoid, DisplayMap::Relu, DisplayMap::Softplus}) {
    bool all = true;
    for (double r : probes) {
      const double want = mapValueExact(m, r), got = o.displayValue(r);
      if (!(std::abs(got - want) <= 1e-9 * std::max(1.0, std::abs(want)))) {
        all = false;
        break;
      }
    }
    if (all) {
      out = m;
      return true;
    }
  }
  return false;
}

bool contains(const std::string& s, const char* what) { return s.find(what) != std::string::npos; }

}  // namespace

long long CriticNet::macsPerPoint() const {
  const long long w = width;
  const long long perNet = depth == 0 ? 2 : 2 * w + (depth - 1) * w * w + w;
  return components * perNet;
}

double CriticNet::evaluate(double x, double y) const {
  std::vector<float> h(size_t(std::max(width, 2))), g(h.size());
  size_t off = 0;
  float total = 0.0f;
  for (int j = 0; j < components; ++j) {
    const float wj = data[off++];
    h[0] = float(x), h[1] = float(y);
    int in = 2;
    for (int l = 0; l <= depth; ++l) {
      const int out = l == depth ? 1 : width;
      for (int o = 0; o < out; ++o) {
        float a = 0.0f;
        for (int i = 0; i < in; ++i) a += data[off + size_t(o * in + i)] * h[size_t(i)];
        a += data[off + size_t(out * in + o)];
        g[size_t(o)] = l == depth ? a : activate(act, a);
      }
      off += size_t(out * in + out);
      std::copy(g.begin(), g.begin() + out, h.begin());
      in = out;
    }
    total += wj * mapValue(map, h[0]);
  }
  return total;
}

std::shared_ptr<const CriticNet> packCriticNet(const Trainer<float>& t, const Box& box) {
  const Config& c = t.config();
  if (t.data().dim() != 2) return nullptr;
  const Model<float>& model = t.model();
  const int T = t.components();
  const CriticShape& shape = model.critic(0).shape();
  if (shape.kind != CriticKind::Scalar || shape.width > kNetMaxWidth || shape.width < 1) return nullptr;
  const int P = std::max(1, c.pack);
  if (shape.in != 2 * P) return nullptr;

  auto net = std::make_shared<CriticNet>();
  net->box = box;
  net->components = T;
  net->width = shape.width;
  net->depth = shape.depth;
  net->act = shape.act;
  if (!identifyMap(t.objective(), net->map)) return nullptr;

  const std::vector<double> w = T > 1 ? t.mixtureWeightsD() : std::vector<double>{1.0};
  for (int j = 0; j < T; ++j) {
    const Critic<float>& critic = model.critic(j);
    if (!(critic.shape() == shape)) return nullptr;
    const float* p = critic.params().data();
    net->data.push_back(float(w[size_t(j)]));
    // Mlp's flat buffer: per layer W (out x in, column-major) then b (Mlp::build).
    int in = shape.in;
    for (int l = 0; l <= shape.depth; ++l) {
      const int out = l == shape.depth ? 1 : shape.width;
      const float* W = p;
      const float* b = p + size_t(out) * size_t(in);
      const int inPacked = l == 0 ? 2 : in;
      for (int o = 0; o < out; ++o)
        for (int i = 0; i < inPacked; ++i) {
          float sum = 0.0f;  // the P tiled copies of the point read the same input
          for (int k = 0; k < (l == 0 ? P : 1); ++k) sum += W[size_t(o) + size_t(out) * size_t(k * 2 + i)];
          net->data.push_back(sum);
        }
      for (int o = 0; o < out; ++o) net->data.push_back(b[o]);
      p = b + out;
      in = out;
    }
  }
  return net;
}

FieldPath chooseFieldPath(const std::string& glRenderer, const char* override, const CriticNet* net,
                          std::string* why) {
  const std::string mode = override ? override : "";
  auto say = [why](const std::string& s) {
    if (why) *why = s;
  };
  if (mode == "cpu") return say("GANSCOPE_FIELD=cpu"), FieldPath::Cpu;
  if (!net) return say("the shader cannot express this critic (1-D, auto-encoder, wide or unknown display map)"),
                   FieldPath::Cpu;
  if (mode == "gpu") return say("GANSCOPE_FIELD=gpu"), FieldPath::Gpu;
  const std::string prefix =
      mode.empty() || mode == "auto" ? "" : "GANSCOPE_FIELD='" + mode + "' is not gpu, cpu or auto; auto: ";
  if (contains(glRenderer, "llvmpipe") || contains(glRenderer, "softpipe") || contains(glRenderer, "SwiftShader"))
    return say(prefix + "software renderer (" + glRenderer + ")"), FieldPath::Cpu;
  if (net->macsPerPoint() > kNetMaxMacs)
    return say(prefix + "network too large for the shader (" + std::to_string(net->macsPerPoint()) +
               " multiply-adds per pixel)"),
           FieldPath::Cpu;
  return say(prefix + "shader on " + glRenderer), FieldPath::Gpu;
}

}  // namespace gs
