#version 330 core
// Draw-list fragments: the font atlas (white pixel for shapes, glyph alpha for text) times colour.
in vec2 uv;
in vec4 tint;
uniform sampler2D atlas;
out vec4 color;
void main() {
  color = tint * texture(atlas, uv);
}
