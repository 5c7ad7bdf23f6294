#version 330 core
// A screen-space quad (two triangles from gl_VertexID) covering a field's box.
// rect = (x0, y0, x1, y1) in target pixels, y down; target = target size in pixels.
uniform vec4 rect;
uniform vec2 target;
out vec2 uv;
void main() {
  vec2 corner = vec2(float(gl_VertexID == 1 || gl_VertexID == 2 || gl_VertexID == 4),
                     float(gl_VertexID == 2 || gl_VertexID == 4 || gl_VertexID == 5));
  vec2 p = mix(rect.xy, rect.zw, corner);
  // Field row 0 is at box.ymin, which is the bottom of the rect (larger pixel y).
  uv = vec2(corner.x, 1.0 - corner.y);
  gl_Position = vec4(p.x / target.x * 2.0 - 1.0, 1.0 - p.y / target.y * 2.0, 0.0, 1.0);
}
