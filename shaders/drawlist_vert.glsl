#version 330 core
// Vertices of a Dear ImGui draw list (position in target pixels, y down; font uv; colour).
layout(location = 0) in vec2 position;
layout(location = 1) in vec2 texcoord;
layout(location = 2) in vec4 vertexColor;
uniform vec2 target;
out vec2 uv;
out vec4 tint;
void main() {
  uv = texcoord;
  tint = vertexColor;
  gl_Position = vec4(position.x / target.x * 2.0 - 1.0, 1.0 - position.y / target.y * 2.0, 0.0, 1.0);
}
