"""``brink bench --gui [--json]``: how fast the game window draws (see game/ui/bench.py).

The engine figures (without ``--gui``) belong to the AI issue's bench; this
module keeps the window's part separate so the two can be merged.
"""

from __future__ import annotations

import json

from ..cli import CommandError
from .common import positive_int


def add_parser(sub):
    p = sub.add_parser("bench", help="measure performance", description="Measure how fast the game runs.")
    p.add_argument("--gui", action="store_true", help="frame times of the game window (software rendering)")
    p.add_argument("--frames", type=positive_int, default=300, help="frames to draw (default 300)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    return p


def run(args) -> int:
    if not args.gui:
        raise CommandError("this version measures only the window: use 'brink bench --gui'")
    from ..ui import WindowError, check_pygame

    try:
        check_pygame()
    except WindowError as exc:
        raise CommandError(str(exc)) from None
    from ..ui.bench import run as run_gui

    figures = run_gui(args.frames)
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"{figures['frames']} frames of the game screen: p50 {figures['frame_ms_p50']:.2f} ms, "
              f"p99 {figures['frame_ms_p99']:.2f} ms; first frame of the main menu {figures['first_frame_ms']:.0f} ms")
    return 0
