// The window's test probe: with `ganscope --test-state FILE` the app writes, every few frames,
// a JSON file naming each widget it drew (id -> screen rectangle in window pixels) and the state
// a test checks after driving the window with real X input: the session's and the edited
// config, the step, open menus, the last saved file, the banner, the toast. Off (and free)
// otherwise. Tests find widgets by id, never by hard-coded pixels.
//
// Widget ids are "<scope>.<name>": scopes nest (ProbeScope); a label "text##name" is named by
// the part after "##", a plain label by itself.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gs {

class TestProbe {
 public:
  explicit TestProbe(std::string path) : path_(std::move(path)) {}
  bool enabled() const { return !path_.empty(); }

  void beginFrame();
  // Records ImGui's last item under `id` (prefixed with the current scope).
  void item(const std::string& id, const char* kind);
  // Records an explicit rectangle (screen pixels), e.g. a combo's frame while its list is open.
  void rect(const std::string& id, const char* kind, float x0, float y0, float x1, float y1, bool visible);
  void pushScope(const std::string& s) { scopes_.push_back(s); }
  void popScope() { scopes_.pop_back(); }
  nlohmann::json& state() { return state_; }
  void setLastValue(const nlohmann::json& v) { setLast("value", v); }
  // Adds a field to the last recorded widget (or, after selectLast, to the one named).
  void setLast(const std::string& field, const nlohmann::json& v) {
    if (!lastId_.empty()) widgets_[lastId_][field] = v;
  }
  void selectLast(const std::string& label) { lastId_ = idFor(label); }
  // Writes the file (temp + rename) at most every 50 ms; a failed write is reported once.
  void endFrame(double now);

 private:
  std::string idFor(const std::string& label) const;
  std::string path_;
  std::vector<std::string> scopes_;
  nlohmann::json widgets_ = nlohmann::json::object();
  nlohmann::json state_ = nlohmann::json::object();
  std::string lastId_;
  long long frame_ = 0;
  double lastWrite_ = -1;
  bool reportedError_ = false;
};

// The probe of the current ImGui context (io.UserData), or nullptr when tests are not probing.
TestProbe* activeProbe();
void bindProbe(TestProbe* probe);

// Call after a widget: records it when a probe is active. `id` defaults to the widget's label.
void probeItem(const char* id, const char* kind = "item");
// The same with the widget's current value (a checkbox's state, a slider's number).
void probeItem(const char* id, const char* kind, const nlohmann::json& value);
// A combo: call before BeginCombo (the frame's rectangle), and probeItem for each list entry
// as "<combo>.<entry>" while the list is open.
void probeNextFrame(const char* id, const char* kind);

struct ProbeScope {
  explicit ProbeScope(const std::string& s) {
    if (TestProbe* p = activeProbe()) p->pushScope(s);
  }
  ~ProbeScope() {
    if (TestProbe* p = activeProbe()) p->popScope();
  }
  ProbeScope(const ProbeScope&) = delete;
  ProbeScope& operator=(const ProbeScope&) = delete;
};

}  // namespace gs
