// Heat map of the critic evaluated at this pixel (compiled after field_shade.glsl): the
// packed networks of core/field/CriticNet.h, read from an R32F texture NET_TEXTURE_WIDTH floats
// wide, the same loop as CriticNet::evaluate. rawOutput writes the value itself (an R32F
// target, for the test that compares it with the CPU); otherwise it is coloured by shadeField.
uniform sampler2D net;
uniform vec4 box;           // xmin, ymin, xmax, ymax of the field
uniform int components;     // critics of a mixture (value = sum of w_j * map(net_j))
uniform int depth;          // hidden layers
uniform int width;          // units per hidden layer (<= NET_MAX_WIDTH)
uniform int act;            // nn/Activation.h: Identity, ReLU, LeakyReLU, Tanh, ELU, Softplus
uniform int displayMap;     // CriticNet.h DisplayMap: Identity, Sigmoid, Relu, Softplus
uniform bool rawOutput;

float fetch(int i) { return texelFetch(net, ivec2(i % NET_TEXTURE_WIDTH, i / NET_TEXTURE_WIDTH), 0).r; }

float activate(float x) {
  if (act == 1) return max(x, 0.0);
  if (act == 2) return x > 0.0 ? x : 0.2 * x;  // kLeakySlope
  if (act == 3) return tanh(x);
  if (act == 4) return x > 0.0 ? x : exp(x) - 1.0;
  if (act == 5) return x > 20.0 ? x : log(1.0 + exp(x));
  return x;
}

float mapOutput(float r) {
  if (displayMap == 1) return 1.0 / (1.0 + exp(-r));
  if (displayMap == 2) return max(r, 0.0);
  if (displayMap == 3) return r > 20.0 ? r : log(1.0 + exp(r));
  return r;
}

float criticValue(vec2 p) {
  float h[NET_MAX_WIDTH];
  float g[NET_MAX_WIDTH];
  float total = 0.0;
  int off = 0;
  for (int j = 0; j < components; ++j) {
    float wj = fetch(off);
    off += 1;
    h[0] = p.x;
    h[1] = p.y;
    int inN = 2;
    for (int l = 0; l <= depth; ++l) {
      int outN = l == depth ? 1 : width;
      for (int o = 0; o < outN; ++o) {
        float a = 0.0;
        int row = off + o * inN;
        for (int i = 0; i < inN; ++i) a += fetch(row + i) * h[i];
        a += fetch(off + outN * inN + o);
        g[o] = l == depth ? a : activate(a);
      }
      off += outN * inN + outN;
      for (int o = 0; o < outN; ++o) h[o] = g[o];
      inN = outN;
    }
    total += wj * mapOutput(h[0]);
  }
  return total;
}

void main() {
  float v = criticValue(mix(box.xy, box.zw, uv));
  color = rawOutput ? vec4(v, 0.0, 0.0, 1.0) : shadeField(v);
}
