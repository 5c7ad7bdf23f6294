// The input queue (app/gui/InputQueue.h) against a real Dear ImGui 1.86 context and a real
// InputText: bursts of key events that arrive within one frame (quick taps, Shift and Ctrl
// combinations, 30 Backspaces) must reach the text field complete, in order, and without
// changing the modifiers inside a frame (libimgui.a asserts on that and aborts the process).
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include <string>

#include "gui/InputQueue.h"

namespace {

using Kind = gs::InputQueue::Kind;

struct Field {
  gs::InputQueue queue;
  std::string text;
  int frames = 0;

  Field() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(800, 600);
    io.DeltaTime = 1.0f / 15;  // a slow frame rate: many events per frame
    unsigned char* px;
    int w, h;
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
    // The GLFW backend's key map (imgui_impl_glfw.cpp, 1.86).
    io.KeyMap[ImGuiKey_Tab] = GLFW_KEY_TAB;
    io.KeyMap[ImGuiKey_LeftArrow] = GLFW_KEY_LEFT;
    io.KeyMap[ImGuiKey_RightArrow] = GLFW_KEY_RIGHT;
    io.KeyMap[ImGuiKey_UpArrow] = GLFW_KEY_UP;
    io.KeyMap[ImGuiKey_DownArrow] = GLFW_KEY_DOWN;
    io.KeyMap[ImGuiKey_Home] = GLFW_KEY_HOME;
    io.KeyMap[ImGuiKey_End] = GLFW_KEY_END;
    io.KeyMap[ImGuiKey_Delete] = GLFW_KEY_DELETE;
    io.KeyMap[ImGuiKey_Backspace] = GLFW_KEY_BACKSPACE;
    io.KeyMap[ImGuiKey_Enter] = GLFW_KEY_ENTER;
    io.KeyMap[ImGuiKey_Escape] = GLFW_KEY_ESCAPE;
    io.KeyMap[ImGuiKey_A] = GLFW_KEY_A;
    io.KeyMap[ImGuiKey_C] = GLFW_KEY_C;
    io.KeyMap[ImGuiKey_V] = GLFW_KEY_V;
    io.KeyMap[ImGuiKey_X] = GLFW_KEY_X;
    io.KeyMap[ImGuiKey_Y] = GLFW_KEY_Y;
    io.KeyMap[ImGuiKey_Z] = GLFW_KEY_Z;
    frame();  // first frame: lay out
  }
  ~Field() { ImGui::DestroyContext(); }

  void frame(bool focus = false) {
    queue.applyFrame(ImGui::GetIO());
    ImGui::NewFrame();
    ImGui::Begin("w");
    if (focus || frames == 1) ImGui::SetKeyboardFocusHere();
    ImGui::InputText("field", &text);
    ImGui::End();
    ImGui::Render();
    ++frames;
  }
  // Clicks into the field, as a person does before typing (focus lands on the next frame).
  void focus() {
    frame(true);
    frame();
    frame();
  }
  // Runs frames until the queue is empty (bounded).
  void drain() {
    for (int i = 0; i < 2000 && queue.pending() > 0; ++i) frame();
    frame();
  }
  void tap(int key) {
    queue.push({Kind::KeyDown, key, 0});
    queue.push({Kind::KeyUp, key, 0});
  }
  void type(const std::string& s) {
    for (char ch : s) {
      const bool upper = (ch >= 'A' && ch <= 'Z') || ch == '_';
      int key = ch >= 'a' && ch <= 'z'   ? GLFW_KEY_A + (ch - 'a')
                : ch >= 'A' && ch <= 'Z' ? GLFW_KEY_A + (ch - 'A')
                : ch == '_'              ? GLFW_KEY_MINUS
                : ch == '/'              ? GLFW_KEY_SLASH
                : ch == '.'              ? GLFW_KEY_PERIOD
                                         : GLFW_KEY_0 + (ch - '0');
      if (upper) queue.push({Kind::KeyDown, GLFW_KEY_LEFT_SHIFT, 0});
      queue.push({Kind::KeyDown, key, 0});
      queue.push({Kind::Char, -1, static_cast<unsigned char>(ch)});
      queue.push({Kind::KeyUp, key, 0});
      if (upper) queue.push({Kind::KeyUp, GLFW_KEY_LEFT_SHIFT, 0});
    }
  }
};

TEST(InputQueue, ABurstOfShiftedTextArrivesWholeAndInOrder) {
  Field f;
  f.focus();
  f.type("/tmp/My_Points_2D.csv");  // all in one frame's worth of events
  f.drain();
  EXPECT_EQ(f.text, "/tmp/My_Points_2D.csv");
}

TEST(InputQueue, ThirtyBackspacesInOneFrameRemoveThirtyCharacters) {
  Field f;
  f.focus();
  f.type("abcdefghijklmnopqrstuvwxyz0123456789");
  f.drain();
  ASSERT_EQ(f.text.size(), 36u);
  for (int i = 0; i < 30; ++i) f.tap(GLFW_KEY_BACKSPACE);
  f.drain();
  EXPECT_EQ(f.text, "abcdef");
}

TEST(InputQueue, BackspaceThenTextKeepsItsOrder) {
  Field f;
  f.focus();
  f.type("abc");
  f.drain();
  f.tap(GLFW_KEY_BACKSPACE);
  f.type("xy");
  f.drain();
  EXPECT_EQ(f.text, "abxy");
}

TEST(InputQueue, QuickCtrlASelectAllNeverChangesModifiersInsideAFrame) {
  Field f;
  f.focus();
  f.type("12345");
  f.drain();
  // Twenty quick Ctrl+A, the way the abort was reproduced: each press and release in one burst.
  for (int i = 0; i < 20; ++i) {
    f.queue.push({Kind::KeyDown, GLFW_KEY_LEFT_CONTROL, 0});
    f.tap(GLFW_KEY_A);
    f.queue.push({Kind::KeyUp, GLFW_KEY_LEFT_CONTROL, 0});
  }
  f.drain();
  // Then typing replaces the selection.
  f.type("7");
  f.drain();
  EXPECT_EQ(f.text, "7");
  EXPECT_FALSE(ImGui::GetIO().KeyCtrl);
}

TEST(InputQueue, EachKeyChangesAtMostOncePerFrame) {
  gs::InputQueue q;
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  for (int i = 0; i < 3; ++i) {
    q.push({Kind::KeyDown, GLFW_KEY_S, 0});
    q.push({Kind::KeyUp, GLFW_KEY_S, 0});
  }
  int downFrames = 0, frames = 0;
  while (q.pending() > 0 && frames < 20) {
    q.applyFrame(io);
    downFrames += io.KeysDown[GLFW_KEY_S];
    ++frames;
  }
  EXPECT_EQ(downFrames, 3);  // three taps seen as three presses, none merged
  EXPECT_EQ(frames, 6);
  ImGui::DestroyContext();
}

}  // namespace
