// CanvasRenderer (see CanvasRenderer.h).
#include "gui/CanvasRenderer.h"

#include <algorithm>
#include <cstdint>

#include "EmbeddedShaders.h"
#include "gui/GlUtil.h"

namespace gs {

FieldTexture::~FieldTexture() {
  if (texture_) glDeleteTextures(1, &texture_);
}

void FieldTexture::upload(const Field& field) {
  empty_ = field.empty() || field.nx < 2 || field.ny < 1;
  if (empty_) return;
  if (!texture_) glGenTextures(1, &texture_);
  glBindTexture(GL_TEXTURE_2D, texture_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, field.nx, field.ny, 0, GL_RED, GL_FLOAT, field.values.data());
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

CanvasRenderer::CanvasRenderer() {
  listProgram_ = buildProgram(kShader_drawlist_vert, kShader_drawlist_frag, "drawlist");
  fieldProgram_ = buildProgram(kShader_field_vert, kShader_field_frag, "field");
  glGenVertexArrays(1, &vao_);
  glGenVertexArrays(1, &emptyVao_);
  glGenBuffers(1, &vbo_);
  glGenBuffers(1, &ebo_);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ebo_);
  glEnableVertexAttribArray(0);
  glEnableVertexAttribArray(1);
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), (void*)offsetof(ImDrawVert, pos));
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), (void*)offsetof(ImDrawVert, uv));
  glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(ImDrawVert), (void*)offsetof(ImDrawVert, col));
  glBindVertexArray(0);

  const ColorScale scales[2] = {ColorScale::Diverging, ColorScale::Sequential};
  glGenTextures(2, lut_);
  for (int i = 0; i < 2; ++i) {
    auto table = colormapTable(scales[i], 256);
    glBindTexture(GL_TEXTURE_2D, lut_[i]);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 256, 1, 0, GL_RGBA, GL_UNSIGNED_BYTE, table.data());
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  }
}

CanvasRenderer::~CanvasRenderer() {
  glDeleteProgram(listProgram_);
  glDeleteProgram(fieldProgram_);
  glDeleteVertexArrays(1, &vao_);
  glDeleteVertexArrays(1, &emptyVao_);
  glDeleteBuffers(1, &vbo_);
  glDeleteBuffers(1, &ebo_);
  glDeleteTextures(2, lut_);
}

void CanvasRenderer::setupDrawListState(const Canvas& canvas) {
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDisable(GL_CULL_FACE);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_STENCIL_TEST);
  glEnable(GL_SCISSOR_TEST);
  glUseProgram(listProgram_);
  glUniform2f(glGetUniformLocation(listProgram_, "target"), float(canvas.width()), float(canvas.height()));
  glUniform1i(glGetUniformLocation(listProgram_, "atlas"), 0);
  glActiveTexture(GL_TEXTURE0);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ebo_);
}

static void scissor(const Canvas& canvas, const ImVec4& clip) {
  const int x0 = std::max(0, int(clip.x)), y0 = std::max(0, int(clip.y));
  const int x1 = std::min(canvas.width(), int(clip.z + 0.5f)), y1 = std::min(canvas.height(), int(clip.w + 0.5f));
  glScissor(x0, canvas.height() - y1, std::max(0, x1 - x0), std::max(0, y1 - y0));
}

void CanvasRenderer::drawField(const Canvas& canvas, const FieldLayer& f, const ImVec4& clip) {
  if (!f.texture) return;
  scissor(canvas, clip);
  glUseProgram(fieldProgram_);
  glUniform4f(glGetUniformLocation(fieldProgram_, "rect"), f.p0.x, f.p0.y, f.p1.x, f.p1.y);
  glUniform2f(glGetUniformLocation(fieldProgram_, "target"), float(canvas.width()), float(canvas.height()));
  glUniform1f(glGetUniformLocation(fieldProgram_, "vmin"), f.vmin);
  glUniform1f(glGetUniformLocation(fieldProgram_, "vmax"), f.vmax);
  glUniform1f(glGetUniformLocation(fieldProgram_, "isoCount"), f.isoCount);
  glUniform1f(glGetUniformLocation(fieldProgram_, "neutral"), f.neutral);
  glUniform1f(glGetUniformLocation(fieldProgram_, "opacity"), f.opacity);
  glUniform1i(glGetUniformLocation(fieldProgram_, "field"), 0);
  glUniform1i(glGetUniformLocation(fieldProgram_, "lut"), 1);
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, lut_[f.scale == ColorScale::Diverging ? 0 : 1]);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, f.texture);
  glBindVertexArray(emptyVao_);
  glDrawArrays(GL_TRIANGLES, 0, 6);
}

void CanvasRenderer::render(const Canvas& canvas, ImU32 background) {
  ImVec4 bg = ImGui::ColorConvertU32ToFloat4(background);
  glDisable(GL_SCISSOR_TEST);
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImDrawList& list = const_cast<Canvas&>(canvas).draw();
  if (list.VtxBuffer.Size > 0 || !canvas.fields().empty()) {
    setupDrawListState(canvas);
    glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(list.VtxBuffer.Size) * GLsizeiptr(sizeof(ImDrawVert)), list.VtxBuffer.Data,
                 GL_STREAM_DRAW);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, GLsizeiptr(list.IdxBuffer.Size) * GLsizeiptr(sizeof(ImDrawIdx)),
                 list.IdxBuffer.Data, GL_STREAM_DRAW);
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
      if (cmd.UserCallback) {
        const size_t index = size_t(reinterpret_cast<intptr_t>(cmd.UserCallbackData));
        if (index < canvas.fields().size()) drawField(canvas, canvas.fields()[index], cmd.ClipRect);
        setupDrawListState(canvas);
        continue;
      }
      if (cmd.ElemCount == 0) continue;
      scissor(canvas, cmd.ClipRect);
      glBindTexture(GL_TEXTURE_2D, GLuint(intptr_t(cmd.GetTexID())));
      glDrawElementsBaseVertex(GL_TRIANGLES, GLsizei(cmd.ElemCount),
                               sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT,
                               (void*)(intptr_t(cmd.IdxOffset * sizeof(ImDrawIdx))), GLint(cmd.VtxOffset));
    }
  }
  glDisable(GL_SCISSOR_TEST);
  glBindVertexArray(0);
  glUseProgram(0);
}

}  // namespace gs
