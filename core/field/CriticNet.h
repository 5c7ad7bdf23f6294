// The critic's display field as a small program for another evaluator: the GPU heat map
// (app/gui/CanvasRenderer, shaders/field_net_frag.glsl) evaluates it at every pixel instead of
// interpolating the CPU grid. packCriticNet() writes the networks' weights into one float array
// whose layout the shader reads; evaluate() is the same loop in C++ (the reference for tests
// and the documentation of the layout). chooseFieldPath() is the rule that picks the shader or
// the CPU grid. No GL here: the GL side only uploads `data` and reads it back.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "data/Distribution.h"
#include "nn/Activation.h"

namespace gs {

template <class S>
class Trainer;

// What maps a network's raw output to the displayed value (Objective::displayValue).
enum class DisplayMap { Identity = 0, Sigmoid = 1, Relu = 2, Softplus = 3 };

// value(x, y) = Σ_j w_j · map(net_j(x, y)), the sum over the critics of a mixture (one critic:
// w = 1), exactly as Trainer::evaluateCritic. PacGAN's P tiled copies of the point are folded
// into the first layer (W1 · [x; …; x] = (Σ_p W1_p) x), so every net takes the 2-D point.
//
// Layout of `data`, per component j (components one after the other):
//   w_j, then for each layer l = 0..depth (out = width, the last out = 1; in = 2, then width):
//   W_l row by row (out rows of in weights: data[o * in + i]), then b_l (out values).
struct CriticNet {
  Box box;  // the field's box (the heat map's quad)
  int components = 1;
  int width = 0;  // hidden units per layer
  int depth = 0;  // hidden layers (0 = a linear map)
  Activation act = Activation::ReLU;
  DisplayMap map = DisplayMap::Identity;
  std::vector<float> data;

  // Multiply-adds per evaluation (what one pixel costs the shader).
  long long macsPerPoint() const;
  // The packed program at one point, in float like the shader (tests compare both with
  // Trainer::evaluateCritic).
  double evaluate(double x, double y) const;
};

// Width of the texture the shader reads `data` from (rows of kNetTextureWidth floats).
constexpr int kNetTextureWidth = 1024;
// The shader keeps two layers of activations in local arrays of this size.
constexpr int kNetMaxWidth = 256;
// Above this many multiply-adds per pixel the CPU grid draws the field even on a GPU: a
// 1000x1000-pixel view then costs 1.5e11 multiply-adds (and as many texel fetches) per redraw,
// tens of milliseconds on a mid-range GPU, about as long as the view thread takes to evaluate
// the 96x96 grid of such a network; beyond it the grid is the cheaper picture. The default
// critic (3 x 128) needs 33k.
constexpr long long kNetMaxMacs = 150000;

// The critic field of t over `box` as a CriticNet, or nullptr when the shader cannot express it:
// 1-D data, an auto-encoder critic, a width over kNetMaxWidth, or an objective whose display
// value is none of the DisplayMap functions (identified by probing displayValue).
std::shared_ptr<const CriticNet> packCriticNet(const Trainer<float>& t, const Box& box);

enum class FieldPath { Cpu, Gpu };

// The rule. `override` is GANSCOPE_FIELD's value (nullptr or "" = auto):
//   cpu  -> the CPU grid;
//   gpu  -> the shader whenever it can express the network (net != nullptr), on any renderer
//           and at any size;
//   auto -> the shader when net != nullptr, net->macsPerPoint() <= kNetMaxMacs and the renderer
//           is not a software one (GL_RENDERER naming llvmpipe, softpipe or SwiftShader: those
//           run the shader on the CPU, slower than the grid).
// `why`, when given, gets a one-line reason. An unknown override value counts as auto (why
// says so).
FieldPath chooseFieldPath(const std::string& glRenderer, const char* override, const CriticNet* net,
                          std::string* why = nullptr);

}  // namespace gs
