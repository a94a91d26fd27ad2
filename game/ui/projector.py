"""The projector: what the whole room may see, drawn only from ``game.play.public.public_view``.

The facilitator's second window (``ProjectorWindow``, a pygame-ce ``Window``) and the
projector's join code on a LAN (``ProjectorScreen``) draw the same picture with
``draw_projector``: the map without any force markers, the escalation ladder, the
public indicators, last week's public headlines and public statements, the clock
and who has sealed orders. It is handed the public view (a JSON-ready dict) and
the scenario's ladder (the names of its rungs, which every briefing prints), never
a match or a facilitator, so it cannot show hidden information whatever is open.

>>> ladder_of({"variables": [{"id": "risk", "label": "Risk of war", "value": 50, "rung": "Pressure"}]}, "risk")["label"]
'Risk of war'
"""

from __future__ import annotations

import datetime as dt

import pygame

from ..play.frames import turn_word_of
from ..scenario.presentation import Presentation
from . import theme
from .dashboard import RUNG_COLOURS, fmt
from .mapview import MapView
from .widgets import panel, role_badge

SIZE = (theme.WIDTH, theme.HEIGHT)
MAP_RECT = pygame.Rect(12, 64, 470, 590)
LADDER_RECT = pygame.Rect(494, 64, 380, 220)
INDICATORS_RECT = pygame.Rect(886, 64, 382, 220)
NEWS_RECT = pygame.Rect(494, 292, 774, 362)


def ladder_of(view: dict, ladder: str | None) -> dict | None:
    """The ladder variable (its id: ``ladder``) of a public view (None when not every role sees it)."""
    return next((v for v in view["variables"] if v["id"] == ladder), None)


def clock_text(seconds: float | None) -> str:
    """'4:05' or '' without a time limit.

    >>> clock_text(245.2), clock_text(None)
    ('4:05', '')
    """
    if seconds is None:
        return ""
    m, s = divmod(int(seconds), 60)
    return f"{m}:{s:02d}"


def clock_of(view: dict) -> tuple[str, str]:
    """The clock a public view shows and what it is doing: the host's clock (``clock_state``), paused when it is.
    ``clock`` is the seconds left as the screen counts them down between the host's frames.

    >>> clock_of({"clock": 64.2, "clock_state": {"state": "paused", "left": 64.2, "server_time": 0}})
    ('1:04', 'paused')
    >>> clock_of({"clock": 5}), clock_of({"clock": None})
    (('0:05', 'running'), ('', 'off'))
    """
    state = (view.get("clock_state") or {}).get("state") or ("off" if view.get("clock") is None else "running")
    return clock_text(view.get("clock")), state


class ProjectorPainter:
    """Draws public views; keeps the map (slow to draw) between frames."""

    def __init__(self, title: str, role_names: dict[str, str], rungs: list[tuple[float, str]],
                 presentation: Presentation):
        self.title, self.role_names, self.rungs = title, role_names, rungs
        self.ladder = presentation.ladder
        self.map = MapView(MAP_RECT, presentation)
        self.map.set_markers([])  # no forces: their sizes are hidden from some roles

    def draw(self, surface: pygame.Surface, view: dict) -> None:
        surface.fill(theme.BG)
        pygame.draw.rect(surface, theme.PANEL, (0, 0, theme.WIDTH, 56))
        surface.blit(theme.text(theme.fit(self.title, 24, 560, bold=True), 24, theme.TEXT, bold=True), (16, 12))
        date = dt.date.fromisoformat(view["date"])
        turn_word = turn_word_of(view).capitalize()
        when = theme.text(f"{turn_word} {min(view['turn'], view['turns'])} of {view['turns']} · {date:%a %d %b %Y}", 22,
                          theme.TEXT)
        surface.blit(when, (600, 15))
        clock, state = clock_of(view)
        if clock:
            held = state in ("paused", "waiting")
            colour = theme.MUTED if held else theme.BAD if view["clock"] < 60 else theme.ACCENT
            c = theme.text(clock, 36, colour, bold=True)
            surface.blit(c, (theme.WIDTH - c.get_width() - 16, 4))
            if held:  # the room sees the host's clock stand still, and why
                tag = theme.text("PAUSED" if state == "paused" else "WAITING FOR START", 16, theme.MUTED, bold=True)
                surface.blit(tag, (theme.WIDTH - c.get_width() - 24 - tag.get_width(), 18))
        self.map.draw(surface)
        self._ladder(surface, view)
        self._indicators(surface, view)
        self._news(surface, view)
        self._orders(surface, view)

    def _ladder(self, surface, view) -> None:
        y = panel(surface, LADDER_RECT, "Escalation ladder")
        v = ladder_of(view, self.ladder)
        rungs = self.rungs or [(0.0, "")]
        row_h = (LADDER_RECT.bottom - 8 - y) // len(rungs)
        for i, (at, name) in enumerate(reversed(rungs)):
            colour = RUNG_COLOURS[min(len(RUNG_COLOURS) - 1, len(rungs) - 1 - i)]
            here = v is not None and name == v["rung"]
            row = pygame.Rect(LADDER_RECT.x + 12, y + i * row_h, LADDER_RECT.w - 24, row_h - 3)
            pygame.draw.rect(surface, colour if here else theme.PANEL_HI, row, border_radius=4)
            label = theme.text(f"{at:.0f}+  {name}", 18, theme.TEXT, bold=here)
            surface.blit(label, (row.x + 10, row.centery - label.get_height() // 2))
            if here and v is not None:
                tag = theme.text(fmt(v["value"]), 18, theme.TEXT, bold=True)
                surface.blit(tag, (row.right - tag.get_width() - 8, row.centery - tag.get_height() // 2))

    def _indicators(self, surface, view) -> None:
        y = panel(surface, INDICATORS_RECT, "Known to all")
        for v in [v for v in view["variables"] if v["id"] != self.ladder][:7]:
            value = theme.text(fmt(v["value"]), 18, theme.TEXT, bold=True)
            label = theme.text(theme.fit(v["label"], 18, INDICATORS_RECT.w - 40 - value.get_width()), 18, theme.TEXT)
            surface.blit(label, (INDICATORS_RECT.x + 12, y))
            surface.blit(value, (INDICATORS_RECT.right - value.get_width() - 12, y))
            y += 26

    def _news(self, surface, view) -> None:
        y = panel(surface, NEWS_RECT, "Public headlines and statements")
        lines: list[tuple[str, tuple, bool]] = []
        for e in view["headlines"] + view["control"]:
            if e["kind"] not in ("ending",) and e["headline"]:
                lines.append((e["headline"], theme.TEXT, True))
        for t in view.get("threats", []):
            sender = self.role_names.get(t["by"], t["by"])
            lines.append((f"{sender}'s {t['kind'].replace('_', ' ')}: {t['label']}", theme.MUTED, False))
        for m in view["messages"][-4:]:
            sender = self.role_names.get(m["sender"], m["sender"].capitalize())
            text = m["text"] if not m.get("leaked") else f"{m['text']} (leaked: {m['leaked']})"
            lines.append((f"{sender}: {text}", theme.ACCENT, False))
        if not lines:
            lines.append(("No public news yet.", theme.MUTED, False))
        width = NEWS_RECT.w - 24
        for text, colour, bold in lines:
            for part in theme.wrap(text, 20, width, bold=bold)[:2]:
                if y + 28 > NEWS_RECT.bottom - 6:
                    return
                surface.blit(theme.text(part, 20, colour, bold=bold), (NEWS_RECT.x + 12, y))
                y += 28
            y += 4

    def _orders(self, surface, view) -> None:
        y = 666
        if view["over"]:
            surface.blit(theme.text(f"The game is over: {view['ending'] or 'stopped'}", 24, theme.ACCENT, bold=True),
                         (12, y))
            return
        x = 12
        surface.blit(theme.text("ORDERS", 18, theme.MUTED, bold=True), (x, y + 8))
        x += 90
        for role, name in self.role_names.items():
            sealed = role in view["sealed"]
            badge = role_badge(surface, role, name, (x, y + 4), 22)
            state = theme.text("sealed" if sealed else "thinking", 20, theme.GOOD if sealed else theme.MUTED, bold=sealed)
            surface.blit(state, (badge.right + 8, y + 8))
            x = badge.right + state.get_width() + 40


class ProjectorWindow:
    """A second OS window (pygame-ce ``Window``) that shows the public view.

    ``given`` keeps the last view it was handed (for tests: nothing else reaches it).
    """

    def __init__(self, painter: ProjectorPainter, size: tuple[int, int] = SIZE):
        self.painter = painter
        self.window = pygame.Window("Brinkmanship · projector", size, resizable=True)
        self.canvas = pygame.Surface(SIZE)
        self.given: dict | None = None
        self.full = False

    def show(self, view: dict) -> None:
        self.given = view
        self.painter.draw(self.canvas, view)
        target = self.window.get_surface()
        if target.get_size() == SIZE:
            target.blit(self.canvas, (0, 0))
        else:
            pygame.transform.smoothscale(self.canvas, target.get_size(), target)
        self.window.flip()

    def toggle_fullscreen(self) -> None:
        """F11 in the projector's window: full screen on the display it was dragged to."""
        try:
            if self.full:
                self.window.set_windowed()
            else:
                self.window.set_fullscreen(desktop=True)
            self.full = not self.full
        except pygame.error:
            pass  # a display without full screen (headless): stay windowed

    def close(self) -> None:
        self.window.destroy()


def painter_for(rules) -> ProjectorPainter:
    """A painter with the scenario's title, role names and ladder rungs (no game state)."""
    ladder = rules.presentation.ladder
    rungs = rules.variables[rules.var_index[ladder]].rungs if ladder in rules.var_index else []
    return ProjectorPainter(rules.title, dict(zip(rules.roles, rules.role_names)), list(rungs), rules.presentation)
