"""Line charts of variables over the turns, drawn by hand (each line has a colour and a marker shape).

>>> chart_series([[0, 50], [10, 60]], ["a", "b"], [100, 100])["a"]
[0.0, 0.1]
"""

from __future__ import annotations

import pygame

from . import theme
from .mapview import draw_shape

# not the role colours, so that a line is never mistaken for a side; each has its own marker shape
SERIES_STYLES = [((238, 242, 246), "circle"), ((230, 159, 0), "square"), ((204, 121, 167), "diamond"),
                 ((0, 190, 140), "triangle"), ((150, 196, 232), "circle")]


def chart_series(history, names: list[str], maxima: list[float]) -> dict[str, list[float]]:
    """Each named column of ``history`` (rows = turns) as fractions of its maximum."""
    return {name: [round(float(row[i]) / (maxima[i] or 1.0), 4) for row in history] for i, name in enumerate(names)}


def draw_chart(size: tuple[int, int], series: dict[str, list[float]], title: str) -> pygame.Surface:
    surf = pygame.Surface(size, pygame.SRCALPHA)
    w, h = size
    pygame.draw.rect(surf, theme.PANEL, surf.get_rect(), border_radius=8)
    surf.blit(theme.text(title.upper(), 16, theme.MUTED, bold=True), (12, 8))
    legend_h = 24 * ((len(series) + 1) // 2)
    plot = pygame.Rect(56, 40, w - 72, h - 40 - 34 - legend_h)
    for frac in (0, 0.25, 0.5, 0.75, 1.0):
        y = plot.bottom - int(plot.h * frac)
        pygame.draw.line(surf, theme.PANEL_HI, (plot.x, y), (plot.right, y))
        lab = theme.text(f"{int(frac * 100)}%", 16, theme.MUTED)
        surf.blit(lab, (plot.x - 8 - lab.get_width(), y - lab.get_height() // 2))
    n = max(len(v) for v in series.values()) if series else 1
    for k in range(n):
        x = plot.x + (plot.w * k) // max(1, n - 1)
        if k % 2 == 0 or n <= 8:
            lab = theme.text(str(k), 16, theme.MUTED)
            surf.blit(lab, (x - lab.get_width() // 2, plot.bottom + 4))
    for values, (colour, shape) in zip(series.values(), SERIES_STYLES):
        pts = [(plot.x + (plot.w * k) // max(1, n - 1), plot.bottom - int(plot.h * max(0.0, min(1.0, v))))
               for k, v in enumerate(values)]
        if len(pts) > 1:
            pygame.draw.lines(surf, colour, False, pts, 3)
        for p in pts:
            draw_shape(surf, shape, p, 4, colour)
    for i, ((name, _), (colour, shape)) in enumerate(zip(series.items(), SERIES_STYLES)):
        lx = 16 + (i % 2) * (w // 2)
        ly = plot.bottom + 30 + (i // 2) * 24
        draw_shape(surf, shape, (lx + 6, ly + 11), 6, colour)
        surf.blit(theme.text(theme.fit(name, 16, w // 2 - 40), 16, theme.TEXT), (lx + 18, ly))
    return surf
