"""``brink bench --gui``: frame times of the game screen mid-game, and the time to the first frame.

The game screen is driven for N frames with a mouse that keeps moving over
the orders panel (tooltips) and the map (marker hover), under SDL's software
renderer. The first frame is timed in a fresh process, from its start to the
first drawn frame of the main menu, the way ``brink play`` opens it.

>>> percentile([1.0, 2.0, 3.0, 4.0], 50)
2.5
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from .. import DEFAULT_SCENARIO
from ..ai import make_policy
from ..scenario import load_scenario

FIRST_FRAME_CHILD = """
import time, os
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
from game.cli import build_parser
from game.commands.common import load_or_report
args = build_parser().parse_args(["play"])
from game.ui.app import App
app = App(lambda: load_or_report(args.scenario), settings={})  # as `brink play` does: the menu first
app.main_menu()
app.step(1 / 60)
print("FIRST-FRAME", flush=True)
app.close()
"""


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile of ``values`` (q in 0..100)."""
    data = sorted(values)
    if not data:
        return 0.0
    k = (len(data) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (k - lo)


def headless_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SDL_VIDEODRIVER", "dummy")
    env.setdefault("SDL_AUDIODRIVER", "dummy")
    env["SDL_RENDER_DRIVER"] = "software"
    return env


def first_frame_ms() -> float:
    """Milliseconds from starting a new Python process to the main menu's first frame."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", FIRST_FRAME_CHILD], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=headless_env(), text=True)
    assert proc.stdout is not None  # stdout=PIPE
    for line in proc.stdout:
        if line.startswith("FIRST-FRAME"):
            elapsed = (time.perf_counter() - start) * 1000
            break
    else:
        proc.wait()
        raise RuntimeError("the first-frame process did not draw a frame")
    proc.wait()
    return elapsed


def mid_game_app(weeks: int = 5, seed: int = 7):
    """An App on the game screen of the default scenario's first role (the flagship's US) after
    ``weeks`` weeks, that role playing its historical moves."""
    for key, value in headless_env().items():
        os.environ.setdefault(key, value)
    # the benchmark sets SDL's environment before pygame loads
    from .app import App
    from .flow import Flow

    app = App(load_scenario(DEFAULT_SCENARIO), settings={})
    player = app.loaded.rules.roles[0]  # the US in the flagship
    flow = Flow.new(app.loaded, {r: "human" if r == player else "historical" for r in app.loaded.rules.roles}, seed)
    mine = make_policy("historical", flow.rules, player)
    while flow.game.turns_played < weeks or flow.current.kind != "orders":
        step = flow.current
        if step.kind == "orders":  # the US plays its documented moves, from its own view as any policy
            assert step.role is not None  # an orders step is always a role's
            flow.seal(step.role, mine.choose_ids(flow.game.match.observe_batch(step.role)))
        flow.advance()
    app.start_flow(flow)
    return app


def run(frames: int = 300) -> dict:
    """Drive the game screen for ``frames`` frames; returns the figures ``--json`` prints."""
    # the benchmark sets SDL's environment before pygame loads
    import pygame

    first = first_frame_ms()
    app = mid_game_app()
    screen = app.top
    panel = screen.orders.list_rect
    # the benchmark sets SDL's environment before pygame loads
    from .screens.game import MAP_RECT

    # a hover that moves: down the orders list, then across the map, round and round
    path = [(panel.x + 60, panel.y + 5 + (k * 7) % panel.h) for k in range(120)]
    path += [(MAP_RECT.x + (k * 11) % MAP_RECT.w, MAP_RECT.y + (k * 5) % MAP_RECT.h) for k in range(120)]
    path += [(screen.end_button.rect.centerx, screen.end_button.rect.centery)] * 60
    times = []
    try:
        for k in range(frames):
            pos = path[k % len(path)]
            pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(1, 1), buttons=(0, 0, 0), touch=False))
            t = time.perf_counter()
            app.step(1 / 60)
            times.append((time.perf_counter() - t) * 1000)
    finally:
        app.close()
    return {"frames": frames, "frame_ms_p50": round(percentile(times, 50), 3),
            "frame_ms_p99": round(percentile(times, 99), 3), "first_frame_ms": round(first, 1)}
