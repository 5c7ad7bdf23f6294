// Heat map of a field from its grid: an R32F texture with linear filtering, through
// shadeField (compiled after field_shade.glsl).
uniform sampler2D field;

void main() { color = shadeField(texture(field, uv).r); }
