#!/usr/bin/env python3
"""Real-input GUI tests: the real ganscope window under Xvfb, driven with real X events (xdotool).

    gui_input_test.py --bin build/app/ganscope --scenario NAME [--workdir DIR]

Each scenario starts its own ganscope (`--test-state`) on its own Xvfb, clicks, drags and types
through widgets it finds in the app's registry, and checks the effect in the state the app
publishes (config of the next snapshot, files written, popups open), that the process is alive
after every action and that stderr never shows an ImGui "Assertion". Exit 0 = passed,
1 = failed, 77 = skipped (no xdotool / no X server); the last line says which.
"""

import argparse
import copy
import glob
import math
import os
import subprocess
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ganscope_driver import SKIP, App, Failure, Skip, XServer, need_tools, png_size  # noqa: E402

HUMAN_MS = 100  # ~10 characters per second
BURST_MS = 0


class Run:
    """One scenario: the X server, the app, and the checks made so far."""

    def __init__(self, args):
        self.args, self.checks, self.failures = args, 0, []
        self.xserver = XServer()
        self.app = None
        self.t0 = time.time()

    def log(self, msg):
        print(f"[{time.time() - self.t0:6.2f}s] {msg}", flush=True)

    def start(self, preset="wgan-gp-ring8", extra=()):
        if self.app:
            self.app.close()
        self.app = App(self.args.bin, self.args.workdir, self.xserver.display, preset, extra, self.log)
        self.check(self.app.s.get("pid") in (None, self.app.proc.pid), "probe pid is the started process")
        return self.app

    def check(self, ok, what, detail=""):
        self.checks += 1
        if ok:
            return True
        msg = what + (f" ({detail})" if detail else "")
        self.failures.append(msg)
        self.log("CHECK FAILED: " + msg)
        return False

    def alive(self, what):
        self.checks += 1
        self.app.check_alive(what)
        self.log("ok: " + what)

    def close(self):
        if self.app:
            self.app.close()
        self.xserver.close()


# ---- small helpers ----------------------------------------------------------------------------

def diff_paths(a, b, prefix=""):
    """Dotted paths where two JSON values differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            out += diff_paths(a.get(k), b.get(k), f"{prefix}{k}.")
        return out
    return [] if a == b else [prefix.rstrip(".")]


def at(obj, path):
    for p in path.split("."):
        if not isinstance(obj, dict) or p not in obj:
            return None
        obj = obj[p]
    return obj


def close_enough(a, b):
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-3, abs_tol=1e-9)
    return a == b


def wait_config_follows(r, edited, paths, what):
    """The running session's config takes the edited values (a command applied between steps)."""
    try:
        r.app.wait(lambda s: all(close_enough(at(s["config"], p), at(edited, p)) for p in paths), 4,
                   f"the session config to take {what}")
        r.check(True, what)
    except Failure as e:
        r.check(False, f"{what}: the session's config did not follow the edit", f"{e}; banner={r.app.s.get('banner')!r}")


def pause(r):
    a = r.app
    if a.read()["running"]:
        a.key("space")
        a.wait(lambda s: not s["running"], 3, "training to pause")
    # The step counter must be still before stepping tests compare it.
    last = a.read()["step"]
    for _ in range(20):
        time.sleep(0.15)
        now = a.read()["step"]
        if now == last:
            return now
        last = now
    raise Failure("step counter keeps moving while paused")


def close_popup(r):
    """Clicks the status bar (bottom edge of the window): closes any popup, touches nothing."""
    w, h = r.app.read()["display"]
    r.app.click_at(int(w * 0.6), int(h) - 3)


def visible(ws):
    return {k: v for k, v in ws.items() if v.get("visible", True)}


def new_widgets(before, after):
    return {k: v for k, v in after.items() if k not in before}


# ---- scenarios --------------------------------------------------------------------------------

def replace_text(a, text, frames):
    """In the focused field: select all, type `text` at human speed, Enter; the state after."""
    a.key("ctrl+a")
    a.type(text, HUMAN_MS)
    a.key("Return")
    return a.settle(frames)


def start_with_sections(r):
    """Starts the window, lets it settle and opens every collapsed controls section."""
    a = r.start()
    a.settle(3)
    a.open_sections()
    return a


def scenario_keys(r):
    """Every documented key: Space, S, D, G, R, M, H, F1, Esc, digits; none of them leak into text."""
    a = r.start()
    try:
        a.wait(lambda s: s["running"], 5, "training to start")
        r.check(True, "the window starts training")
    except Failure as e:
        r.check(False, "the window starts training", str(e))
    a.key("space")
    r.check(bool(a.wait(lambda s: not s["running"], 3, "Space to pause")), "Space pauses")
    a.key("space")
    r.check(bool(a.wait(lambda s: s["running"], 3, "Space to resume")), "Space resumes")
    a.wait(lambda s: s["step"] > 5, 10, "some training before the step keys")
    step = pause(r)
    r.alive("Space")

    a.key("s")
    s = a.wait(lambda s: s["step"] >= step + 1, 3, "S to step one iteration")
    time.sleep(0.3)
    r.check(a.read()["step"] == step + 1, "S steps exactly one iteration", f"{step} -> {a.s['step']}")
    r.check(not a.s["running"], "S leaves training paused")
    for k, what in (("d", "D: one discriminator step"), ("g", "G: one generator step")):
        v0 = a.read()["version"]
        st0 = a.s["step"]
        a.key(k)
        try:
            a.wait(lambda s: s["version"] > v0, 3, what)
            r.check(True, what)
        except Failure as e:
            r.check(False, what + " publishes a new snapshot", str(e))
        time.sleep(0.2)
        r.check(not a.read()["running"] and a.s["step"] <= st0 + 1, what + " leaves training paused")
        r.alive(what)

    step = a.read()["step"]
    a.key("r")
    a.wait(lambda s: s["step"] < step or s["step"] == 0, 3, "R to reset the run")
    r.check(a.read()["step"] <= 1, "R restarts the run at iteration 0", f"step {a.s['step']}")
    r.alive("R")

    for want in (True, False):
        a.key("m")
        try:
            a.wait(lambda s: s["slow_motion"] == want, 3, f"M to turn slow motion {'on' if want else 'off'}")
            r.check(True, "M toggles slow motion")
        except Failure as e:
            r.check(False, "M toggles slow motion", str(e))

    for k in ("h", "h", "F1", "F1"):
        want = not a.read()["help_visible"]
        a.key(k)
        try:
            a.wait(lambda s: s["help_visible"] == want, 3, f"{k} to {'open' if want else 'close'} help")
            r.check(True, f"{k} toggles help")
        except Failure as e:
            r.check(False, f"{k} toggles help", str(e))
    a.key("h")
    a.wait(lambda s: s["help_visible"], 3, "help open before Escape")
    a.key("Escape")
    try:
        a.wait(lambda s: not s["help_visible"], 3, "Escape to close help")
        r.check(True, "Escape closes help")
    except Failure as e:
        r.check(False, "Escape closes help", str(e))
    r.alive("the help keys")

    # Shortcut letters typed into a text field are text, not commands.
    fid = "controls.data.file"
    a.click(fid)
    a.key("ctrl+a", "BackSpace")
    s0 = a.settle(2)
    a.type("srmh 1", HUMAN_MS)
    s = a.settle(3)
    r.check(s["text"].get(fid) == "srmh 1", "letters typed in a text field arrive as text", repr(s["text"].get(fid)))
    r.check(s["step"] == s0["step"] and s["running"] == s0["running"] and s["slow_motion"] == s0["slow_motion"]
            and not s["help_visible"] and s["preset"] == s0["preset"],
            "shortcut keys do nothing while a text field has the keyboard")
    close_popup(r)  # clicking elsewhere ends the text edit
    a.settle(2)

    # Digits pick presets in `ganscope presets` order (destructive: last).
    names = [l.split()[0] for l in subprocess.run([r.args.bin, "presets"], capture_output=True, text=True,
                                                  env=a.env).stdout.splitlines() if l.strip()]
    for digit in ("2", "1"):
        want = names[int(digit) - 1]
        a.key(digit)
        try:
            a.wait(lambda s: s["preset"] == want and s["config"].get("title") is not None, 4, f"key {digit} to pick {want}")
            r.check(True, f"key {digit} picks preset {want}")
        except Failure as e:
            r.check(False, f"key {digit} picks preset {want}", str(e))
        r.alive(f"key {digit}")


def scenario_text_fields(r):
    """Bugs 1 and 5: Ctrl+A bursts, Shift-typed paths at human and burst speed, Backspace bursts,
    Ctrl+click a slider and type; no assertion, no lost or reordered keystroke."""
    a = r.start()
    a.settle(3)
    sid, fid = "controls.run.seed", "controls.data.file"

    # ~8 quick Ctrl+A in the seed field, then a new seed.
    a.click(sid, fx=0.2)
    a.key(*["ctrl+a"] * 8, delay_ms=40)
    a.settle(3)
    r.alive("8 quick Ctrl+A in the seed field")
    s = replace_text(a, "42", 3)
    r.check(s["text"].get(sid) == "42", "the seed field shows the typed seed", repr(s["text"].get(sid)))
    r.check(s["edited_config"]["train"]["seed"] == 42, "typing a seed edits the config", str(s["edited_config"]["train"]))
    wait_config_follows(r, s["edited_config"], ["train.seed"], "seed 42")
    r.alive("typing a seed")

    # A path with capitals and underscores (Shift) at ~10 characters per second.
    path = "/tmp/My_Points_File-A.csv"
    a.click(fid)
    a.key(*["ctrl+a"] * 8, delay_ms=40)
    a.key("BackSpace")
    a.settle(2)
    r.alive("Ctrl+A bursts in the CSV path field")
    a.type(path, HUMAN_MS)
    s = a.settle(3)
    r.alive("typing a path with Shift at 10 chars/s")
    r.check(s["text"].get(fid) == path, "human-speed typing arrives complete", repr(s["text"].get(fid)))

    # Burst: the same and a longer text as fast as X delivers it.
    a.key("ctrl+a", "BackSpace")
    burst = "Burst_Typed/CAPS_under_scores-0123456789.csv"
    a.type(burst, BURST_MS)
    s = a.settle(4)
    r.alive("burst typing")
    r.check(s["text"].get(fid) == burst, "burst typing arrives complete and in order", repr(s["text"].get(fid)))

    # 30 Backspaces at burst speed remove exactly 30 characters: 5 ms apart (several per frame),
    # then 1 ms apart (all 30 within a frame or two). With no delay at all (xdotool --delay 0)
    # the X server itself drops some of the identical-timestamp presses before any client sees
    # them (checked with a trace of GLFW's key callback: 4 of 5 presses arrive), so 1 ms is the
    # fastest burst a client can be held to.
    plain = "abcdefghij0123456789klmnopqrstuvwxyz.csv"  # no Shift: arrives in few frames
    for delay in (5, 1):
        a.key("ctrl+a", "BackSpace")
        a.type(plain, BURST_MS)
        a.settle(4)
        a.key("End")
        a.key(*["BackSpace"] * 30, delay_ms=delay)
        s = a.settle(4)
        r.alive(f"30 Backspaces {delay} ms apart")
        r.check(s["text"].get(fid) == plain[:-30], f"30 Backspaces {delay} ms apart remove exactly 30 characters",
                f"{s['text'].get(fid)!r} != {plain[:-30]!r}")

    # Shift and Ctrl combinations: Shift+Home selects to the start, typing replaces the selection;
    # Ctrl+Left / Ctrl+Right move by words, Ctrl+Backspace deletes one.
    a.key("End", "shift+Home")
    a.type("Q", HUMAN_MS)
    s = a.settle(3)
    r.check(s["text"].get(fid) == "Q", "Shift+Home then a capital replaces the selection", repr(s["text"].get(fid)))
    a.key("ctrl+a")
    a.type("alpha beta gamma", BURST_MS)
    a.key("ctrl+Left", "ctrl+BackSpace", delay_ms=HUMAN_MS)
    a.type("X", HUMAN_MS)
    s = a.settle(3)
    got = s["text"].get(fid)
    r.check(got in ("alpha Xgamma", "alpha beta Xgamma", "alphaXgamma"),
            "Ctrl+Left, Ctrl+Backspace and typing edit by words", repr(got))
    r.check(got.endswith("gamma") and got.startswith("alpha"), "word edits keep the rest of the text", repr(got))
    r.alive("Ctrl/Shift editing")
    close_popup(r)

    # Ctrl+click the discriminator's learning-rate slider, type a value with Shift (E), Enter.
    lr = "controls.training.d.learning rate"
    a.reveal(lr)
    # The slider turns into a text field on Ctrl+click (it is then the active item). Under load
    # the click can reach the window before the Ctrl press does: then click again, as a person
    # would, rather than typing into nothing.
    for attempt in range(3):
        a.click(lr, mods=("ctrl",))
        try:
            a.wait(lambda s: s["widgets"].get(lr, {}).get("active"), 3, f"{lr} in text-input mode")
            break
        except Failure:
            r.log(f"Ctrl+click {attempt + 1} left {lr} inactive; again")
            close_popup(r)
    a.settle(2)
    r.alive("Ctrl+click on the learning-rate slider")
    s = replace_text(a, "3E-3", 4)
    r.alive("typing into the learning-rate slider")
    got = s["edited_config"]["d"]["lr"]
    r.check(close_enough(got, 3e-3), "Ctrl+click + typing sets the learning rate", f"d.lr={got}")
    wait_config_follows(r, s["edited_config"], ["d.lr"], "d.lr = 3e-3")
    r.alive("the text-field scenario")


def scenario_inputs(r):
    """Every input field: click, Ctrl+A, type at human speed, Enter; the config (or text) changes."""
    a = start_with_sections(r)
    ids = sorted(a.widgets("controls.", kind="input"))
    r.check(len(ids) >= 5, "the registry lists the controls' input fields", str(ids))
    texts = a.read().get("text", {})
    for wid in ids:
        if wid in texts and not texts[wid].lstrip("-").isdigit():
            continue  # free-text fields: scenario text_fields
        changed = False
        for value in ("3", "4"):
            a.reveal(wid)
            before = a.settle(2)
            a.click(wid, fx=0.15)
            a.key("ctrl+a")
            a.type(value, HUMAN_MS)
            a.key("Return")
            after = a.settle(4)
            r.alive(f"typing {value} into {wid}")
            paths = diff_paths(before["edited_config"], after["edited_config"])
            if paths:
                changed = True
                wait_config_follows(r, after["edited_config"], paths, f"{wid} = {value}")
                break
            if display_choice(wid):  # recording / export settings: the field shows the new value
                was = before["widgets"].get(wid, {}).get("value")
                now = after["widgets"].get(wid, {}).get("value")
                if now is not None and str(now) != str(was) and value in str(now):
                    changed = True
                    break
        r.check(changed, f"typing a number into {wid} edits " + ("its setting" if display_choice(wid) else "the config"))
        close_popup(r)


def scenario_buttons(r):
    """Every button: its effect where the registry can show it (state, files, popups), liveness
    after each; PNG buttons write a PNG (bug 2), Curves... opens its popup (bug 2)."""
    a = start_with_sections(r)
    work = r.args.workdir
    csv = "points.csv"  # relative: the app runs in the work folder (short, so typing is quick)
    with open(os.path.join(work, csv), "w") as f:
        f.write("".join(f"{math.cos(i / 5):.4f},{math.sin(i / 5):.4f}\n" for i in range(64)))
    done = set()

    def press(wid):
        done.add(wid)
        before = a.settle(2)
        a.click(wid)
        r.alive(f"clicking {wid}")
        return before

    # The run buttons, with their effects.
    play = next(k for k in a.widgets("controls.run.", kind="button") if "space" in k)
    press(play)
    r.check(not a.wait(lambda s: not s["running"], 3, f"{play} to pause")["running"], f"{play} pauses")
    play2 = next(k for k in a.widgets("controls.run.", kind="button") if "space" in k)
    press(play2)
    r.check(a.wait(lambda s: s["running"], 3, f"{play2} to resume")["running"], f"{play2} resumes")
    step = pause(r)
    done.add(next(k for k in a.widgets("controls.run.", kind="button") if "space" in k))
    press("controls.run.Step (S)")
    a.wait(lambda s: s["step"] >= step + 1, 3, "Step (S) to step")
    time.sleep(0.3)
    r.check(a.read()["step"] == step + 1, "the Step button steps one iteration", f"{step} -> {a.s['step']}")
    for b in ("controls.run.D only (D)", "controls.run.G only (G)"):
        v0 = a.read()["version"]
        press(b)
        try:
            a.wait(lambda s: s["version"] > v0, 3, f"{b} to publish a snapshot")
            r.check(True, b)
        except Failure as e:
            r.check(False, f"{b} steps one network", str(e))
    a.key("space")
    a.wait(lambda s: s["step"] > 20, 10, "training before Reset")
    step = a.read()["step"]
    press("controls.run.Reset (R)")
    a.wait(lambda s: s["step"] < step, 3, "Reset (R) to restart the run")
    r.check(True, "the Reset button restarts the run")

    # PNG buttons: a left click writes a new PNG into the working directory.
    pngs = sorted(k for k in a.widgets(kind="button") if k.endswith(".PNG"))
    r.check(len(pngs) >= 3, "the registry lists the views' PNG buttons", str(pngs))
    for wid in pngs:
        if not a.widgets(wid)[wid].get("visible", True):
            continue
        have = set(glob.glob(os.path.join(work, "*.png")))
        press(wid)
        try:
            s = a.wait(lambda s: set(glob.glob(os.path.join(work, "*.png"))) - have and s.get("last_saved"), 5,
                       f"a PNG file from {wid}")
            new = sorted(set(glob.glob(os.path.join(work, "*.png"))) - have)
            saved = os.path.basename(s["last_saved"])
            r.check(saved in [os.path.basename(p) for p in new], f"{wid}: last_saved names the new file",
                    f"{saved} vs {new}")
            size = png_size(new[0])
            r.check(size is not None and size[0] > 0, f"{wid} writes a valid PNG", f"{new[0]}: {size}")
            r.check(saved in (s.get("toast") or "") or saved in a.read().get("toast", ""), f"{wid}: the toast names the file",
                    repr(s.get("toast")))
        except Failure as e:
            r.check(False, f"left-clicking {wid} writes a PNG", str(e))

    # Curves...: its popup's widgets appear.
    cid = next((k for k in a.widgets("curves.", kind="button") if k.endswith("Curves...")), None)
    r.check(cid is not None, "the registry lists the Curves... button")
    if cid:
        before = a.widgets()
        press(cid)
        try:
            s = a.wait(lambda s: any(k.startswith("curves.") and k not in before for k in s["widgets"]), 3,
                       "the Curves... popup's widgets")
            r.check(True, "left-clicking Curves... opens its popup")
        except Failure as e:
            r.check(False, "left-clicking Curves... opens its popup", str(e))
        close_popup(r)

    # CSV / Image buttons load the file named in the path field.
    fid = "controls.data.file"
    a.click(fid)
    a.key("ctrl+a", "BackSpace")
    a.type(csv, BURST_MS)
    a.settle(3)
    press("controls.data.CSV")
    s = a.wait(lambda s: s["edited_config"]["data"]["name"] == "csv", 3, "CSV to load points")
    wait_config_follows(r, s["edited_config"], ["data.name", "data.path"], "data from the CSV file")
    image = sorted(glob.glob(os.path.join(work, "*.png")))
    if image:
        a.click(fid)
        a.key("ctrl+a", "BackSpace")
        a.type(os.path.basename(image[0]), BURST_MS)
        a.settle(3)
        press("controls.data.Image")
        s = a.wait(lambda s: s["edited_config"]["data"]["name"] == "image", 3, "Image to load a density")
        wait_config_follows(r, s["edited_config"], ["data.name", "data.path"], "data from the image")

    # Everything else: click, stay alive, close what it opened.
    for _ in range(3):  # buttons can reveal buttons (Draw your own... -> Done drawing)
        todo = [k for k in sorted(a.widgets(kind="button")) if k not in done and not k.startswith("banner.")]
        if not todo:
            break
        for wid in todo:
            if wid not in a.widgets():
                continue  # went away with the last click
            before = a.widgets()
            press(wid)
            if wid.endswith("Draw your own..."):
                r.check(a.wait(lambda s: s.get("drawing"), 3, "drawing mode")["drawing"], "Draw your own... starts drawing")
            elif wid.endswith("Done drawing"):
                r.check(not a.wait(lambda s: not s.get("drawing"), 3, "drawing to end")["drawing"], "Done drawing ends it")
            if any(v.get("kind") in ("checkbox", "radio", "menuitem") for v in new_widgets(before, a.widgets()).values()):
                close_popup(r)
    r.check(len(done) >= 12, "many buttons were exercised", str(sorted(done)))


def popup_openers(a):
    return [k for k in sorted(a.widgets(kind="button")) if k.endswith("...") and "Draw" not in k]


def scenario_checkboxes(r):
    """Every checkbox (panels and popups) toggled; the panel ones back again; liveness and the
    known effects after each."""
    a = start_with_sections(r)
    seen = set()

    def toggle(wid, times):
        for n in range(times):
            before = a.read()
            a.click(wid)
            after = a.read()  # click() waited for two frames after the release
            r.alive(f"toggling {wid}")
            rec0, rec1 = before["widgets"].get(wid, {}), after["widgets"].get(wid, {})
            if "value" in rec0:
                r.check(rec1.get("value") == (not rec0["value"]), f"{wid} flips its value")
            if wid.endswith("Slow motion (M)"):
                r.check(after["slow_motion"] != before["slow_motion"], "the Slow motion checkbox toggles slow motion")
            if wid.endswith("Speed limit"):
                shown = any(k.startswith("controls.run.") and "speed" in k and v["kind"] == "slider"
                            for k, v in after["widgets"].items())
                r.check(shown == (n == 0), "Speed limit shows its slider while on")

    for wid in sorted(a.widgets(kind="checkbox")):
        seen.add(wid)
        a.reveal(wid)
        toggle(wid, 2)
    for opener in popup_openers(a):
        before = a.widgets()
        a.click(opener)
        a.settle(3)
        inside = set(new_widgets(before, a.widgets()))
        for wid in sorted(k for k in inside if a.widgets()[k]["kind"] == "checkbox"):
            if not set(a.widgets()) & (inside - {opener}):
                a.click(opener)  # the popup closed: open it again
                a.settle(3)
            if wid not in a.widgets():
                r.log(f"skip {wid}: no longer in the popup (its group is hidden)")
                continue
            try:
                a.reveal_among(wid, inside)
            except Failure as e:
                w = a.widgets().get(wid, {})
                r.check(False, f"{wid} can be reached: the {opener} popup fits the screen or scrolls",
                        f"{e}; at y={w.get('y')} h={w.get('h')} on a {a.s.get('display')} window")
                continue
            seen.add(wid)
            present = set(a.widgets())
            toggle(wid, 1)
            if present & inside - set(a.widgets()):
                toggle(wid, 1)  # a group switch hid its members: switch it back on
        if inside:
            close_popup(r)
    r.check(len(seen) >= 8, "the registry lists the checkboxes", str(sorted(seen)))
    r.check(any(k.startswith("curves.") for k in seen), "the Curves... popup's checkboxes were toggled", str(sorted(seen)))


def display_choice(wid):
    """Combos of the Record and Export sections choose what to save, not the run's config."""
    return ".record." in wid or ".export." in wid


def compute_choice(wid):
    """The Training section's compute row picks what trains (the snapshot's backend and threads),
    not the config."""
    return wid in ("controls.training.backend", "controls.training.threads")


def pick_backend(r, a, wid, item, pre, post):
    """One pick in the backend combo: a disabled entry (cuda without a device) changes nothing and
    says why; another usable entry becomes the snapshot's backend. True when something was checked."""
    name = item.rsplit(".", 1)[-1]
    rec = pre["widgets"].get(item, {})
    if rec.get("disabled"):
        r.check(post["compute"]["backend"] == pre["compute"]["backend"], f"the disabled {item} changes nothing",
                f"{pre['compute']} -> {post['compute']}")
        r.check(bool(rec.get("tooltip")), f"the disabled {item} says why in its tooltip")
        return True
    if name == pre["compute"]["backend"]:
        return False
    try:
        a.wait(lambda s: s["compute"]["backend"] == name, 8, f"the backend to become {name}")
        r.check(True, f"{item} trains on {name}")
    except Failure as e:
        r.check(False, f"{item} trains on {name}", str(e))
    return True


def scenario_combos(r):
    """Every combo: opens, its items appear, picking another item edits the config and the
    session follows; the preset combo last."""
    a = start_with_sections(r)
    combos = sorted(k for k in a.widgets("controls.", kind="combo") if not k.endswith(".preset"))
    r.check(len(combos) >= 8, "the registry lists the combos", str(combos))
    for wid in combos + ["controls.scenario.preset"]:
        a.reveal(wid)
        before = a.settle(2)
        a.click(wid, fx=0.5)
        try:
            s = a.wait(lambda s: any(k.startswith(wid + ".") and v.get("visible", True) for k, v in s["widgets"].items()),
                       3, f"{wid}'s items in the registry")
        except Failure as e:
            r.check(False, f"clicking {wid} opens its list (items as '{wid}.<item>')", str(e))
            close_popup(r)
            continue
        r.alive(f"opening {wid}")
        # ImGui lays a new popup out hidden for its first frame (auto-size), so its entries are
        # not all "visible" yet: read them again a couple of frames later.
        s = a.settle(2)
        items = [k for k, v in s["widgets"].items() if k.startswith(wid + ".") and v.get("visible", True)]
        picked = False
        for item in (items[-1], items[0]) if len(items) > 1 else items:
            if wid not in a.widgets() or item not in a.widgets():
                # The list closed (the first pick, or a frame that re-laid the panel out): open it
                # again and wait for the item rather than giving up on it after a fixed pause.
                a.click(wid, fx=0.5)
                try:
                    a.wait(lambda s: item in s["widgets"] and s["widgets"][item].get("visible", True), 3,
                           f"{item} in the reopened list")
                except Failure:
                    continue
            pre = a.settle(1)
            a.click(item)
            post = a.settle(3)
            r.alive(f"picking {item}")
            if compute_choice(wid):
                if pick_backend(r, a, wid, item, pre, post):
                    picked = True
                    if not pre["widgets"].get(item, {}).get("disabled"):
                        break
                continue
            if wid.endswith(".preset"):
                name = item.rsplit(".", 1)[-1]
                if post["preset"] != pre["preset"]:
                    r.check(post["preset"] == name, f"{item} picks that preset", post["preset"])
                    picked = True
                    break
                continue
            paths = diff_paths(pre["edited_config"], post["edited_config"])
            if paths:
                wait_config_follows(r, post["edited_config"], paths, f"{item}")
                picked = True
                break
            if display_choice(wid):
                # Recording and export choices are not config: the combo shows the pick.
                was = pre["widgets"].get(wid, {}).get("value")
                now = post["widgets"].get(wid, {}).get("value")
                if now is not None and now != was:
                    picked = True
                    break
        r.check(picked, f"picking another item in {wid} changes " +
                ("what trains" if compute_choice(wid) else "what it shows" if display_choice(wid) else "the config"))
        if any(k.startswith(wid + ".") for k in a.widgets()):
            close_popup(r)


def scenario_sliders(r):
    """Every slider dragged: the config follows (config sliders); the app stays alive."""
    a = start_with_sections(r)
    ids = sorted(a.widgets("controls.", kind="slider"))
    r.check(len(ids) >= 8, "the registry lists the sliders", str(ids))
    last = [k for k in ids if k.endswith("text size")]
    for wid in [k for k in ids if k not in last] + last:
        if wid not in a.widgets():
            continue
        w = a.reveal(wid)
        before = a.settle(2)
        y = w["y"] + w["h"] / 2
        x0, x1 = w["x"] + w["w"] * 0.25, w["x"] + w["w"] * 0.7
        a.drag(x0, y, x1, y)
        after = a.settle(4)
        r.alive(f"dragging {wid}")
        paths = diff_paths(before["edited_config"], after["edited_config"])
        if wid.endswith("text size"):
            r.check(after["font_px"] != before["font_px"], "dragging text size changes the font",
                    f"{before['font_px']} -> {after['font_px']}")
        elif ".run." in wid:
            pass  # sub-steps/s and speed limit are session rates, not config
        elif compute_choice(wid):
            # Threads are what trains, not config: the snapshot follows the slider's value.
            if before["widgets"][wid].get("disabled"):
                continue  # one core, or the cuda backend: nothing to drag
            want = after["widgets"][wid]["value"]
            r.check(want != before["widgets"][wid]["value"], f"dragging {wid} changes its value")
            try:
                a.wait(lambda s: s["compute"]["threads"] == want, 8, f"the session to train on {want} threads")
                r.check(True, f"dragging {wid} sets the training threads")
            except Failure as e:
                r.check(False, f"dragging {wid} sets the training threads", str(e))
        else:
            r.check(bool(paths), f"dragging {wid} edits the config")
            if paths:
                wait_config_follows(r, after["edited_config"], paths, f"{wid} dragged")


def scenario_reset_curves(r):
    """Bug 3: after R or the Reset button the curves show the new run (history restarts)."""
    a = r.start()
    for how in ("R key", "Reset button"):
        s = a.wait(lambda s: s["step"] > 60 and s.get("history_rows", 0) > 3, 20, "some history before reset")
        old = s["step"]
        if how == "R key":
            a.key("r")
        else:
            a.click("controls.run.Reset (R)")
        try:
            a.wait(lambda s: s["step"] < old, 4, f"the {how} to restart the run")
            s = a.wait(lambda s: s["history_last_step"] <= s["step"] + 1 and s["history_rows"] <= s["step"] + 2, 4,
                       "the curve history to restart with the new run")
            r.check(True, f"{how}: curves restart")
        except Failure as e:
            s = a.read()
            r.check(False, f"{how}: the curves panel shows the new run",
                    f"{e}; step={s['step']} history_last_step={s.get('history_last_step')} rows={s.get('history_rows')}")
        r.alive(how)
        s = a.wait(lambda s: s.get("history_rows", 0) > 1, 10, "the new run's history")
        r.check(s["history_last_step"] <= s["step"] + 1, f"{how}: history follows the new run")


def scenario_font_scale(r):
    """Bug 4: with --font-scale 1.6 the window fills the screen and the main view keeps the space."""
    a = r.start(extra=("--font-scale", "1.6"))
    s = a.settle(3)
    r.check(list(map(int, s["display"])) == [1920, 1080], "the window opens at the screen size", str(s["display"]))
    r.check(abs(s["font_px"] - 32) <= 1, "--font-scale 1.6 gives 32 px text", str(s["font_px"]))
    main = next((w for k, w in s["widgets"].items() if w.get("kind") == "view" and k.endswith("view.data")), None)
    r.check(main is not None, "the registry lists the main view (view.data)")
    if main:
        W, H = s["display"]
        r.check(main["w"] >= 0.45 * W, "the main view is at least 45% of the window width", f"{main['w']} of {W}")
        r.check(main["h"] >= 0.60 * H, "the main view is at least 60% of the window height", f"{main['h']} of {H}")
    for wid, w in s["widgets"].items():
        if not wid.endswith(".PNG"):
            continue
        view = s["widgets"].get(wid[: -len(".PNG")])
        if view:
            inside = (w["x"] >= view["x"] - 1 and w["y"] >= view["y"] - 1 and w["x"] + w["w"] <= view["x"] + view["w"] + 1
                      and w["y"] + w["h"] <= view["y"] + view["h"] + 1)
            r.check(inside, f"{wid} sits inside its view", f"{w} vs {view}")
    r.alive("large fonts")


def scenario_banner_layout(r):
    """Bug 6: a notice banner (generator rebuilt) does not move any control."""
    a = start_with_sections(r)
    did = "controls.architecture.g.depth"
    a.reveal(did)
    depth = a.read()["edited_config"]["g"]["depth"]
    a.click(did, fx=0.15)
    a.key("ctrl+a")
    a.type("2" if depth != 2 else "4", HUMAN_MS)
    before = a.settle(3)
    r.check(not before.get("banner"), "no banner before the edit", repr(before.get("banner")))
    a.key("Return")
    try:
        after = a.wait(lambda s: s.get("banner"), 5, "the rebuilt-generator notice")
    except Failure as e:
        r.check(False, "changing the generator depth posts a notice", str(e))
        return
    r.check("generator" in after["banner"].lower(), "the notice names the generator", repr(after["banner"]))
    after = a.settle(3)
    r.check(bool(after.get("banner")), "the banner stays up")
    moved = []
    for wid, w0 in before["widgets"].items():
        w1 = after["widgets"].get(wid)
        if wid.startswith("banner.") or w1 is None:
            continue
        if any(abs(w0[k] - w1[k]) > 0.5 for k in ("x", "y", "w", "h")):
            moved.append(f"{wid}: {[w0[k] for k in 'xywh']} -> {[w1[k] for k in 'xywh']}")
    r.check(not moved, "no control or view moves when the banner appears", "; ".join(moved[:6]))
    r.check(sum(1 for k in before["widgets"] if k.startswith("controls.")) > 10, "controls were compared")
    r.alive("the banner")

    # The banner's Dismiss button takes it away, and nothing moves back either.
    dismiss = next((k for k in after["widgets"] if k.startswith("banner.") and k.endswith("Dismiss")), None)
    r.check(dismiss is not None, "the registry lists the banner's Dismiss button", str(sorted(after["widgets"])[:5]))
    if dismiss:
        a.click(dismiss)
        try:
            gone = a.wait(lambda s: not s.get("banner"), 3, "Dismiss to remove the banner")
            r.check(True, "Dismiss removes the banner")
            back = [k for k, w0 in before["widgets"].items() if not k.startswith("banner.") and k in gone["widgets"]
                    and any(abs(w0[c] - gone["widgets"][k][c]) > 0.5 for c in ("x", "y", "w", "h"))]
            r.check(not back, "no control moves when the banner goes", ", ".join(back[:6]))
        except Failure as e:
            r.check(False, "Dismiss removes the banner", str(e))
        r.alive("Dismiss")


SCENARIOS = {
    "keys": scenario_keys,
    "text_fields": scenario_text_fields,
    "inputs": scenario_inputs,
    "buttons": scenario_buttons,
    "checkboxes": scenario_checkboxes,
    "combos": scenario_combos,
    "sliders": scenario_sliders,
    "reset_curves": scenario_reset_curves,
    "font_scale": scenario_font_scale,
    "banner_layout": scenario_banner_layout,
}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bin", required=True)
    p.add_argument("--scenario", required=True, choices=sorted(SCENARIOS))
    p.add_argument("--workdir", default=None)
    args = p.parse_args()
    args.workdir = os.path.abspath(args.workdir or f"/tmp/ganscope-gui-input-{args.scenario}-{os.getpid()}")
    os.makedirs(args.workdir, exist_ok=True)
    for old in glob.glob(os.path.join(args.workdir, "*.png")):
        os.remove(old)
    name = f"gui_input {args.scenario}"
    try:
        need_tools()
        r = Run(args)
    except Skip as e:
        print(f"{name}: SKIPPED: {e}")
        return SKIP
    rc = 0
    try:
        SCENARIOS[args.scenario](r)
        r.app.check_alive("the scenario")
    except Failure as e:
        r.failures.append(str(e))
        r.log("FAILED: " + str(e))
    except Exception:  # a bug in the test itself still fails it, loudly
        r.failures.append(traceback.format_exc())
        r.log(traceback.format_exc())
    finally:
        secs = time.time() - r.t0
        r.close()
    if r.failures:
        print(f"\n{name}: FAILED: {len(r.failures)} of {r.checks} checks ({secs:.1f} s)")
        for f in r.failures:
            print("  - " + f.replace("\n", "\n    "))
        rc = 1
    else:
        print(f"{name}: PASSED: {r.checks} checks ({secs:.1f} s)")
    return rc


if __name__ == "__main__":
    sys.exit(main())
