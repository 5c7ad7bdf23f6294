// InputQueue: GLFW key/char events trickled into ImGui 1.86 one consistent frame at a time.
#include "gui/InputQueue.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <bitset>

namespace gs {

namespace {

bool isModifier(int key) {
  switch (key) {
    case GLFW_KEY_LEFT_CONTROL:
    case GLFW_KEY_RIGHT_CONTROL:
    case GLFW_KEY_LEFT_SHIFT:
    case GLFW_KEY_RIGHT_SHIFT:
    case GLFW_KEY_LEFT_ALT:
    case GLFW_KEY_RIGHT_ALT:
    case GLFW_KEY_LEFT_SUPER:
    case GLFW_KEY_RIGHT_SUPER:
      return true;
    default:
      return false;
  }
}

// Keys InputText acts on without Ctrl (letters only matter as Ctrl shortcuts).
bool isEditingKey(int key) {
  return key == GLFW_KEY_BACKSPACE || key == GLFW_KEY_DELETE || key == GLFW_KEY_ENTER || key == GLFW_KEY_KP_ENTER ||
         key == GLFW_KEY_TAB || key == GLFW_KEY_ESCAPE || key == GLFW_KEY_LEFT || key == GLFW_KEY_RIGHT ||
         key == GLFW_KEY_UP || key == GLFW_KEY_DOWN || key == GLFW_KEY_HOME || key == GLFW_KEY_END ||
         key == GLFW_KEY_PAGE_UP || key == GLFW_KEY_PAGE_DOWN || key == GLFW_KEY_INSERT;
}

void updateModifiers(ImGuiIO& io) {
  io.KeyCtrl = io.KeysDown[GLFW_KEY_LEFT_CONTROL] || io.KeysDown[GLFW_KEY_RIGHT_CONTROL];
  io.KeyShift = io.KeysDown[GLFW_KEY_LEFT_SHIFT] || io.KeysDown[GLFW_KEY_RIGHT_SHIFT];
  io.KeyAlt = io.KeysDown[GLFW_KEY_LEFT_ALT] || io.KeysDown[GLFW_KEY_RIGHT_ALT];
  io.KeySuper = io.KeysDown[GLFW_KEY_LEFT_SUPER] || io.KeysDown[GLFW_KEY_RIGHT_SUPER];
}

}  // namespace

void InputQueue::install(GLFWwindow* window) {
  glfwSetWindowUserPointer(window, this);
  glfwSetKeyCallback(window, &InputQueue::onKey);
  glfwSetCharCallback(window, &InputQueue::onChar);
  imguiFocus_ = glfwSetWindowFocusCallback(window, &InputQueue::onFocus);
}

void InputQueue::onKey(GLFWwindow* w, int key, int, int action, int) {
  auto* q = static_cast<InputQueue*>(glfwGetWindowUserPointer(w));
  if (!q || key < 0 || key >= int(IM_ARRAYSIZE(ImGuiIO::KeysDown))) return;
  if (action == GLFW_REPEAT) {
    // While text is edited, each repeat is one more keystroke: GLFW also reports quick real
    // presses whose release X merged away as repeats, and each must count. Elsewhere ImGui
    // repeats held keys itself (a held Space must not toggle training 30 times a second).
    if (!ImGui::GetIO().WantTextInput) return;
    q->push({Kind::KeyUp, key, 0});
    q->push({Kind::KeyDown, key, 0});
    return;
  }
  q->push({action == GLFW_PRESS ? Kind::KeyDown : Kind::KeyUp, key, 0});
}

void InputQueue::onChar(GLFWwindow* w, unsigned int c) {
  if (auto* q = static_cast<InputQueue*>(glfwGetWindowUserPointer(w))) q->push({Kind::Char, -1, c});
}

void InputQueue::onFocus(GLFWwindow* w, int focused) {
  auto* q = static_cast<InputQueue*>(glfwGetWindowUserPointer(w));
  if (!q) return;
  // ImGui releases every key when the window loses focus; presses still queued would stick.
  if (!focused) q->pending_.clear();
  if (q->imguiFocus_) q->imguiFocus_(w, focused);
}

void InputQueue::applyFrame(ImGuiIO& io) {
  std::bitset<IM_ARRAYSIZE(ImGuiIO::KeysDown)> changed;
  bool keyApplied = false, editKeyPressed = false;
  size_t n = 0;
  for (; n < pending_.size(); ++n) {
    const Event& e = pending_[n];
    if (e.kind == Kind::Char) {
      if (editKeyPressed) break;
      io.AddInputCharacter(e.ch);
      continue;
    }
    const bool down = e.kind == Kind::KeyDown;
    if (io.KeysDown[e.key] == down) continue;  // nothing changes (e.g. a release after focus loss)
    if (changed[size_t(e.key)]) break;
    if (isModifier(e.key) && keyApplied) break;
    io.KeysDown[e.key] = down;
    changed[size_t(e.key)] = true;
    if (!isModifier(e.key)) {
      keyApplied = true;
      if (down && (isEditingKey(e.key) || io.KeyCtrl || io.KeySuper)) editKeyPressed = true;
    }
    updateModifiers(io);
  }
  pending_.erase(pending_.begin(), pending_.begin() + std::ptrdiff_t(n));
}

}  // namespace gs
