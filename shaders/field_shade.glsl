#version 330 core
// The heat map's colouring of a scalar field value, shared by the two heat-map programs:
// field_frag.glsl (the CPU grid, an R32F texture) and field_net_frag.glsl (the critic evaluated
// at every pixel). CanvasRenderer compiles this text followed by one of them. The colormap is a
// lookup table; iso-lines come from screen-space derivatives (no geometry), with an emphasised
// neutral contour (D = 1/2).
in vec2 uv;                 // 0..1 over the field's box, (0, 0) at (xmin, ymin)
uniform sampler2D lut;      // 256 x 1 RGBA colormap
uniform float vmin;
uniform float vmax;
uniform float isoCount;     // iso-lines across [vmin, vmax]; 0 = none
uniform float neutral;      // value of the emphasised contour; outside [vmin, vmax] = none
uniform float opacity;
out vec4 color;

float lineMask(float f, float widthPx) {
  float w = max(fwidth(f), 1e-6);
  float d = abs(fract(f - 0.5) - 0.5) / w;
  return 1.0 - smoothstep(0.5 * widthPx, 0.5 * widthPx + 1.0, d);
}

vec4 shadeField(float v) {
  if (isnan(v) || isinf(v)) return vec4(0.35, 0.35, 0.35, opacity);
  float range = max(vmax - vmin, 1e-12);
  float t = clamp((v - vmin) / range, 0.0, 1.0);
  vec3 c = texture(lut, vec2(t * (255.0 / 256.0) + 0.5 / 256.0, 0.5)).rgb;
  // Lines fade out where the field is (nearly) flat, so a flat D stays one uniform colour.
  float slope = smoothstep(1e-4, 6e-4, fwidth(v) / range);
  if (isoCount > 0.0) c = mix(c, vec3(1.0), 0.22 * slope * lineMask(t * isoCount, 1.0));
  if (neutral >= vmin && neutral <= vmax) {
    float d = abs(v - neutral) / max(fwidth(v), 1e-9);
    c = mix(c, vec3(1.0), 0.8 * slope * (1.0 - smoothstep(1.0, 2.0, d)));
  }
  return vec4(c, opacity);
}
