"""The ending: its title and text, every role's score, charts of the key variables over the turns,
the orders every side really gave (now revealed to all), and the after-action report for the debrief.

It is given the game runner (``game.play.runner.Game``), whose ``revealed()`` holds everything now
that the game is over; the report is written from the game's session with its messages and acts.
"""

from __future__ import annotations

import webbrowser
from pathlib import Path

import pygame
import pygame_gui

from ...analysis.stats import key_variables
from .. import theme
from ..chart import chart_series, draw_chart
from ..widgets import html_escape, role_badge, scroll_text_box
from .base import Screen

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
        self.chart = draw_chart((600, 356), series, f"Key variables by {rules.turn_word} (share of maximum)")
        self.head = self._draw_head()

    def build(self) -> None:
        self.box = self.add(pygame_gui.elements.UITextBox(orders_html(self.rules, self.revealed.orders), pygame.Rect(644, 250, 616, 324),
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
        return super().handle(event)

    def _draw_head(self) -> pygame.Surface:
        surf = pygame.Surface((theme.WIDTH, theme.HEIGHT))
        surf.fill(theme.BG)
        rules = self.rules
        surf.blit(theme.text(f"THE END · {rules.turn_word.upper()} {len(self.revealed.orders)} OF {rules.turns}", 18, theme.MUTED, bold=True), (20, 16))
        title = self.ending.title if self.ending else "The game was stopped"
        surf.blit(theme.text(title, 40, theme.ACCENT, bold=True), (20, 40))
        y = 100
        for line in theme.wrap(self.ending.text if self.ending else "", 18, 1240)[:3]:
            surf.blit(theme.text(line, 18, theme.TEXT), (20, y))
            y += 26
        box = pygame.Rect(20, 190, 604, 50)
        scores = self.revealed.scores
        best = max(scores.values()) if scores else 0
        x = box.x
        for r, role in enumerate(rules.roles):
            badge = role_badge(surf, role, rules.role_names[r], (x, box.y), 20)
            s = theme.text(f"{scores[role]:.1f}" + (" · best" if scores[role] == best else ""), 20, theme.TEXT, bold=True)
            surf.blit(s, (badge.right + 8, box.y))
            x = badge.right + s.get_width() + 30
        surf.blit(theme.text("SCORES", 16, theme.MUTED, bold=True), (20, 166))
        surf.blit(theme.text("WHAT EVERY SIDE ORDERED (NOW REVEALED)", 16, theme.MUTED, bold=True), (644, 224))
        surf.blit(self.chart, (20, 250))
        return surf

    def draw(self, surface) -> None:
        surface.blit(self.head, (0, 0))
        if self.report_path is not None:
            surface.blit(theme.text("AFTER-ACTION REPORT (OPEN IT IN A WEB BROWSER)", 16, theme.MUTED, bold=True), (20, 616))
            for i, line in enumerate(theme.wrap(str(self.report_path), 16, 600)[:3]):
                surface.blit(theme.text(line, 16, theme.TEXT), (20, 640 + 22 * i))
