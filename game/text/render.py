"""Drawing a role's view, a turn report and an ending in the terminal (rich).

Everything drawn for a role comes from ``observe(role)`` or ``visible_report``.

>>> ladder(50.0, width=10)
'█████░░░░░'
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..engine.observe import Observation
from ..engine.report import TurnReport
from ..engine.rules import Rules
from ..play.newspaper import net_line, newspaper
from ..play.words import change_line, fmt
from ..scenario.presentation import grouped


def ladder(value: float, width: int = 30, low: float = 0.0, high: float = 100.0) -> str:
    """A bar of ``width`` cells, filled as far as ``value`` lies between ``low`` and ``high``.

    >>> ladder(50, 10), ladder(3, 4, 0, 4)
    ('█████░░░░░', '███░')
    """
    share = (value - low) / ((high - low) or 1.0)
    filled = int(round(width * max(0.0, min(1.0, share))))
    return "█" * filled + "░" * (width - filled)


def turn_title(turn: int, turns: int, turn_word: str, ending: str | None = None) -> str:
    """'Week 3 of 12', and after the last turn (or an ending) the end, never 'Week 13 of 12'.

    >>> turn_title(3, 12, "week"), turn_title(13, 12, "week"), turn_title(5, 12, "week", "war")
    ('Week 3 of 12', 'The end (after 12 weeks)', 'The end (after week 5 of 12)')
    """
    if ending is None and turn <= turns:
        return f"{turn_word.capitalize()} {turn} of {turns}"
    if turn > turns:
        return f"The end (after {turns} {turn_word}s)"
    return f"The end (after {turn_word} {turn} of {turns})"


def show_observation(console: Console, obs: Observation, previous: dict[str, float] | None = None,
                     rules: Rules | None = None) -> None:
    """The dashboard: date, ladder, variables with changes, estimates, demands, threats, injects.

    The ladder is the scenario's (``rules.presentation.ladder``); without ``rules``, the first
    variable that has named rungs.
    """
    title = f"{obs.role_name} · {turn_title(obs.turn, obs.turns, obs.turn_word, obs.ending)} · {obs.date:%a %d %b %Y} · score so far {obs.score:.1f}"
    console.rule(f"[bold]{title}")
    if rules is not None:
        ladder_id = rules.presentation.ladder
    else:
        ladder_id = next((v.id for v in obs.variables if v.rung), None)
    level = next((v for v in obs.variables if v.id == ladder_id), None)
    if level is not None and level.value is not None:
        low, high = (float(rules.vmin[rules.var_index[level.id]]), float(rules.vmax[rules.var_index[level.id]])) if rules else (0.0, 100.0)
        console.print(f"Escalation ladder  {ladder(level.value, 30, low, high)}  {fmt(level.value)}  [bold]{level.rung}[/]")
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("Indicator")
    table.add_column("Value", justify="right", no_wrap=True)
    table.add_column("Change", justify="right")
    table.add_column("Note")
    for v in obs.variables:
        if v.value is None:
            table.add_row(v.label, "?", "", "[dim]unknown to you[/]")
            continue
        change = ""
        if previous and v.id in previous and v.exact:
            delta = v.value - previous[v.id]
            if abs(delta) >= 0.05:
                change = f"{'+' if delta > 0 else '-'}{fmt(abs(delta))}"
        if v.exact:
            unit = v.unit if len(v.unit) <= 10 else ""
            table.add_row(v.label, f"{fmt(v.value)} {unit}".strip(), change, v.rung)
        else:
            band = f", 90% range {fmt(v.low)}-{fmt(v.high)}" if v.low is not None and v.high is not None else ""
            table.add_row(v.label, f"≈{fmt(v.value)}", "", f"[italic]intelligence estimate{band}[/]")
    console.print(table)
    if obs.demands:
        console.print("[bold]Demands[/]")
        for d in obs.demands:
            answer = f" - your answer: {d.my_answer}" if d.my_answer else ""
            due = f", answer by {obs.turn_word} {d.expires_turn}" if d.status == "pending" else ""
            console.print(f"  {d.by} → {', '.join(d.to)}: {d.label} " + escape(f"[{d.status}{due}]") + answer)
    if obs.threats:
        console.print("[bold]Threats and red lines[/]")
        for t in obs.threats:
            due = f" (due by {obs.turn_word} {t.due_turn})" if t.status == "due" and t.due_turn else ""
            mark = "red line" if t.kind == "red_line" else "threat"
            console.print(f"  {mark} by {t.by}: {t.label} " + escape(f"[{t.status}{due}]"))
    if obs.upcoming:
        nxt = [f"{obs.turn_word} {turn}: {headline}" for turn, headline in obs.upcoming[:3]]
        console.print("[bold]Coming up[/]  " + " · ".join(nxt))


def show_report(console: Console, source: Rules | Observation, report: TurnReport, title: str | None = None,
                view=None) -> None:
    """A turn report in newspaper style: a headline per event, then each change and its cause.

    ``source`` names the variables and the turn: the rules (which also word the entries), or,
    where there are none (a LAN client), the role's observation, whose report came worded.
    """
    if isinstance(source, Observation):
        labels, turn_word = [v.label for v in source.variables], source.turn_word
    else:
        show_paper(console, source, report, title, view)
        return
    lines, background = Text(), Text()
    for e in report.entries:
        if e.kind == "drift" and not e.changes:
            continue
        cited = e.cite.source if e.cite else None
        if e.kind == "drift":  # background drift is no story's consequence: it goes under its own heading
            for var, delta in e.changes:
                background.append("  " + change_line(labels[var], delta, e.headline, cited) + "\n", style="dim")
            continue
        lines.append(f"▪ {e.headline}", style="bold")
        lines.append(f"  ({cited})\n" if cited else "\n", style="dim")
        if e.text:
            lines.append(f"  {e.text}\n", style="italic")
        for var, delta in e.changes:
            lines.append(f"    {labels[var]} {'+' if delta >= 0 else '-'}{fmt(abs(delta))}\n")
    if background.plain:
        lines.append(("\n" if lines.plain else "") + "In the background\n", style="bold")
        lines.append_text(background)
    if not lines.plain:
        lines.append(f"A quiet {turn_word}: nothing you could see changed.\n")
    heading = title or f"The {turn_word} of {report.date:%d %b %Y} ({turn_word} {report.turn})"
    console.print(Panel(lines, title=heading, title_align="left"))


def order_numbers(actions: list) -> dict[str, int]:
    """Numbers for all of a role's orders (``Rules.actions`` of that role), in display order, kept for
    the whole game: an order that is not available this turn keeps its number, so "Warn Putin" stays 21.

    >>> from game.scenario import load_rules
    >>> rules = load_rules("tutorial")
    >>> numbers = order_numbers([a for a in rules.actions if a.role == 0])
    >>> sorted(numbers.values())[:3]
    [1, 2, 3]
    """
    out: dict[str, int] = {}
    for _, group in grouped(actions):
        for a in group:
            out.setdefault(a.id, len(out) + 1)
    return out


def show_paper(console: Console, rules: Rules, report: TurnReport, title: str | None = None, view=None) -> None:
    """The newspaper (``game.play.newspaper``): the net changes, the stories by impact (the lead first),
    what the reader's orders probably did unseen, and the week's background in one line."""
    paper = newspaper(rules, report, view)
    lines = Text()
    if paper.net:
        lines.append(f"This {rules.turn_word}: " + " · ".join(net_line(*row) for row in paper.net) + "\n\n", style="bold")
    for i, story in enumerate(paper.stories):
        lines.append(f"■ {story.headline}" if i == 0 else f"▪ {story.headline}", style="bold underline" if i == 0 else "bold")
        lines.append(f"  ({story.source})\n" if story.source else "\n", style="dim")
        if story.text:
            lines.append(f"  {story.text}\n", style="italic")
        if story.changes:
            lines.append("    " + " · ".join(story.changes) + "\n")
    for line in paper.probably:
        lines.append(f"  Unseen, but likely: {line}\n", style="italic")
    for line in paper.estimates:
        lines.append(f"  Intelligence: {line}\n", style="italic")
    if paper.background:  # under its own heading, not under the last story
        lines.append(("\n" if lines.plain else "") + "In the background\n", style="bold")
        lines.append("  " + paper.background + "\n", style="dim")
    if not lines.plain:
        lines.append(f"A quiet {rules.turn_word}: nothing you could see changed.\n")
    heading = title or f"The {rules.turn_word} of {report.date:%d %b %Y} ({rules.turn_word} {report.turn})"
    console.print(Panel(lines, title=heading, title_align="left"))


def action_table(obs: Observation, chosen: list[str], numbers: dict[str, int] | None = None) -> tuple[Table, list[str | None]]:
    """The orders panel: legal actions under the scenario's headings, numbered, with costs.

    With ``numbers`` (``order_numbers``) each order keeps its number all game and the list
    returned has None where an order is not available now; without, orders are numbered 1, 2, 3.
    """
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column("n", justify="right")
    table.add_column("mark")
    table.add_column("action")
    table.add_column("cost", justify="right")
    legal = obs.legal
    if numbers is not None:
        legal = sorted((a for a in legal if a.id in numbers), key=lambda a: numbers[a.id])
        numbered: list[str | None] = [None] * max(numbers.values(), default=0)
    else:
        numbered = []
    for title, group in grouped(legal):
        table.add_row("", "", f"[bold underline]{escape(title)}[/]", "")
        for a in group:
            if numbers is not None:
                numbered[numbers[a.id] - 1] = a.id
                n = numbers[a.id]
            else:
                numbered.append(a.id)
                n = len(numbered)
            mark = "[bold green]\\[x][/]" if a.id in chosen else "\\[ ]"
            table.add_row(str(n), mark, a.label, f"{a.cost}")
    return table, numbered
