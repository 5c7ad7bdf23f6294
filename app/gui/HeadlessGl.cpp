// HeadlessGl (see HeadlessGl.h).
#include "gui/HeadlessGl.h"

#include <epoxy/egl.h>  // epoxy's EGL header: the system one clashes with epoxy/gl.h
#include <epoxy/gl.h>
#include <imgui.h>

#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace gs {

namespace {

bool hasExtension(const char* list, const char* name) {
  if (!list) return false;
  const size_t n = std::strlen(name);
  for (const char* p = list; (p = std::strstr(p, name)); p += n)
    if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) return true;
  return false;
}

std::string eglErrorText() {
  char buf[32];
  std::snprintf(buf, sizeof buf, "EGL error 0x%04x", unsigned(eglGetError()));
  return buf;
}

[[noreturn]] void missing(const std::string& what) {
  throw std::runtime_error("no headless OpenGL: " + what +
                           " (needs Mesa's EGL with the surfaceless platform: Debian packages libegl1 and "
                           "libegl-mesa0)");
}

}  // namespace

struct HeadlessGl::Egl {
  EGLDisplay display = EGL_NO_DISPLAY;
  EGLContext context = EGL_NO_CONTEXT;
  ImGuiContext* imgui = nullptr;
};

HeadlessGl::HeadlessGl(float fontPx) : egl_(std::make_unique<Egl>()) {
  const char* clientExtensions = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
  if (!hasExtension(clientExtensions, "EGL_MESA_platform_surfaceless"))
    missing("EGL does not offer EGL_MESA_platform_surfaceless");
  auto getPlatformDisplay =
      reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(eglGetProcAddress("eglGetPlatformDisplayEXT"));
  if (!getPlatformDisplay) missing("eglGetPlatformDisplayEXT is not available");
  egl_->display = getPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
  EGLint major = 0, minor = 0;
  if (egl_->display == EGL_NO_DISPLAY || !eglInitialize(egl_->display, &major, &minor))
    missing("cannot initialise the surfaceless EGL display (" + eglErrorText() + ")");
  egl_->imgui = nullptr;
  try {
    if (!hasExtension(eglQueryString(egl_->display, EGL_EXTENSIONS), "EGL_KHR_surfaceless_context"))
      missing("EGL_KHR_surfaceless_context is not supported");
    if (!eglBindAPI(EGL_OPENGL_API)) missing("EGL cannot bind desktop OpenGL (" + eglErrorText() + ")");
    // No surface: any config that can render desktop GL (eglChooseConfig's default asks for windows).
    const EGLint configAttribs[] = {EGL_SURFACE_TYPE, 0, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_NONE};
    EGLConfig config = nullptr;
    EGLint count = 0;
    if (!eglChooseConfig(egl_->display, configAttribs, &config, 1, &count) || count < 1) {
      if (!hasExtension(eglQueryString(egl_->display, EGL_EXTENSIONS), "EGL_KHR_no_config_context"))
        missing("no EGL config renders desktop OpenGL (" + eglErrorText() + ")");
      config = EGL_NO_CONFIG_KHR;
    }
    const EGLint contextAttribs[] = {
        EGL_CONTEXT_MAJOR_VERSION,           3,       EGL_CONTEXT_MINOR_VERSION, 3, EGL_CONTEXT_OPENGL_PROFILE_MASK,
        EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE};
    egl_->context = eglCreateContext(egl_->display, config, EGL_NO_CONTEXT, contextAttribs);
    if (egl_->context == EGL_NO_CONTEXT) missing("cannot create an OpenGL 3.3 core context (" + eglErrorText() + ")");
    if (!eglMakeCurrent(egl_->display, EGL_NO_SURFACE, EGL_NO_SURFACE, egl_->context))
      missing("cannot make the context current without a surface (" + eglErrorText() + ")");
  } catch (...) {
    if (egl_->context != EGL_NO_CONTEXT) eglDestroyContext(egl_->display, egl_->context);
    eglTerminate(egl_->display);
    throw;
  }

  // The views' text comes from ImGui's font atlas, as in the window.
  egl_->imgui = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  fonts_ = loadFonts(io, fontPx);
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  glGenTextures(1, &fontTexture_);
  glBindTexture(GL_TEXTURE_2D, fontTexture_);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
  io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(intptr_t(fontTexture_)));
}

HeadlessGl::~HeadlessGl() {
  if (fontTexture_) glDeleteTextures(1, &fontTexture_);
  if (egl_->imgui) ImGui::DestroyContext(egl_->imgui);
  eglMakeCurrent(egl_->display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
  eglDestroyContext(egl_->display, egl_->context);
  eglTerminate(egl_->display);
}

std::string HeadlessGl::renderer() const {
  const GLubyte* r = glGetString(GL_RENDERER);
  return r ? reinterpret_cast<const char*>(r) : "unknown";
}

}  // namespace gs
