"""Time ``brink report`` and the part of it spent cutting the maps' font, in one process.

    python tools/report_font_time.py SAVE OUT.html [--games N]

Prints the report's wall time and the seconds inside ``game.maps.fonts.font_face_css``.
Run it twice: the second run finds the cuts in the cache folder (``game.maps.fonts.cache_dir``;
set XDG_CACHE_HOME to start from an empty one).
"""

from __future__ import annotations

import argparse
import time

import game.maps.fonts as fonts
from game.cli import main


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("save")
    parser.add_argument("out")
    parser.add_argument("--games", type=int, default=50)
    args = parser.parse_args()
    spent = [0.0]
    real = fonts.font_face_css

    def timed(texts):
        start = time.perf_counter()
        try:
            return real(texts)
        finally:
            spent[0] += time.perf_counter() - start

    fonts.font_face_css = timed  # game.maps.svg calls it through the module
    start = time.perf_counter()
    main(["report", args.save, "--out", args.out, "--games", str(args.games)])
    print(f"report {time.perf_counter() - start:.2f} s, of which cutting the font {spent[0]:.2f} s")


if __name__ == "__main__":
    run()
