"""Playing in the terminal: human roles type orders, AI roles decide, turns resolve.

Several human roles play hotseat: a handoff prompt stands between them so
nobody sees another's screen. With every role AI, the game runs to its end
without input, and the last line printed names the ending id. A demo shows the
public view (and says what it leaves out), one role's view (``view="us"``), or
everything (``view="all"``, hidden things included, and it says so).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from rich.console import Console

from ..ai import make_policy
from ..engine.match import Match, OrderError
from ..engine.observe import visible_report
from ..engine.report import TurnReport
from ..play.negotiation import TALK_WORDS, MessageError
from ..play.public import public_report
from ..play.session import Session
from ..play.words import fmt
from .render import action_table, show_observation, show_report
from .talk import show_messages, talk

HELP = """Commands:
  N [N ...]     toggle the numbered orders (e.g. '1 4')
  i N           what order N is expected to do, and its source
  clear         remove all your orders this turn
  done          end your turn (orders are sealed)
  report        show last {turn}'s report again
  brief         show your briefing
  save FILE     save the game (completed turns) to FILE
  say TO TEXT   a message: TO is a role (private) or 'all' (public); also 'msg'
  inbox         the messages you may read
  threat ID [TEXT]        declare one of your sanctions threats (public; breaking it costs credibility)
  redline ID [TEXT]       declare one of your red lines
  commit ACTION N [TEXT]  commit to carry out ACTION by {turn} N ('refrain ACTION N' to promise not to)
  offer DEMAND accept|counter [TEXT]   promise your answer to a demand made to you
  reload        reload the scenario file now (with --watch it reloads by itself when the file changes)
  quit          leave the game"""


DEMO_VIEWS = {
    None: "Demo: the public view (what every role sees); --as ROLE shows one role's view, --as all everything.",
    "all": "Demo: everything, hidden things included (private moves and events, hidden variables): no player sees this.",
}


def unseen(full: TurnReport, shown: TurnReport) -> str:
    """What a view leaves out of a turn: '2 private events or moves and 3 changes to hidden variables', or ''.

    ``shown`` is ``full`` filtered (entries dropped, changes dropped), in the same order.
    """
    skip = ("drift", "dropped")
    kept = iter(e for e in shown.entries if e.kind not in skip)
    nxt = next(kept, None)
    private = hidden = 0
    for e in (e for e in full.entries if e.kind not in skip):
        if nxt is not None and (nxt.phase, nxt.kind, nxt.id, nxt.headline) == (e.phase, e.kind, e.id, e.headline):
            hidden += len(e.changes) - len(nxt.changes)
            nxt = next(kept, None)
        else:
            private += 1
    parts = []
    if private:
        parts.append(f"{private} private event{'s' if private != 1 else ''} or move{'s' if private != 1 else ''}")
    if hidden:
        parts.append(f"{hidden} change{'s' if hidden != 1 else ''} to hidden variables")
    return " and ".join(parts)


class QuitGame(Exception):
    """The player asked to quit (or input ended)."""


class ScenarioReloaded(Exception):
    """The scenario file changed and the match was rebuilt: the turn starts again."""


@dataclass
class TextGame:
    match: Match
    players: dict[str, str]  # role -> "human" or a policy spec
    console: Console
    ask: Callable[[str], str] = input
    save_path: str | None = None
    scenario_path: str | None = None
    watch_path: str | None = None  # with --watch: reload this file when it changes
    previous: dict[str, dict[str, float]] = field(default_factory=dict)
    seen_reports: dict[str, int] = field(default_factory=dict)
    session: Session | None = None
    seen_messages: dict[str, int] = field(default_factory=dict)
    view: str | None = None  # a demo's view: None public, a role, or "all"

    def __post_init__(self) -> None:
        rules = self.match.rules
        if self.session is None:
            self.session = Session(self.match, self.players, scenario_path=self.scenario_path)
        self.policies = {role: make_policy(spec, rules, role) for role, spec in self.players.items() if spec != "human"}
        self.humans = [role for role in rules.roles if self.players.get(role) == "human"]
        self.watcher = None
        if self.watch_path:
            from ..authoring.reload import FileWatcher

            self.watcher = FileWatcher(self.watch_path)

    # -- hot reload ---------------------------------------------------------------------------
    def reload(self, force: bool = False) -> bool:
        """Reload the scenario if its file changed (or ``force``); True when the match was rebuilt.

        A broken file changes nothing: its errors are shown and the last good version stays.
        """
        path = self.watch_path or self.scenario_path
        if path is None:
            if force:
                self.console.print("Start the game with --watch to reload its scenario file.")
            return False
        if not (force or (self.watcher is not None and self.watcher.changed())):
            return False
        from ..authoring.reload import reload_match

        result = reload_match(path, self.match)
        if not result.ok:
            self.console.print(f"[red]{path} has errors; still playing the last good version:[/]")
            for problem in result.problems:
                self.console.print(f"  {problem}", markup=False)
            return False
        self.match = self.session.match = result.match  # acts (messages, overrides) stay in the log
        rules = self.match.rules
        self.policies = {role: make_policy(spec, rules, role) for role, spec in self.players.items() if spec != "human"}
        self.console.print(f"[bold]Reloaded {path}[/]: replayed {len(self.match.orders_log)} turns, now {self.match.rules.turn_word} {self.match.turn}.")
        for note in result.notes:
            self.console.print(f"  {note}", markup=False)
        return True

    # -- the loop --------------------------------------------------------------------------
    def run(self) -> int:
        m, console = self.match, self.console
        console.print(f"[bold]{m.rules.title}[/]  seed {m.seed}")
        for role in m.rules.roles:
            who = "you" if role in self.humans else f"AI ({self.players.get(role, 'historical')})"
            console.print(f"  {m.rules.role_names[m.rules.role_index(role)]}: {who}")
        if not self.humans:
            console.print(self.view_note())
        try:
            if len(self.humans) == 1:
                self.show_briefing(self.humans[0])
            while not m.over:
                self.play_one_turn()
        except QuitGame:
            console.print("You left the game." + (f" Saved to {self.save_path}." if self.save_path else ""))
            if self.save_path:
                self.save(self.save_path)
            return 1
        self.show_ending()
        return 0

    def play_one_turn(self) -> None:
        """Play one turn; when the scenario is reloaded midway, the turn starts again."""
        while True:
            self.reload()
            try:
                return self._play_one_turn()
            except ScenarioReloaded:
                continue

    def _play_one_turn(self) -> None:
        m = self.match
        for role in m.rules.roles:
            if role in self.humans:
                if len(self.humans) > 1:
                    self.handoff(role)
                self.human_turn(role)
                if len(self.humans) > 1:
                    self.console.clear()
                    self.console.print(f"Orders for {m.rules.role_names[m.rules.role_index(role)]} sealed.")
            else:
                policy = self.policies[role]
                m.submit(role, policy.choose_ids(m.observe_batch(role)))
        report = self.session.resolve()
        self.match = m = self.session.match
        if self.save_path:
            self.save(self.save_path)
        if not self.humans:
            self.show_demo(report)
        elif len(self.humans) == 1:
            role = self.humans[0]
            show_report(self.console, m.rules, visible_report(m.rules, report, role))
            self.seen_reports[role] = len(m.reports)

    # -- a human's turn ---------------------------------------------------------------------
    def handoff(self, role: str) -> None:
        name = self.match.rules.role_names[self.match.rules.role_index(role)]
        self.console.clear()
        self.prompt(f"Pass to {name}, press Enter when ready ")
        self.console.clear()

    def prompt(self, text: str) -> str:
        try:
            return self.ask(text)
        except EOFError:
            raise QuitGame from None

    def human_turn(self, role: str) -> None:
        m, console = self.match, self.console
        if len(self.humans) > 1 and self.seen_reports.get(role, 0) < len(m.reports):
            show_report(console, m.rules, m.report_for(role))
            self.seen_reports[role] = len(m.reports)
        obs = m.observe(role)
        show_observation(console, obs, self.previous.get(role), m.rules)
        control = self.session.control_report(role)
        if control:
            show_report(console, m.rules, TurnReport(m.turn, m.rules.date_of(m.turn), control), title="From control")
        self.show_new_messages(role)
        self.show_hints(role)
        chosen: list[str] = []
        while True:
            table, numbered = action_table(obs, chosen)
            spent = sum(next(a.cost for a in obs.legal if a.id == c) for c in chosen)
            console.print(table)
            console.print(f"Budget left this turn: [bold]{obs.budget - spent}[/] of {obs.budget}.  Type 'help' for commands.")
            line = self.prompt(f"{role}> ").strip()
            if self.reload(force=line.lower() == "reload"):
                raise ScenarioReloaded
            if not line or line.lower() == "reload":
                continue
            word, _, rest = line.partition(" ")
            word = word.lower()
            if word in ("done", "end", "d"):
                try:
                    m.submit(role, chosen)
                except OrderError as exc:
                    console.print(f"[red]{exc}[/]")
                    continue
                break
            if word in ("quit", "exit", "q"):
                raise QuitGame
            if word in ("help", "h", "?"):
                console.print(HELP.format(turn=m.rules.turn_word))
            elif word == "clear":
                chosen = []
            elif word == "report":
                if m.reports:
                    show_report(console, m.rules, m.report_for(role))
                else:
                    console.print(f"No report yet: this is the first {m.rules.turn_word}.")
            elif word in ("brief", "briefing"):
                self.show_briefing(role)
            elif word == "save":
                target = rest.strip() or self.save_path
                if not target:
                    console.print("[red]save needs a file name: save FILE[/]")
                else:
                    self.save(target)
                    console.print(f"Saved to {target}.")
            elif word in TALK_WORDS:
                try:
                    console.print(talk(self.session, role, word, rest))
                except MessageError as exc:
                    console.print(f"[red]{exc}[/]")
            elif word == "inbox":
                show_messages(console, self.session, role, self.session.messages_for(role))
            elif word in ("i", "info"):
                self.show_info(obs, numbered, rest)
            else:
                chosen = self.toggle(line, numbered, chosen, role)
        self.previous[role] = {v.id: v.value for v in obs.variables if v.value is not None and v.exact}

    def toggle(self, line: str, numbered: list[str], chosen: list[str], role: str) -> list[str]:
        picked = list(chosen)
        for token in line.replace(",", " ").split():
            if not token.isdigit() or not 1 <= int(token) <= len(numbered):
                self.console.print(f"[red]'{token}' is not an order number (1-{len(numbered)}); type 'help'[/]")
                return chosen
            action_id = numbered[int(token) - 1]
            picked.remove(action_id) if action_id in picked else picked.append(action_id)
        try:
            self.match.check(role, picked)
        except OrderError as exc:
            self.console.print(f"[red]{exc}[/]")
            return chosen
        return picked

    def show_info(self, obs, numbered: list[str], rest: str) -> None:
        token = rest.strip()
        if not token.isdigit() or not 1 <= int(token) <= len(numbered):
            self.console.print(f"[red]info needs an order number (1-{len(numbered)})[/]")
            return
        a = next(x for x in obs.legal if x.id == numbered[int(token) - 1])
        self.console.print(f"[bold]{a.label}[/] (cost {a.cost}, id {a.id})")
        if a.description:
            self.console.print(a.description)
        if a.effects:
            self.console.print("Expected: " + "; ".join(f"{k} {v}" for k, v in a.effects.items()))
        quote = f': "{a.cite.quote}"' if a.cite.quote else ""
        self.console.print(f"Source: {a.cite.source or 'none given'}{quote}")

    def show_hints(self, role: str) -> None:
        from ..play.hints import hints_for

        for hint in hints_for(self.match, role):
            self.console.print(f"[bold cyan]Hint:[/] {hint.text}")

    def show_briefing(self, role: str) -> None:
        sc = self.match.rules.scenario
        brief = sc.briefings.get(role) if sc is not None else None
        if brief is None:
            return
        name = self.match.rules.role_names[self.match.rules.role_index(role)]
        self.console.rule(f"[bold]Briefing: {name}")
        for label, text in (("Situation", brief.situation), ("Objectives", brief.objectives), ("Levers", brief.levers),
                            ("What you know", brief.knows), ("What you do not know", brief.unknowns)):
            if text:
                self.console.print(f"[bold]{label}.[/] {text}")

    # -- output -----------------------------------------------------------------------------
    def show_public(self, report: TurnReport) -> None:
        show_report(self.console, self.match.rules, public_report(self.match.rules, report))

    def view_note(self) -> str:
        """Whose view a demo shows, said once at the start."""
        if self.view in DEMO_VIEWS:
            return DEMO_VIEWS[self.view]
        name = self.match.rules.role_names[self.match.rules.role_index(self.view)]
        return f"Demo: what {name} sees (its own moves, the public ones, the variables it may see)."

    def show_demo(self, report: TurnReport) -> None:
        """A demo's turn in its view; a view that leaves things out says how many."""
        rules = self.match.rules
        if self.view == "all":
            show_report(self.console, rules, report, title=f"{rules.turn_word.capitalize()} {report.turn}: everything (hidden things included)")
            return
        shown = visible_report(rules, report, self.view) if self.view else public_report(rules, report)
        show_report(self.console, rules, shown)
        left_out = unseen(report, shown)
        if left_out:
            who = f"{self.view} does not see" if self.view else "the public view leaves out"
            self.console.print(f"[dim]({who} {left_out}; --as all shows everything)[/]")

    def show_ending(self) -> None:
        m, console = self.match, self.console
        rules = m.rules
        ending = rules.endings[rules.ending_index[m.ending]]
        console.rule(f"[bold]{ending.title}")
        console.print(ending.text)
        console.print("[bold]Scores[/]: " + ", ".join(f"{rules.role_names[r]} {s:.1f}" for r, s in enumerate(m.scores.values())))
        console.print("[bold]What every side ordered[/] (now revealed):")
        for turn, orders in enumerate(m.orders_log, start=1):
            parts = [f"{role}: {', '.join(ids) or '-'}" for role, ids in orders.items()]
            console.print(f"  {rules.turn_word} {turn:2}: " + " | ".join(parts))
        final = m.state.values[0]
        console.print("[bold]Final state[/]: " + ", ".join(f"{v.label} {fmt(final[i])}" for i, v in enumerate(rules.variables)))
        if self.save_path:
            console.print(f"After-action report: brink report {self.save_path} --out report.html")
        console.print(f"Ending: {m.ending}")

    def show_new_messages(self, role: str) -> None:
        visible = self.session.messages_for(role)
        new = [x for x in visible if x.id > self.seen_messages.get(role, 0) and x.sender != role]
        if new:
            show_messages(self.console, self.session, role, new)
        self.seen_messages[role] = max([x.id for x in visible], default=0)

    def save(self, path: str) -> None:
        self.session.scenario_path = self.scenario_path
        try:
            self.session.save(path)
        except OSError as exc:
            self.console.print(f"[red]Could not save to {path}: {exc.strerror or exc}[/]")
