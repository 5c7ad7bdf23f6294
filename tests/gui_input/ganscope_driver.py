"""Drives the real ganscope window with real X input (xdotool / XTEST) and reads what it did.

The app, started with `--test-state FILE`, rewrites FILE (temp + rename, at most every 50 ms) with
its frame counter, every widget it drew (id -> rectangle in window pixels, kind, visible, active)
and the state a test checks (step, running, config, edited_config, text fields, toast, ...).
Tests find widgets by id in that registry, never by pixels, and wait for effects by polling the
file for later frames: bounded waits, no long sleeps.

Each scenario gets its own Xvfb server (the screen test.sh gives xvfb-run), so parallel ctest
jobs and other GUI tests' windows cannot take the pointer or the keyboard focus.
"""

import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import time

SKIP = 77  # ctest SKIP_RETURN_CODE
# Waits are bounded but generous: on a loaded 2-core machine snapshots (which carry "running",
# "step", "config") can lag the frames by seconds. Scale them with GANSCOPE_GUI_TIMEOUT_SCALE.
TIMEOUT_SCALE = float(os.environ.get("GANSCOPE_GUI_TIMEOUT_SCALE", "2.5"))


def _die_with_parent():
    """Child processes (Xvfb, ganscope) get SIGTERM when the test process dies (ctest timeout)."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class Skip(Exception):
    pass


class Failure(Exception):
    pass


def need_tools():
    if not shutil.which("xdotool"):
        raise Skip("xdotool is not installed (scripts/setup.sh installs it)")
    if not shutil.which("Xvfb") and not os.environ.get("DISPLAY"):
        raise Skip("neither Xvfb nor DISPLAY: no X server to drive")


class XServer:
    """A private Xvfb, or the ambient DISPLAY when Xvfb is missing."""

    def __init__(self, width=1920, height=1080):
        self.proc = None
        if not shutil.which("Xvfb"):
            self.display = os.environ["DISPLAY"]
            return
        r, w = os.pipe()
        self.proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(w), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp",
             "-noreset"],
            pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=_die_with_parent)
        os.close(w)
        digits = b""
        deadline = time.time() + 20
        while time.time() < deadline and not digits.endswith(b"\n"):
            chunk = os.read(r, 16)
            if not chunk:
                break
            digits += chunk
        os.close(r)
        if not digits.strip():
            self.close()
            raise Skip("Xvfb did not start")
        self.display = ":" + digits.decode().strip()

    def close(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.proc = None


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


class App:
    """One ganscope process on an X display, with its probe file and input helpers."""

    def __init__(self, binary, workdir, display, preset="wgan-gp-ring8", extra=(), log=print):
        self.binary, self.workdir, self.display, self.log = binary, workdir, display, log
        os.makedirs(workdir, exist_ok=True)
        self.state_path = os.path.join(workdir, "state.json")
        if os.path.exists(self.state_path):
            os.remove(self.state_path)
        self.env = dict(os.environ, DISPLAY=display)
        self.env.setdefault("OMP_NUM_THREADS", "1")
        self.err_path = os.path.join(workdir, "stderr.txt")
        self.out_path = os.path.join(workdir, "stdout.txt")
        args = [binary, "--preset", preset, "--test-state", self.state_path, *extra]
        self.log("start: " + " ".join(args))
        self._err = open(self.err_path, "w")
        self._out = open(self.out_path, "w")
        self.proc = subprocess.Popen(args, cwd=workdir, env=self.env, stdout=self._out, stderr=self._err,
                                     preexec_fn=_die_with_parent)
        self.s, self._key = None, None
        self.window = None
        self.s = self.wait(lambda s: s.get("widgets"), 30, "the first test-state file with widgets")
        self.window = self._find_window()
        # No window manager: give the window the keyboard focus explicitly.
        self.xdo("windowfocus", "--sync", self.window, check=False)

    # ---- process health -------------------------------------------------------------------

    def stderr(self):
        try:
            with open(self.err_path, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def check_alive(self, what="the last action"):
        err = self.stderr()
        if "Assertion" in err:
            raise Failure(f"ImGui assertion after {what}:\n{err[-2000:]}")
        rc = self.proc.poll()
        if rc is not None:
            how = f"signal {signal.Signals(-rc).name}" if rc < 0 else f"exit code {rc}"
            raise Failure(f"ganscope died ({how}) after {what}; stderr:\n{err[-2000:]}")

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._err.close()
        self._out.close()

    # ---- state ----------------------------------------------------------------------------

    def read(self):
        """The newest probe state (parsed again only when the file was replaced)."""
        try:
            st = os.stat(self.state_path)
            key = (st.st_ino, st.st_mtime_ns, st.st_size)
            if key == self._key and self.s is not None:
                return self.s
            with open(self.state_path) as f:
                s = json.load(f)
        except (OSError, ValueError):
            return None
        self.s, self._key = s, key
        return s

    def wait(self, pred, timeout=4.0, what="a condition"):
        """Polls the probe file until pred(state) is truthy; returns that state."""
        timeout *= TIMEOUT_SCALE
        deadline = time.time() + timeout
        polls = 0
        while True:
            polls += 1
            s = self.read()
            if s is not None:
                try:
                    if pred(s):
                        return s
                except (KeyError, TypeError, IndexError):
                    pass
            if self.proc.poll() is not None or (polls % 8 == 0 and "Assertion" in self.stderr()):
                self.check_alive(f"waiting for {what}")
            if time.time() > deadline:
                self.check_alive(f"waiting for {what}")
                last = self.s or {}
                raise Failure(f"timed out after {timeout:.1f} s waiting for {what} (last state: frame "
                              f"{last.get('frame')}, pending_input_events {last.get('pending_input_events')})")
            time.sleep(0.025)

    def frame(self):
        s = self.read() or self.s
        return s["frame"] if s else 0

    def settle(self, frames=3, stall=4.0, cap=40.0):
        """Waits until the app has drawn `frames` more frames and holds no queued input.

        The app may spread a burst of keys over many frames (one consistent set per frame), so
        the wait lasts while the queue keeps shrinking; it fails when frames stop coming or the
        queue stops draining for `stall` seconds, or after `cap` seconds in all."""
        f0 = self.frame()
        start = last_progress = time.time()
        best = None
        while True:
            left = max(0.2, min(stall - (time.time() - last_progress), cap - (time.time() - start)))
            try:
                return self.wait(lambda s: s["frame"] >= f0 + frames and not s.get("pending_input_events", 0),
                                 min(left, 0.5), f"{frames} frames with the input queue drained")
            except Failure:
                s = self.s or {}
                pending = s.get("pending_input_events", 0)
                if best is None or pending < best:
                    best, last_progress = pending, time.time()
                if time.time() - last_progress > stall or time.time() - start > cap:
                    raise

    def widgets(self, prefix="", kind=None):
        w = (self.read() or self.s)["widgets"]
        return {k: v for k, v in w.items() if k.startswith(prefix) and (kind is None or v.get("kind") == kind)}

    def widget(self, wid, timeout=3.0):
        s = self.wait(lambda s: wid in s["widgets"], timeout, f"widget '{wid}' in the registry")
        return s["widgets"][wid]

    # ---- X input --------------------------------------------------------------------------

    def xdo(self, *args, check=True):
        r = subprocess.run(["xdotool", *map(str, args)], env=self.env, capture_output=True, text=True, timeout=60)
        if check and r.returncode != 0:
            raise Failure(f"xdotool {' '.join(map(str, args))} failed: {r.stderr.strip()}")
        return r.stdout

    def _find_window(self):
        deadline = time.time() + 15
        while time.time() < deadline:
            out = self.xdo("search", "--pid", self.proc.pid, check=False).split()
            # GLFW makes one visible top-level window; pick the largest mapped one.
            best, area = None, -1
            for wid in out:
                geo = self.xdo("getwindowgeometry", "--shell", wid, check=False)
                vals = dict(l.split("=", 1) for l in geo.split() if "=" in l)
                a = int(vals.get("WIDTH", 0)) * int(vals.get("HEIGHT", 0))
                if a > area:
                    best, area = wid, a
            if best and area > 1:
                return best
            self.check_alive("start-up")
            time.sleep(0.1)
        raise Failure("no X window for the ganscope process")

    def point(self, wid, fx=0.5, fy=0.5, dx=0.0):
        """A point of the widget's on-screen part (fx, fy: fractions of that part)."""
        w = self.widget(wid)
        dw, dh = (self.s.get("display") or [1e9, 1e9])
        x0, y0 = max(w["x"], 0), max(w["y"], 0)
        x1, y1 = min(w["x"] + w["w"], dw - 1), min(w["y"] + w["h"], dh - 1)
        return int(x0 + (x1 - x0) * fx + dx), int(y0 + (y1 - y0) * fy)

    def move(self, x, y):
        self.xdo("mousemove", "--window", self.window, int(x), int(y))

    def click_at(self, x, y, button=1, mods=()):
        """A human click: move, a moment's hover, press, a frame, release."""
        self.move(x, y)
        time.sleep(0.05)
        for m in mods:
            self.xdo("keydown", m)
        self.xdo("mousedown", button)
        self.settle(1)
        self.xdo("mouseup", button)
        for m in reversed(mods):
            self.xdo("keyup", m)
        self.settle(2)

    def click(self, wid, fx=0.5, fy=0.5, button=1, mods=()):
        w = self.reveal(wid)
        if not w.get("visible", True):
            raise Failure(f"widget '{wid}' is not visible, cannot click it")
        self.click_at(*self.point(wid, fx, fy), button=button, mods=mods)

    def drag(self, x0, y0, x1, y1, steps=8):
        self.move(x0, y0)
        self.settle(2)
        self.xdo("mousedown", 1)
        self.settle(1)
        for i in range(1, steps + 1):
            self.move(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps)
            time.sleep(0.02)
        self.settle(2)
        self.xdo("mouseup", 1)
        self.settle(2)

    def wheel(self, x, y, clicks):
        """Mouse wheel over (x, y): clicks > 0 scrolls down."""
        self.move(x, y)
        self.settle(1)
        button = 5 if clicks > 0 else 4
        for _ in range(abs(clicks)):
            self.xdo("click", button)
            time.sleep(0.03)
        self.settle(3)

    def key(self, *keys, delay_ms=12):
        """xdotool key names, e.g. key('ctrl+a'), key('BackSpace', 'Return')."""
        self.xdo("key", "--delay", delay_ms, *keys)

    def type(self, text, delay_ms=100):
        """Types text as X key events (Shift pressed for capitals and symbols); 100 ms ~ a person."""
        self.xdo("type", "--delay", delay_ms, "--", text)

    # ---- helpers over the registry --------------------------------------------------------

    def controls_anchor(self):
        """A point inside the controls panel that is not on a slider (for the wheel)."""
        w = self.widgets("controls.")
        vis = [v for v in w.values() if v.get("visible")]
        if not vis:
            raise Failure("no visible controls widget to scroll the panel")
        x0 = min(v["x"] for v in vis)
        ys = sorted(v["y"] + v["h"] / 2 for v in vis)
        return x0 + 2, ys[len(ys) // 2]

    def reveal(self, wid, timeout=3.0):
        """Makes `wid` drawn and visible: opens the collapsed controls sections, scrolls the panel."""
        s = self.read() or self.s
        if wid not in s["widgets"] and wid.startswith("controls."):
            self.open_sections()
        w = self.widget(wid, timeout)
        font = (self.s.get("font_px") or 20)

        def clear(w):
            # Visible and clear of the screen's bottom rows (the status bar): ImGui calls a widget
            # visible when any part of it is inside its window, and a click on a half-hidden one
            # lands on whatever covers the rest.
            # Clear of the top edge, too: one cut by it gets the click on what is above it.
            disp_h = (self.s.get("display") or [1920, 1080])[1]
            # (Not for the entries of an open list: they sit in their popup, not in the panel.)
            in_popup = (self.s.get("widgets", {}).get(wid.rsplit(".", 1)[0], {}).get("kind") == "combo")
            return (w.get("visible", True) and (in_popup or w.get("top_clear", True)) and
                    w["y"] + w["h"] <= disp_h - 1.6 * font)

        if not wid.startswith("controls.") or clear(w):
            return w
        for _ in range(30):
            disp_h = (self.s.get("display") or [1920, 1080])[1]
            # ImGui scrolls 5 lines (or 2/3 of the window) per wheel notch; aim for the middle.
            dist = w["y"] - disp_h / 2
            clicks = max(1, min(6, int(abs(dist) / (5 * font))))
            was = w["y"]
            self.wheel(*self.controls_anchor(), clicks if dist > 0 else -clicks)
            w = self.widget(wid)
            if clear(w) or (w.get("visible") and abs(w["y"] - was) < 0.5):  # or the panel's end
                return w
        raise Failure(f"could not scroll '{wid}' into view")

    def reveal_among(self, wid, group):
        """Scrolls a popup (the window holding `group`'s widgets) until `wid` is visible."""
        w = self.widget(wid)
        font = (self.s.get("font_px") or 20)
        for _ in range(6):
            if w.get("visible"):
                return w
            vis = [v for k, v in self.widgets().items() if k in group and v.get("visible") and v["kind"] != "slider"]
            if not vis:
                raise Failure(f"nothing of {wid}'s popup is visible to scroll it")
            anchor = min(vis, key=lambda v: abs(v["y"] - w["y"]))
            dist = w["y"] - anchor["y"]
            clicks = max(1, min(6, int(abs(dist) / (5 * font))))
            self.wheel(anchor["x"] + 4, anchor["y"] + anchor["h"] / 2, clicks if dist > 0 else -clicks)
            w = self.widget(wid)
        raise Failure(f"could not scroll '{wid}' into view")

    def open_sections(self):
        """Clicks every collapsed controls section header (sections whose widgets are absent)."""
        for hid in sorted(self.widgets("controls.", kind="header")):
            name = hid.rsplit(".", 1)[-1].lower()
            scope = hid.replace("section.", "").rsplit(".", 1)[0] + "." + name + "."
            if any(k.startswith(scope) for k in self.widgets(scope)):
                continue
            hw = self.reveal(hid)
            self.click_at(*self.point(hid, 0.3, 0.5))
            try:
                self.wait(lambda s: any(k.startswith(scope) for k in s["widgets"]), 3, f"section {hid} to open")
            except Failure:
                pass  # a section with no probed widgets; nothing to open
            del hw
