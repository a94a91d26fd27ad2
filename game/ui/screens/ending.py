"""The ending: its title and text, every role's score, charts of the key variables over the turns,
the orders every side really gave (now revealed to all), and the after-action report for the debrief.

It is given the game runner (``game.play.runner.Game``), whose ``revealed()`` holds everything now
that the game is over; the report is written from the game's session with its messages and acts.
"""

from __future__ import annotations

import threading
import webbrowser
from pathlib import Path
from typing import TYPE_CHECKING

import pygame
import pygame_gui

from ...analysis.stats import key_variables
from ...play.par import documented_par, seat_ai_score, verdict
from .. import theme
from ..chart import chart_series, draw_chart
from ..widgets import html_escape, role_badge, scroll_text_box
from .base import Screen

if TYPE_CHECKING:
    from ..mapview import MapView

CHART_RECT = pygame.Rect(20, 326, 600, 280)  # the chart, or the map at the end (M)
CHARTED = 5  # variables on the chart: the ladder, then what the endings turn on (analysis.stats.key_variables)


def orders_html(rules, orders_log: list[dict[str, list[str]]]) -> str:
    label = {(a.role, a.id): a.label for a in rules.actions}
    out = []
    for turn, orders in enumerate(orders_log, start=1):
        out.append(f"<font color='#f0e442'><b>{rules.turn_word.capitalize()} {turn} · {rules.date_of(turn):%d %b}</b></font><br>")
        for r, role in enumerate(rules.roles):
            ids = orders.get(role, [])
            names = ", ".join(label.get((r, i), i) for i in ids) or "no orders"
            out.append(f"<b>{html_escape(rules.role_names[r])}</b>: {html_escape(names)}<br>")
    return "".join(out) or f"No {rules.turn_word} was played."


class EndingScreen(Screen):
    """Shown to everyone when the game is over: everything is revealed."""

    name = "ending"
    demo_dwell = 8.0

    def __init__(self, app, game, report_games: int = 200):
        super().__init__(app, role=None)
        self.game = game
        self.revealed = game.revealed()
        self.report_games = report_games
        self.report_path: Path | None = None
        rules = self.rules = game.rules
        self.ending = rules.endings[rules.ending_index[self.revealed.ending]] if self.revealed.ending else None
        self.given = {"revealed": True}
        cols = key_variables(rules, CHARTED)
        history = [[row[rules.variables[c].id] for c in cols] for row in self.revealed.history]
        names = [rules.variables[c].label for c in cols]
        series = chart_series(history, names, [float(rules.vmax[c]) for c in cols])
        self.chart = draw_chart((600, 280), series, f"Key variables by {rules.turn_word} (0 to 100% of each one's range)")
        self.end_map: MapView | None = None  # the map as the game left it, all revealed (M shows it in the chart's place)
        self.showing_map = False
        self.seat = next(iter(game.humans), None)  # whose verdict is given (the first human; None: an AI game)
        self.par: dict | None = None
        self.seat_ai: float | None = None
        if app.demo or app.fast:
            self._work_out_par(games=200 if app.demo else 40, ai_games=12 if app.demo else 0)  # headless: at once
        else:
            threading.Thread(target=self._work_out_par, daemon=True).start()
        self.head = self._draw_head()
        self._head_par = self.par is not None

    def _work_out_par(self, games: int = 200, ai_games: int = 12) -> None:
        """Par for every role (the documented path), and an AI in the player's seat (off the main loop)."""
        seed = self.game.session.match.seed
        if self.seat is not None and ai_games:
            self.seat_ai = seat_ai_score(self.rules, self.seat, self.game.players, games=ai_games, seed=seed)
        self.par = documented_par(self.rules, games=games, seed=seed)

    def build(self) -> None:
        self.box = self.add(pygame_gui.elements.UITextBox(orders_html(self.rules, self.revealed.orders), pygame.Rect(644, 354, 616, 220),
                                                          self.ui))
        self.report_button = self.button((644, 584, 616, 46), "Write the after-action report (A)", self.write_report,
                                         tooltip="A printable HTML debrief: every turn, message and consequence, with sources")
        self.button((644, 640, 196, 48), "Save record", self.save_record)
        self.button((852, 640, 196, 48), "New game", self.new_game, object_id="@primary_button")
        self.button((1060, 640, 200, 48), "Main menu", self.app.main_menu)
        if self.app.demo:
            self.focus.focus(3)

    def write_report(self) -> None:
        """Write the after-action report to the user's data folder and say where it is."""
        # the report's writer (and matplotlib) load when a report is written
        from ..storage import write_report

        try:
            self.report_path = write_report(self.game.session, games=self.report_games)
        except OSError as exc:
            self.app.toast(f"Could not write the report: {exc.strerror or exc}", 6)
            return
        if self.open_in_browser(self.report_path):
            self.app.toast(f"After-action report written and opened in your browser: {self.report_path}", 6)
        else:
            self.app.toast(f"After-action report written: {self.report_path} (open it in a web browser)", 6)
        self.report_button.set_text("Report written: path on the left (A: again)")

    def open_in_browser(self, path) -> bool:
        """Show the report in the system's browser; not when there is no screen (tests, a server)."""
        if self.app.fast:
            return False
        try:
            return webbrowser.open(path.resolve().as_uri())
        except webbrowser.Error:
            return False

    def save_record(self) -> None:
        self.app.save_game()

    def new_game(self) -> None:
        # screens open one another: each loads when it is first shown
        from .newgame import NewGameScreen

        self.app.show(NewGameScreen(self.app))

    def demo_next(self) -> None:
        self.app.quit(0)

    def handle(self, event) -> bool:
        if scroll_text_box(self.box, event):
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_a:
            self.write_report()
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_m:
            self.toggle_map()
            return True
        return super().handle(event)

    def toggle_map(self) -> None:
        """M: the map as the game left it (everything revealed: the fronts, what was occupied, every
        force), in the chart's place; M again, the chart."""
        if self.end_map is None:
            # the map's modules load when the map is first asked for
            from ...maps.sight import Sight
            from ...play.markers import shown_for
            from ..mapview import MapView

            look = self.rules.presentation
            self.end_map = MapView(CHART_RECT, look, local_names=bool(self.app.settings.get("local_names")))
            self.end_map.show(shown_for(Sight.truth(self.game.session.match), look.map))
        self.showing_map = not self.showing_map

    def _draw_head(self) -> pygame.Surface:
        surf = pygame.Surface((theme.WIDTH, theme.HEIGHT))
        surf.fill(theme.BG)
        rules = self.rules
        surf.blit(theme.text(f"THE END · {rules.turn_word.upper()} {len(self.revealed.orders)} OF {rules.turns}", 18, theme.MUTED, bold=True), (20, 16))
        title = self.ending.title if self.ending else "The game was stopped"
        surf.blit(theme.text(title, 40, theme.ACCENT, bold=True), (20, 40))
        y = 100
        lines = theme.wrap(self.ending.text if self.ending else "", 18, 1240)
        if len(lines) > 2:  # two lines fit above the verdict; the after-action report has the rest
            lines = [lines[0], theme.fit(" ".join(lines[1:]), 18, 1240)]
        for line in lines:
            surf.blit(theme.text(line, 18, theme.TEXT), (20, y))
            y += 26
        self._draw_verdict(surf, pygame.Rect(20, 150, 1240, 124))
        scores = self.revealed.scores
        x, y = 20, 300
        surf.blit(theme.text("SCORES (PAR: THE DOCUMENTED PATH'S AVERAGE FOR THAT ROLE)", 16, theme.MUTED, bold=True), (20, 278))
        for r, role in enumerate(rules.roles):
            badge = role_badge(surf, role, rules.role_names[r], (x, y), 20)
            par = f" (par {self.par[role].mean:.0f})" if self.par else ""
            s = theme.text(f"{scores[role]:.1f}{par}", 20, theme.TEXT, bold=True)
            surf.blit(s, (badge.right + 8, y))
            x = badge.right + s.get_width() + 30
        surf.blit(theme.text("WHAT EVERY SIDE ORDERED (NOW REVEALED)", 16, theme.MUTED, bold=True), (644, 330))
        surf.blit(self.chart, CHART_RECT.topleft)
        return surf

    def _draw_verdict(self, surf, box: pygame.Rect) -> None:
        """The verdict of the first human's score against par, on a scale that says what it is."""
        pygame.draw.rect(surf, theme.PANEL, box, border_radius=8)
        pygame.draw.rect(surf, theme.LINE, box, 1, border_radius=8)
        rules = self.rules
        if self.par is None:
            surf.blit(theme.text("Working out par: the documented path, played out again…", 18, theme.MUTED, italic=True),
                      (box.x + 14, box.y + 12))
            return
        role = self.seat
        if role is None:  # an AI game: a verdict for every role
            surf.blit(theme.text("An AI game: each role against par, what the real actors' path scores for it", 16,
                                 theme.MUTED, bold=True), (box.x + 14, box.y + 8))
            for i, (r, name) in enumerate(zip(rules.roles, rules.role_names)):
                title, _ = verdict(self.revealed.scores[r], self.par[r])
                line = f"{name}: {title} ({self.revealed.scores[r]:.1f} against par {self.par[r].mean:.0f})"
                surf.blit(theme.text(theme.fit(line, 18, box.w - 28), 18, theme.TEXT), (box.x + 14, box.y + 32 + 22 * i))
            return
        name = rules.role_names[rules.role_index(role)]
        score, par = self.revealed.scores[role], self.par[role]
        title, meaning = verdict(score, par)
        head = theme.text(f"{name}: {title}", 24, theme.ACCENT, bold=True)
        surf.blit(head, (box.x + 14, box.y + 6))
        ai = f"; an AI in your seat averaged {self.seat_ai:.0f}" if self.seat_ai is not None else ""
        explain = (f"You scored {score:.1f}: {meaning}. Par {par.mean:.0f} is what the real actors' path scores for "
                   f"{name} (8 in 10 of {par.games} replays: {par.low:.0f} to {par.high:.0f}){ai}. "
                   f"Scores add each {rules.turn_word}'s objective points and the ending's (see your briefing).")
        lines = theme.wrap(explain, 16, 650)
        if len(lines) > 4:
            lines = lines[:3] + [theme.fit(" ".join(lines[3:]), 16, 650)]
        for i, text_ in enumerate(lines):
            surf.blit(theme.text(text_, 16, theme.TEXT), (box.x + 14, box.y + 42 + 19 * i))
        self._draw_scale(surf, pygame.Rect(box.x + 690, box.y + 24, box.w - 710, box.h - 48), score, par)

    def _draw_scale(self, surf, rect: pygame.Rect, score: float, par) -> None:
        """A line from the lowest to the highest of the marks, history's range shaded, three ticks."""
        marks = [("history", par.mean, theme.MUTED), ("you", score, theme.ACCENT)]
        if self.seat_ai is not None:
            marks.append(("AI", self.seat_ai, theme.GOOD))
        lo = min([par.low] + [v for _, v, _ in marks]) - 2
        hi = max([par.high] + [v for _, v, _ in marks]) + 2
        y = rect.y + rect.h // 2

        def at(v: float) -> int:
            return rect.x + int((v - lo) / (hi - lo) * rect.w)

        pygame.draw.line(surf, theme.LINE, (rect.x, y), (rect.right, y), 3)
        pygame.draw.rect(surf, theme.PANEL_HI, (at(par.low), y - 8, max(2, at(par.high) - at(par.low)), 16))
        for i, (label, value, colour) in enumerate(marks):
            x = at(value)
            pygame.draw.line(surf, colour, (x, y - 12), (x, y + 12), 3)
            text_ = theme.text(f"{label} {value:.0f}", 16, colour, bold=True)
            ty = rect.y - 4 if i % 2 == 0 else y + 14
            surf.blit(text_, (max(rect.x, min(x - text_.get_width() // 2, rect.right - text_.get_width())), ty))

    def draw(self, surface) -> None:
        if self.par is not None and not self._head_par:  # par arrived from its thread
            self.head, self._head_par = self._draw_head(), True
        surface.blit(self.head, (0, 0))
        if self.showing_map and self.end_map is not None:
            self.end_map.draw(surface)
        if self.report_path is None:  # its place holds the report's path once it is written
            what = "the chart" if self.showing_map else "the map at the end, all revealed"
            surface.blit(theme.text(f"M: {what}", 16, theme.MUTED), (20, CHART_RECT.bottom + 8))
        if self.report_path is not None:
            surface.blit(theme.text("AFTER-ACTION REPORT (OPEN IT IN A WEB BROWSER)", 16, theme.MUTED, bold=True), (20, 616))
            for i, line in enumerate(theme.wrap(str(self.report_path), 16, 600)[:3]):
                surface.blit(theme.text(line, 16, theme.TEXT), (20, 640 + 22 * i))
