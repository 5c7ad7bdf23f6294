// OpenGL helpers (see GlUtil.h).
#include "gui/GlUtil.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

// The implementation comes from Debian's libstb (linked through the imgui pkg-config file).
#include <stb/stb_image_write.h>

#include "util/AtomicFile.h"

namespace gs {

static GLuint compileShader(GLenum type, const char* source, const char* name) {
  GLuint s = glCreateShader(type);
  glShaderSource(s, 1, &source, nullptr);
  glCompileShader(s);
  GLint ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[2048] = {};
    glGetShaderInfoLog(s, sizeof log, nullptr, log);
    glDeleteShader(s);
    throw std::runtime_error(std::string("shader ") + name + ": " + log);
  }
  return s;
}

GLuint buildProgram(const char* vertexSource, const char* fragmentSource, const char* name) {
  GLuint vs = compileShader(GL_VERTEX_SHADER, vertexSource, name);
  GLuint fs = compileShader(GL_FRAGMENT_SHADER, fragmentSource, name);
  GLuint p = glCreateProgram();
  glAttachShader(p, vs);
  glAttachShader(p, fs);
  glLinkProgram(p);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(p, GL_LINK_STATUS, &ok);
  if (!ok) {
    char log[2048] = {};
    glGetProgramInfoLog(p, sizeof log, nullptr, log);
    glDeleteProgram(p);
    throw std::runtime_error(std::string("program ") + name + ": " + log);
  }
  return p;
}

Framebuffer::~Framebuffer() {
  if (fbo_) glDeleteFramebuffers(1, &fbo_);
  if (texture_) glDeleteTextures(1, &texture_);
}

void Framebuffer::resize(int width, int height) {
  width = width < 1 ? 1 : width;
  height = height < 1 ? 1 : height;
  if (fbo_ && width == width_ && height == height_) return;
  if (!fbo_) {
    glGenFramebuffers(1, &fbo_);
    glGenTextures(1, &texture_);
  }
  width_ = width;
  height_ = height;
  glBindTexture(GL_TEXTURE_2D, texture_);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture_, 0);
  GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  if (status != GL_FRAMEBUFFER_COMPLETE)
    throw std::runtime_error("offscreen framebuffer incomplete (status " + std::to_string(status) + ")");
}

void Framebuffer::bind() const {
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glViewport(0, 0, width_, height_);
}

void Framebuffer::unbind() { glBindFramebuffer(GL_FRAMEBUFFER, 0); }

std::vector<uint8_t> Framebuffer::readPixels() const {
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  auto px = readPixelsTopDown(width_, height_);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  return px;
}

std::vector<uint8_t> readPixelsTopDown(int width, int height) {
  std::vector<uint8_t> px(size_t(width) * size_t(height) * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  // GL's row 0 is the bottom row; images start at the top.
  const size_t row = size_t(width) * 4;
  std::vector<uint8_t> tmp(row);
  for (int y = 0; y < height / 2; ++y) {
    uint8_t* a = px.data() + size_t(y) * row;
    uint8_t* b = px.data() + size_t(height - 1 - y) * row;
    std::memcpy(tmp.data(), a, row);
    std::memcpy(a, b, row);
    std::memcpy(b, tmp.data(), row);
  }
  for (size_t i = 3; i < px.size(); i += 4) px[i] = 255;  // screenshots are opaque
  return px;
}

std::string writePngAtomic(const std::string& path, const std::vector<uint8_t>& rgba, int width, int height,
                           const std::vector<PngText>& text) {
  if (path.empty()) return "no file name given for the PNG";
  if (width < 1 || height < 1 || rgba.size() != size_t(width) * size_t(height) * 4)
    return "cannot write " + path + ": no picture (" + std::to_string(width) + "x" + std::to_string(height) + ")";
  std::string png;
  auto append = [](void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data), size_t(size));
  };
  if (!stbi_write_png_to_func(append, &png, width, height, 4, rgba.data(), width * 4))
    return "cannot encode " + path + " as PNG";
  try {
    writeFileAtomic(path, text.empty() ? png : pngInsertText(png, text));
  } catch (const std::exception& e) { return std::string(e.what()) + " (is the folder there and writable?)"; }
  return "";
}

}  // namespace gs
