// CanvasRenderer (see CanvasRenderer.h).
#include "gui/CanvasRenderer.h"

#include <epoxy/egl.h>  // eglGetCurrentContext (epoxy's header: the system one clashes with epoxy/gl.h)
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <stdexcept>

#include "EmbeddedShaders.h"
#include "gui/GlUtil.h"

namespace gs {

namespace {

// GL names are per context: a FieldTexture is found by its name and the context it lives in
// (an EGL context for headless rendering, a GLFW window's otherwise).
void currentContext(const void* out[2]) {
  out[0] = eglGetCurrentContext();
  out[1] = glfwGetCurrentContext();
}

std::mutex& registryMutex() {
  static std::mutex m;
  return m;
}
std::vector<const FieldTexture*>& registry() {
  static std::vector<const FieldTexture*> r;
  return r;
}

// The heat-map programs: the shared colouring followed by the grid's or the network's main().
std::string fieldFragmentSource() { return std::string(kShader_field_shade) + "\n" + kShader_field_frag; }
std::string netFragmentSource() {
  return std::string(kShader_field_shade) + "\n#define NET_TEXTURE_WIDTH " + std::to_string(kNetTextureWidth) +
         "\n#define NET_MAX_WIDTH " + std::to_string(kNetMaxWidth) + "\n" + kShader_field_net_frag;
}

}  // namespace

NetTexture::~NetTexture() {
  if (texture_) glDeleteTextures(1, &texture_);
}

void NetTexture::upload(const CriticNet& net) {
  const size_t W = size_t(kNetTextureWidth), rows = std::max<size_t>(1, (net.data.size() + W - 1) / W);
  std::vector<float> padded(W * rows, 0.0f);
  std::copy(net.data.begin(), net.data.end(), padded.begin());
  if (!texture_) glGenTextures(1, &texture_);
  glBindTexture(GL_TEXTURE_2D, texture_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, GLsizei(W), GLsizei(rows), 0, GL_RED, GL_FLOAT, padded.data());
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);  // texelFetch only
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

FieldPath fieldPathHere(const CriticNet* net, std::string* why) {
  if (net) {  // the weights must fit one texture
    GLint maxSize = 0;
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &maxSize);
    if (static_cast<long long>(net->data.size()) > static_cast<long long>(kNetTextureWidth) * maxSize) {
      if (why) *why = "the network's weights do not fit a texture";
      return FieldPath::Cpu;
    }
  }
  const char* mode = std::getenv("GANSCOPE_FIELD");
  if (mode && *mode && std::string(mode) != "gpu" && std::string(mode) != "cpu" && std::string(mode) != "auto") {
    static std::atomic<bool> warned{false};  // said once, not with every snapshot
    if (!warned.exchange(true))
      std::fprintf(stderr, "ganscope: GANSCOPE_FIELD='%s' is not gpu, cpu or auto; using auto\n", mode);
  }
  const GLubyte* r = glGetString(GL_RENDERER);
  return chooseFieldPath(r ? reinterpret_cast<const char*>(r) : "", mode, net, why);
}

FieldTexture::~FieldTexture() {
  std::lock_guard<std::mutex> lock(registryMutex());
  auto& r = registry();
  r.erase(std::remove(r.begin(), r.end(), this), r.end());
  if (texture_) glDeleteTextures(1, &texture_);
}

const FieldTexture* FieldTexture::find(unsigned texture) {
  if (!texture) return nullptr;
  const void* here[2];
  currentContext(here);
  std::lock_guard<std::mutex> lock(registryMutex());
  for (const FieldTexture* t : registry())
    if (t->id() == texture && t->context_[0] == here[0] && t->context_[1] == here[1]) return t;
  return nullptr;
}

void FieldTexture::upload(const Field& field) {
  empty_ = field.empty() || field.nx < 2 || field.ny < 1;
  gpuNet_ = field.net && fieldPathHere(field.net.get()) == FieldPath::Gpu ? field.net : nullptr;
  if (gpuNet_) net_.upload(*gpuNet_);
  if (empty_) return;
  if (!texture_) {
    currentContext(context_);
    std::lock_guard<std::mutex> lock(registryMutex());
    registry().push_back(this);
  }
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
  fieldProgram_ = buildProgram(kShader_field_vert, fieldFragmentSource().c_str(), "field");
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
  if (netProgram_) glDeleteProgram(netProgram_);
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

GLuint CanvasRenderer::netProgram() {
  if (!netProgram_ && !netProgramFailed_) {
    try {
      netProgram_ = buildProgram(kShader_field_vert, netFragmentSource().c_str(), "field_net");
    } catch (const std::exception& e) {  // the grid is drawn instead
      netProgramFailed_ = true;
      std::fprintf(stderr, "ganscope: critic field drawn from the CPU grid: %s\n", e.what());
    }
  }
  return netProgram_;
}

void CanvasRenderer::setShadeUniforms(GLuint program, const FieldLayer& f, float targetW, float targetH) {
  glUniform4f(glGetUniformLocation(program, "rect"), f.p0.x, f.p0.y, f.p1.x, f.p1.y);
  glUniform2f(glGetUniformLocation(program, "target"), targetW, targetH);
  glUniform1f(glGetUniformLocation(program, "vmin"), f.vmin);
  glUniform1f(glGetUniformLocation(program, "vmax"), f.vmax);
  glUniform1f(glGetUniformLocation(program, "isoCount"), f.isoCount);
  glUniform1f(glGetUniformLocation(program, "neutral"), f.neutral);
  glUniform1f(glGetUniformLocation(program, "opacity"), f.opacity);
  glUniform1i(glGetUniformLocation(program, "lut"), 1);
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, lut_[f.scale == ColorScale::Diverging ? 0 : 1]);
  glActiveTexture(GL_TEXTURE0);
}

void CanvasRenderer::setNetUniforms(const CriticNet& net, GLuint netTexture, bool raw) {
  const GLuint p = netProgram_;
  glUniform4f(glGetUniformLocation(p, "box"), float(net.box.xmin), float(net.box.ymin), float(net.box.xmax),
              float(net.box.ymax));
  glUniform1i(glGetUniformLocation(p, "components"), net.components);
  glUniform1i(glGetUniformLocation(p, "depth"), net.depth);
  glUniform1i(glGetUniformLocation(p, "width"), net.width);
  glUniform1i(glGetUniformLocation(p, "act"), int(net.act));
  glUniform1i(glGetUniformLocation(p, "displayMap"), int(net.map));
  glUniform1i(glGetUniformLocation(p, "rawOutput"), raw ? 1 : 0);
  glUniform1i(glGetUniformLocation(p, "net"), 0);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, netTexture);
}

void CanvasRenderer::drawField(const Canvas& canvas, const FieldLayer& f, const ImVec4& clip) {
  if (!f.texture) return;
  scissor(canvas, clip);
  const FieldTexture* ft = FieldTexture::find(f.texture);
  if (ft && ft->gpuNet() && netProgram()) {  // the network at every pixel
    glUseProgram(netProgram_);
    setShadeUniforms(netProgram_, f, float(canvas.width()), float(canvas.height()));
    setNetUniforms(*ft->gpuNet(), ft->netTexture(), false);
  } else {  // the grid, interpolated
    glUseProgram(fieldProgram_);
    setShadeUniforms(fieldProgram_, f, float(canvas.width()), float(canvas.height()));
    glUniform1i(glGetUniformLocation(fieldProgram_, "field"), 0);
    glBindTexture(GL_TEXTURE_2D, f.texture);
  }
  glBindVertexArray(emptyVao_);
  glDrawArrays(GL_TRIANGLES, 0, 6);
}

std::vector<float> CanvasRenderer::renderNetValues(const CriticNet& net, int w, int h) {
  if (!netProgram()) throw std::runtime_error("the critic field shader does not build");
  NetTexture weights;
  weights.upload(net);
  GLuint target = 0, fbo = 0;
  glGenTextures(1, &target);
  glBindTexture(GL_TEXTURE_2D, target);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, w, h, 0, GL_RED, GL_FLOAT, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glGenFramebuffers(1, &fbo);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, target, 0);
  const bool complete = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
  std::vector<float> values;
  if (complete) {
    glViewport(0, 0, w, h);
    glDisable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_DEPTH_TEST);
    glClearColor(0, 0, 0, 0);
    glClear(GL_COLOR_BUFFER_BIT);
    glUseProgram(netProgram_);
    FieldLayer whole;  // the box over the whole target: row 0 at the bottom is box.ymin
    whole.p0 = ImVec2(0, 0);
    whole.p1 = ImVec2(float(w), float(h));
    setShadeUniforms(netProgram_, whole, float(w), float(h));
    setNetUniforms(net, weights.id(), true);
    glBindVertexArray(emptyVao_);
    glDrawArrays(GL_TRIANGLES, 0, 6);
    values.resize(size_t(w) * size_t(h));
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glReadPixels(0, 0, w, h, GL_RED, GL_FLOAT, values.data());
    glBindVertexArray(0);
    glUseProgram(0);
  }
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glDeleteFramebuffers(1, &fbo);
  glDeleteTextures(1, &target);
  if (!complete) throw std::runtime_error("an R32F framebuffer is not renderable here");
  return values;
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
