// Keyboard and text input for ImGui 1.86, queued and applied between frames.
//
// ImGui 1.86 reads io.KeysDown / io.KeyCtrl / io.InputQueueCharacters once per frame and asserts
// (Debian's libimgui.a is built with assertions) that the modifiers do not change between
// NewFrame() and the widgets that read them. GLFW, however, can deliver a press and its release,
// or several presses of one key, within one frame. The queue keeps every event in order and
// hands ImGui, before each NewFrame(), the longest prefix that one frame can represent: each key
// changes state at most once, a modifier does not change after a key it would modify, and text
// does not arrive after an editing key (InputText processes characters before keys, so
// "Backspace, a" in one frame would become "a, Backspace"). What is left waits for the next
// frame, so no keystroke is lost or reordered at any frame rate.
#pragma once
#include <cstddef>
#include <vector>

struct GLFWwindow;
struct ImGuiIO;

namespace gs {

class InputQueue {
 public:
  enum class Kind { KeyDown, KeyUp, Char };
  struct Event {
    Kind kind;
    int key = -1;         // GLFW key code (KeyDown / KeyUp)
    unsigned int ch = 0;  // Unicode code point (Char)
  };

  // Routes the window's key and character callbacks here (after ImGui_ImplGlfw_InitForOpenGL).
  void install(GLFWwindow* window);

  void push(const Event& e) { pending_.push_back(e); }
  // Applies the events one frame can show to io; call right before ImGui::NewFrame().
  void applyFrame(ImGuiIO& io);
  size_t pending() const { return pending_.size(); }

 private:
  static void onKey(GLFWwindow* w, int key, int scancode, int action, int mods);
  static void onChar(GLFWwindow* w, unsigned int c);
  static void onFocus(GLFWwindow* w, int focused);
  std::vector<Event> pending_;
  void (*imguiFocus_)(GLFWwindow*, int) = nullptr;  // the backend's focus callback, chained
};

}  // namespace gs
