"""Render the README's screenshot of the game window: the US mid-game, a tooltip open.

    SDL_VIDEODRIVER=dummy python tools/ui_screenshot.py docs/window.png

The PNG is reduced to a 192-colour palette with Pillow when it is installed (smaller file).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pygame

from game.ui.bench import mid_game_app


def main(out: str = "docs/window.png") -> None:
    app = mid_game_app(weeks=8, seed=7)
    try:
        panel = app.top.orders
        row = panel.items[2]
        pos = (panel.list_rect.x + 80, panel.list_rect.y + row.y + 8)
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(1, 1), buttons=(0, 0, 0), touch=False))
        for _ in range(3):
            app.step(1 / 60)
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(app.surface, out)
    finally:
        app.close()
    try:
        from PIL import Image
    except ImportError:
        return
    Image.open(out).convert("RGB").quantize(192, dither=Image.Dither.NONE).save(out, optimize=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
