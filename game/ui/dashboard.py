"""The dashboard of a role's view: escalation ladder, indicators with changes, estimates as ranges,
threats and red lines, demands and what is coming up. Drawn once per view into a cached layer.
"""

from __future__ import annotations

import math

import pygame

from ..engine.observe import VariableView
from ..engine.rules import Rules
from ..play.views import View
from . import theme
from .widgets import bar, panel, range_bar

ESTIMATE = (214, 160, 196)  # estimates are pink-purple and hatched: a cue besides their "~"
# from calm to war; dark enough that white text on the current rung meets WCAG AA
RUNG_COLOURS = [(46, 96, 74), (96, 104, 44), (140, 98, 24), (168, 70, 28), (178, 40, 40)]


def fmt(value: float) -> str:
    return f"{value:.0f}" if abs(value - round(value)) < 0.05 or abs(value) >= 100 else f"{value:.1f}"


def delta_text(delta: float) -> tuple[str, tuple[int, int, int]]:
    """'+3' or '−2': a sign as well as a colour (Noto Sans has no arrow glyphs)."""
    if abs(delta) < 0.05:
        return "", theme.MUTED
    size = f"{abs(delta):.1f}" if abs(delta) < 1 else f"{abs(delta):.0f}"
    return (f"+{size}", theme.GOOD) if delta > 0 else (f"−{size}", theme.BAD)


def ladder_value(value: float) -> str:
    """The ladder's value, rounded down to a tenth: 84.97 shown as 85 would contradict its rung (85+).

    >>> ladder_value(84.97), ladder_value(85.0), ladder_value(63.71)
    ('84.9', '85', '63.7')
    """
    return f"{math.floor(value * 10) / 10:.1f}".removesuffix(".0")


def draw_ladder(surface, rect: pygame.Rect, view: View, rules: Rules) -> None:
    """The scenario's ladder variable, rung by rung, the current one lit (nothing when it has none)."""
    ladder = rules.presentation.ladder
    y = panel(surface, rect, "Escalation ladder")
    level = next((v for v in view.obs.variables if v.id == ladder), None)
    if level is None:
        return
    info = rules.variables[rules.var_index[ladder]]
    rungs = info.rungs or [(0.0, info.label)]
    row_h = (rect.bottom - 8 - y) // len(rungs)
    current = rules.rung(ladder, level.value) if level.value is not None else ""
    change = view.changes().get(ladder, 0.0)
    for i, (at, name) in enumerate(reversed(rungs)):
        colour = RUNG_COLOURS[min(len(RUNG_COLOURS) - 1, len(rungs) - 1 - i)]
        row = pygame.Rect(rect.x + 12, y + i * row_h, rect.w - 24, row_h - 3)
        here = name == current
        pygame.draw.rect(surface, colour if here else theme.PANEL_HI, row, border_radius=4)
        pygame.draw.rect(surface, colour, (row.x, row.y, 6, row.h), border_radius=2)
        label = theme.text(f"{at:.0f}+  {name}", 16, theme.TEXT, bold=here)
        surface.blit(label, (row.x + 14, row.centery - label.get_height() // 2))
        if here and level.value is not None:
            text, _ = delta_text(change)
            tag = theme.text(f"{ladder_value(level.value)} {text}".rstrip(), 16, theme.TEXT, bold=True)
            surface.blit(tag, (row.right - tag.get_width() - 8, row.centery - tag.get_height() // 2))


def draw_indicators(surface, rect: pygame.Rect, view: View, rules: Rules) -> list[tuple[pygame.Rect, VariableView]]:
    """The indicator rows; returns each row's rectangle and variable (for hover tooltips)."""
    y = panel(surface, rect, f"Indicators · change since last {view.obs.turn_word}")
    hits: list[tuple[pygame.Rect, VariableView]] = []
    changes = view.changes()
    rows = [v for v in view.obs.variables if v.id != rules.presentation.ladder]
    row_h = min(26, (rect.bottom - 6 - y) // max(1, len(rows)))
    value_w = 78  # "100 +22" or "~119 ±10"
    inner = rect.w - 20
    widest = max((theme.font(16).size(v.label)[0] for v in rows), default=0)
    label_w = min(widest, inner - value_w - 8 - 26)  # the gauge takes what is left, at least 26 px
    bar_w = inner - value_w - 8 - label_w
    for i, v in enumerate(rows):
        ry = y + i * row_h
        lo, hi = float(rules.vmin[rules.var_index[v.id]]), float(rules.vmax[rules.var_index[v.id]])
        span = (hi - lo) or 1.0
        label = theme.text(theme.fit(v.label, 16, label_w), 16, theme.TEXT)
        surface.blit(label, (rect.x + 10, ry))
        hits.append((pygame.Rect(rect.x + 4, ry, rect.w - 8, row_h), v))
        bar_rect = pygame.Rect(rect.x + 10 + label_w + 4, ry + 7, bar_w, 10)
        value_x = bar_rect.right + 4
        if v.value is None:
            pygame.draw.rect(surface, theme.PANEL_HI, bar_rect, 1, border_radius=3)
            surface.blit(theme.text("unknown", 16, theme.MUTED, italic=True), (value_x, ry))
        elif v.exact:
            bar(surface, bar_rect, (v.value - lo) / span, (86, 150, 200))
            surface.blit(theme.text(f"{v.value:.0f}", 16, theme.TEXT, bold=True), (value_x, ry))
            text, colour = delta_text(changes.get(v.id, 0.0))
            if text:
                surface.blit(theme.text(text, 16, colour, bold=True), (value_x + 36, ry))
        else:  # an estimate: its 90% range (without one, no width)
            low = v.low if v.low is not None else v.value
            high = v.high if v.high is not None else v.value
            range_bar(surface, bar_rect, (low - lo) / span, (v.value - lo) / span, (high - lo) / span)
            half = (high - low) / 2
            surface.blit(theme.text(f"~{v.value:.0f} ±{half:.0f}", 16, ESTIMATE), (value_x, ry))
    return hits


def indicator_tip(v, moved=None, turn_word: str = "turn") -> list[tuple[str, int, tuple, bool, bool]]:
    """Tooltip text for an indicator: its full name, what you know of it, what it means, and for an
    estimate that moved (``moved``, a ``play.estimates.EstimateMove``) how and probably why."""
    if v.value is None:
        known = "Unknown to you: no intelligence reaches you on this."
    elif v.exact:
        known = f"{fmt(v.value)} {v.unit}".strip() + (f" · {v.rung}" if v.rung else "")
    else:
        known = f"Intelligence estimate: about {v.value:.0f}, 90% range {v.low:.0f}–{v.high:.0f} {v.unit}".strip()
    parts = [(v.label, 18, theme.TEXT, True, False), (known, 16, theme.ACCENT, True, False)]
    if v.description:
        parts.append((v.description, 16, theme.TEXT, False, False))
    if moved is not None:
        parts.append((moved.words(turn_word), 16, theme.MUTED, False, True))
    return parts


def draw_threats(surface, rect: pygame.Rect, view: View, rules: Rules) -> bool:
    """Declared threats and red lines, yours and theirs; long ones take two lines. True when some did
    not fit ("+2 more": the agenda list, A, has them all)."""
    # loaded when first used: the window's first frame comes sooner
    from .mapview import draw_shape

    y = panel(surface, rect, "Threats and red lines")
    threats = view.obs.threats
    if not threats:
        surface.blit(theme.text("None declared yet.", 16, theme.MUTED, italic=True), (rect.x + 12, y))
        return False
    bottom = rect.bottom - 4
    for n, t in enumerate(threats):
        style = theme.role_style(t.by)
        who = "Your" if t.by == view.role else style.tag
        kind = "red line" if t.kind == "red_line" else "threat"
        status = f"! due by {view.obs.turn_word} {t.due_turn}" if t.status == "due" else ("" if t.status == "declared" else t.status)
        head = theme.text(f"{who} {kind}: ", 16, style.colour, bold=True)
        lines = theme.wrap(t.label + (f" ({status})" if status else ""), 16, rect.w - 44 - head.get_width())
        need = 22 * min(2, len(lines))
        if y + need > bottom:
            more = theme.text(f"+{len(threats) - n} more (A)", 16, theme.ACCENT)
            surface.blit(more, (rect.right - 12 - more.get_width(), rect.y + 7))
            return True
        draw_shape(surface, style.shape, (rect.x + 20, y + 11), 6, style.colour)
        surface.blit(head, (rect.x + 32, y))
        colour = theme.BAD if t.status == "due" else theme.TEXT
        for k, line in enumerate(lines[:2]):
            if k == 1 and len(lines) > 2:
                line = theme.fit(line + " " + " ".join(lines[2:]), 16, rect.w - 44 - head.get_width())
            surface.blit(theme.text(line, 16, colour), (rect.x + 32 + head.get_width(), y + 22 * k))
        y += need + 2
    return False


def draw_agenda(surface, rect: pygame.Rect, view: View, rules: Rules) -> bool:
    """Demands on the table, then the injects coming up; long lines take two rows. True when some did not fit."""
    y = panel(surface, rect, "Demands and coming up")
    items: list[tuple[str, tuple, str, str, tuple]] = []  # prefix, its colour, text, status, its colour
    for d in view.obs.demands:
        status = f"by {view.obs.turn_word} {d.expires_turn}" if d.status == "pending" else d.status
        items.append((f"{theme.role_style(d.by).tag} demand:", theme.role_style(d.by).colour, d.label, status,
                      theme.ACCENT if d.status == "pending" else theme.MUTED))
    for turn, headline in view.obs.upcoming:
        items.append((f"{view.obs.turn_word} {turn}:", theme.ACCENT, headline, "", theme.MUTED))
    if not items:
        surface.blit(theme.text("No demands on the table, nothing announced.", 16, theme.MUTED, italic=True),
                     (rect.x + 12, y))
        return False
    bottom = rect.bottom - 4
    for n, (prefix, pcolour, text_, status, scolour) in enumerate(items):
        head = theme.text(prefix + " ", 16, pcolour, bold=True)
        stat = theme.text(status, 16, scolour, bold=True) if status else None
        width = rect.w - 24 - head.get_width() - (stat.get_width() + 8 if stat else 0)
        lines = theme.wrap(text_, 16, width)
        if len(lines) > 2:
            lines = [lines[0], theme.fit(" ".join(lines[1:]), 16, width)]
        if y + 22 * len(lines) > bottom:
            more = theme.text(f"+{len(items) - n} more (A)", 16, theme.ACCENT)
            surface.blit(more, (rect.right - 12 - more.get_width(), rect.y + 7))
            return True
        surface.blit(head, (rect.x + 12, y))
        if stat:
            surface.blit(stat, (rect.right - 12 - stat.get_width(), y))
        for k, line in enumerate(lines):
            surface.blit(theme.text(line, 16, theme.TEXT), (rect.x + 12 + head.get_width(), y + 22 * k))
        y += 22 * len(lines)
    return False
