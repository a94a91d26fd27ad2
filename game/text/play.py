"""Playing in the terminal: the terminal face of the game runner (``game.play.runner``).

Human roles type their orders; the runner's AI players seal theirs when a turn opens,
and the turn resolves when the last human seals. Several human roles play hotseat: a
handoff prompt stands between them so nobody sees another's screen. With every role
AI, the game runs to its end without input, and the last line printed names the
ending id. A demo shows the public view (and says what it leaves out), one role's view
(``view="us"``), or everything (``view="all"``, hidden things included, and it says so).
Everything shown for a role comes from that role's view (``Game.view``).

>>> from game.scenario import load_scenario
>>> from game.play.runner import Game
>>> game = TextGame(Game.new(load_scenario("tutorial").rules, {}, seed=1), Console(file=__import__("io").StringIO()))
>>> game.run(), game.game.over
(0, True)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rich.console import Console

from ..engine.observe import Observation, visible_report
from ..engine.report import TurnReport
from ..play.events import EndTurn, Event, Resolved, SaveFailed, Seal
from ..play.negotiation import INBOX_WORDS, SEAL_WORDS, TALK_WORDS, MessageError
from ..play.par import documented_par, verdict
from ..play.public import public_report
from ..play.runner import Game, GameError
from ..play.sealing import questions_before_sealing
from ..play.views import View
from ..play.words import answered_deals, fmt, order_notes, source_name
from ..scenario import ScenarioError, load_scenario
from .help import TALK_HELP, Row, show_help
from .render import action_table, order_numbers, show_observation, show_report
from .talk import show_messages, talk

HELP: tuple[Row, ...] = (
    ("N [N ...]", "toggle the numbered orders (e.g. '1 4'); an order keeps its number all game"),
    ("i N", "what order N is expected to do, and its source"),
    ("list", "show the orders again (also 'orders')"),
    ("clear", "remove all your orders this {turn}"),
    ("done", "end your {turn} (orders are sealed); also 'seal'"),
    ("report", "show last {turn}'s report again"),
    ("brief", "show your briefing"),
    ("save FILE", "save the game (completed {turn}s) to FILE"),
    ("inbox", "the messages you may read (also 'msgs', 'messages')"),
    *TALK_HELP,
    ("reload", "reload the scenario file now (with --watch it reloads by itself when the file changes)"),
    ("quit", "leave the game (it asks first; the game is saved after every {turn})"),
)

# Clears the screen and the terminal's scrollback (xterm's "erase saved lines", ESC [ 3 J), so the
# next player at a hotseat cannot scroll up to the last one's orders and estimates.
CLEAR_ALL = "\x1b[H\x1b[2J\x1b[3J"


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
    """The scenario file changed and the game was replayed on it: the turn starts again."""


@dataclass
class TextGame:
    game: Game
    console: Console
    ask: Callable[[str], str] = input
    save_path: str | None = None
    watch_path: str | None = None  # with --watch: reload this file when it changes
    previous: dict[str, dict[str, float]] = field(default_factory=dict)
    seen_reports: dict[str, int] = field(default_factory=dict)
    seen_messages: dict[str, int] = field(default_factory=dict)
    view: str | None = None  # a demo's view: None public, a role, or "all"
    lang: str | None = None  # the language of the scenario's text, kept when the file is reloaded
    autosave_path: str | None = None  # written after every turn, like the window's autosave

    def __post_init__(self) -> None:
        for path in (self.save_path, self.autosave_path):
            if path and path not in self.game.save_paths:
                self.game.save_paths.append(path)
        self.numbers = {role: order_numbers([a for a in self.rules.actions if a.role == r])
                        for r, role in enumerate(self.rules.roles)}
        self.watcher = None
        # A line typed at a yes-or-no question that is neither: the player's next command, not lost.
        self.next_line: str | None = None
        if self.watch_path:
            # loaded only when used (file watching, reloading): the terminal starts sooner
            from ..authoring.reload import FileWatcher

            self.watcher = FileWatcher(self.watch_path)

    @property
    def rules(self):
        return self.game.rules

    @property
    def humans(self) -> list[str]:
        return self.game.humans

    # -- hot reload ---------------------------------------------------------------------------
    def reload(self, force: bool = False) -> bool:
        """Reload the scenario if its file changed (or ``force``); True when the game was replayed on it.

        A broken file changes nothing: its errors are shown and the last good version stays.
        """
        path = self.watch_path or self.game.session.scenario_path
        if path is None:
            if force:
                self.console.print("Start the game with --watch to reload its scenario file.")
            return False
        if not (force or (self.watcher is not None and self.watcher.changed())):
            return False

        try:
            loaded = load_scenario(path, lang=self.lang)
        except ScenarioError as exc:
            self.console.print(f"[red]{path} has errors; still playing the last good version:[/]")
            for problem in exc.problems:
                self.console.print(f"  {problem}", markup=False)
            return False
        ok, notes = self.game.reload(loaded.rules)
        if not ok:
            self.console.print(f"[red]{path} no longer fits this game; still playing the last good version:[/]")
        else:
            self.console.print(f"[bold]Reloaded {path}[/]: replayed {self.game.turns_played} turns, "
                               f"now {self.rules.turn_word} {self.game.turn}.")
        for note in notes:
            self.console.print(f"  {note}", markup=False)
        return ok

    # -- the loop --------------------------------------------------------------------------
    def run(self) -> int:
        game, console, rules = self.game, self.console, self.rules
        console.print(f"[bold]{rules.title}[/]  seed {game.session.match.seed}")
        for role in rules.roles:
            who = "you" if role in self.humans else f"AI ({game.players.get(role, 'historical')})"
            console.print(f"  {rules.role_names[rules.role_index(role)]}: {who}")
        if not self.humans:
            console.print(self.view_note())
        try:
            if len(self.humans) == 1:
                self.show_briefing(self.humans[0])
            while not game.over:
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
        if not self.humans:
            self.render(self.game.send(EndTurn()))
            return
        for role in self.humans:
            if role in self.game.sealed:
                continue
            if len(self.humans) > 1:
                self.handoff(role)
            events = self.human_turn(role)
            if len(self.humans) > 1:
                self.clear_screen()
                self.console.print(f"Orders for {self.rules.role_names[self.rules.role_index(role)]} sealed.")
            self.render(events)

    def render(self, events: list[Event]) -> None:
        """Show what the events mean for the people at this terminal."""
        for event in events:
            if isinstance(event, SaveFailed):
                self.console.print(f"[red]{event.error}[/]")
            elif isinstance(event, Resolved):
                if not self.humans:
                    self.show_demo(self.game.report_for(None))
                elif len(self.humans) == 1:
                    role = self.humans[0]
                    show_report(self.console, self.rules, self.game.report_for(role), view=self.game.view(role))
                    self.seen_reports[role] = self.game.turns_played

    # -- a human's turn ---------------------------------------------------------------------
    def handoff(self, role: str) -> None:
        name = self.rules.role_names[self.rules.role_index(role)]
        self.clear_screen()
        self.prompt(f"Pass to {name}, press Enter when ready ")
        self.clear_screen()

    def clear_screen(self) -> None:
        """Clear the screen and the scrollback (a terminal only: a file or a pipe gets no codes)."""
        if self.console.is_terminal:
            self.console.file.write(CLEAR_ALL)
            self.console.file.flush()

    def confirm_quit(self) -> bool:
        """``quit`` asks first, and says what is kept."""
        kept = [p for p in (self.autosave_path, self.save_path) if p]
        where = f" The {self.rules.turn_words} played so far are saved in {kept[0]}." if kept else " Nothing is saved (start with --save FILE)."
        answer = self.prompt(f"Leave the game?{where} Type y to leave, Enter to go on: ")
        return self.agreed(answer, "You are still playing")

    def confirm_seal(self, role: str, obs: Observation, chosen: list[str]) -> bool:
        """``done`` asks first when an order ends the game or points are left unspent (as the window does)."""
        questions = questions_before_sealing(obs, chosen, lambda orders: self.game.check(role, orders))
        if not questions:
            return True
        for question in questions:
            self.console.print(f"[yellow]{question}[/]")
        answer = self.prompt(f"End the {self.rules.turn_word}? Type y to seal, Enter to go back: ")
        return self.agreed(answer, "Not sealed")

    def agreed(self, answer: str, refused: str) -> bool:
        """True for y or yes. Any other word but n or no is kept as the next command (the player who
        answers 'End the week?' with '3' or 'commit sanctions 2' has gone back to their orders), and
        ``refused`` says so."""
        line = answer.strip()
        if line.lower() in ("y", "yes"):
            return True
        if line and line.lower() not in ("n", "no"):
            self.next_line = line
            self.console.print(f"{refused}: '{line}' is taken as your next command.", markup=False)
        return False

    def prompt(self, text: str) -> str:
        try:
            return self.ask(text)
        except EOFError:
            raise QuitGame from None

    def human_turn(self, role: str) -> list[Event]:
        """``role`` reads its view and gives its orders; returns the events of sealing them."""
        console, rules = self.console, self.rules
        view = self.game.view(role)
        if len(self.humans) > 1 and self.seen_reports.get(role, 0) < len(view.reports) and view.last_report is not None:
            show_report(console, rules, view.last_report, view=view)
            self.seen_reports[role] = len(view.reports)
        obs = view.obs
        show_observation(console, obs, self.previous.get(role), rules)
        if view.control:
            show_report(console, rules, TurnReport(obs.turn, obs.date, view.control), title="From control")
        self.show_new_messages(view)
        for hint in view.hints:
            console.print(f"[bold cyan]Hint:[/] {hint.text}")
        chosen: list[str] = list(view.orders)
        show_list = True
        while True:
            table, numbered = action_table(obs, chosen, self.numbers[role])
            spent = sum(next(a.cost for a in obs.legal if a.id == c) for c in chosen)
            if show_list:  # once a turn, and when asked ('list'): not after every command
                console.print(table)
                show_list = False
            console.print(self.chosen_line(obs, chosen, numbered)
                          + f"Budget left this {rules.turn_word}: [bold]{obs.budget - spent}[/] of {obs.budget}.  "
                          "Type 'help' for commands, 'list' for the orders.")
            line, self.next_line = (self.next_line or self.prompt(f"{role}> ")).strip(), None
            if self.reload(force=line.lower() == "reload"):
                raise ScenarioReloaded
            if not line or line.lower() == "reload":
                continue
            word, _, rest = line.partition(" ")
            word = word.lower()
            if word in SEAL_WORDS or word in ("end", "d"):
                if not self.confirm_seal(role, obs, chosen):
                    continue
                try:
                    events = self.game.send(Seal(role, tuple(chosen)))
                except GameError as exc:
                    console.print(f"[red]{exc}[/]")
                    continue
                break
            if word in ("quit", "exit", "q"):
                if self.confirm_quit():
                    raise QuitGame
                continue
            if word in ("help", "h", "?"):
                show_help(console, HELP, rules.turn_word)
            elif word in ("list", "orders", "l"):
                show_list = True
            elif word == "clear":
                chosen = []
            elif word == "report":
                if view.last_report is not None:
                    show_report(console, rules, view.last_report, view=view)
                else:
                    console.print(f"No report yet: this is the first {rules.turn_word}.")
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
                    console.print(talk(self.game, role, word, rest))
                except MessageError as exc:
                    console.print(f"[red]{exc}[/]")
                else:  # an AI role answers at once: show its reply now, not at the next 'inbox'
                    self.show_new_messages(self.game.view(role), typed=True)
            elif word in INBOX_WORDS:
                view = self.game.view(role)
                show_messages(console, rules, view.messages, view.settled, me=role)
            elif word in ("i", "info"):
                self.show_info(obs, numbered, rest)
            else:
                chosen = self.toggle(line, numbered, chosen, role)
        self.previous[role] = {v.id: v.value for v in obs.variables if v.value is not None and v.exact}
        return events

    def chosen_line(self, obs, chosen: list[str], numbered: list[str | None]) -> str:
        """'Chosen: 3 Warn Putin, 7 Call Zelensky. ' (or nothing when nothing is chosen)."""
        if not chosen:
            return ""
        label = {a.id: a.label for a in obs.legal}
        number = {a: n for n, a in enumerate(numbered, start=1) if a}
        return "Chosen: " + ", ".join(f"{number.get(c, '?')} {label.get(c, c)}" for c in chosen) + ". "

    def toggle(self, line: str, numbered: list[str | None], chosen: list[str], role: str) -> list[str]:
        """The orders with those the line numbers toggled; a line with one bad number changes nothing
        (all or none, so a typo never seals half a plan), and says so when it named several."""
        picked, tokens = list(chosen), line.replace(",", " ").split()
        unchanged = f" Nothing in '{' '.join(tokens)}' was chosen." if len(tokens) > 1 else ""
        for token in tokens:
            if not token.isdigit() or not 1 <= int(token) <= len(numbered):
                self.console.print(f"[red]'{token}' is not an order number (1-{len(numbered)}); type 'help'.{unchanged}[/]")
                return chosen
            action_id = numbered[int(token) - 1]
            if action_id is None:
                self.console.print(f"[red]Order {token} is not open to you this {self.rules.turn_word}; "
                                   f"'list' shows those that are.{unchanged}[/]")
                return chosen
            picked.remove(action_id) if action_id in picked else picked.append(action_id)
        problem = self.game.check(role, picked)
        if problem:
            self.console.print(f"[red]{problem}{unchanged}[/]")
            return chosen
        return picked

    def show_info(self, obs, numbered: list[str | None], rest: str) -> None:
        token = rest.strip()
        if not token.isdigit() or not 1 <= int(token) <= len(numbered) or numbered[int(token) - 1] is None:
            self.console.print("[red]info needs the number of an order open to you now (see 'list')[/]")
            return
        a = next(x for x in obs.legal if x.id == numbered[int(token) - 1])
        self.console.print(f"[bold]{a.label}[/] (cost {a.cost}, id {a.id})")
        if a.description:
            self.console.print(a.description)
        if a.effects:
            self.console.print("Expected: " + "; ".join(f"{k} {v}" for k, v in a.effects.items()))
        for note in order_notes(a, self.rules.turn_word):
            self.console.print(note, markup=False)
        quote = f': "{a.cite.quote}"' if a.cite.quote else ""
        self.console.print(f"Source: {source_name(self.rules, a.cite.source)}{quote}")

    def show_briefing(self, role: str) -> None:
        sc = self.rules.scenario
        brief = sc.briefings.get(role) if sc is not None else None
        if brief is None:
            return
        name = self.rules.role_names[self.rules.role_index(role)]
        self.console.rule(f"[bold]Briefing: {name}")
        for label, text in (("Situation", brief.situation), ("Objectives", brief.objectives), ("Levers", brief.levers),
                            ("What you know", brief.knows), ("What you do not know", brief.unknowns)):
            if text:
                self.console.print(f"[bold]{label}.[/] {text}")

    # -- output -----------------------------------------------------------------------------
    def view_note(self) -> str:
        """Whose view a demo shows, said once at the start."""
        if self.view in DEMO_VIEWS:
            return DEMO_VIEWS[self.view]
        name = self.rules.role_names[self.rules.role_index(self.view)]
        return f"Demo: what {name} sees (its own moves, the public ones, the variables it may see)."

    def show_demo(self, report: TurnReport) -> None:
        """A demo's turn in its view (nobody plays: the full report is the runner's to give); a view
        that leaves things out says how many."""
        rules = self.rules
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
        """The ending, every score, every order and the final state: all revealed now."""
        console, rules = self.console, self.rules
        revealed = self.game.revealed()
        ending = rules.endings[rules.ending_index[revealed.ending]]
        console.rule(f"[bold]{ending.title}")
        console.print(ending.text)

        par = documented_par(rules, games=100, seed=self.game.session.match.seed)
        console.print("[bold]Scores[/] (par: what the real actors' path scores for the role, on average): " + ", ".join(
            f"{rules.role_names[r]} {s:.1f} (par {par[role].mean:.0f})" for r, (role, s) in enumerate(revealed.scores.items())))
        for role in self.humans:
            title, meaning = verdict(revealed.scores[role], par[role])
            console.print(f"[bold]{rules.role_names[rules.role_index(role)]}: {title}[/]: {meaning} "
                          f"(8 in 10 replays of that path score {par[role].low:.0f} to {par[role].high:.0f}).")
        console.print("[bold]What every side ordered[/] (now revealed):")
        for turn, orders in enumerate(revealed.orders, start=1):
            parts = [f"{role}: {', '.join(ids) or '-'}" for role, ids in orders.items()]
            console.print(f"  {rules.turn_word} {turn:2}: " + " | ".join(parts))
        console.print("[bold]Final state[/]: " + ", ".join(f"{v.label} {fmt(revealed.final[v.id])}" for v in rules.variables))
        if self.save_path:
            console.print(f"After-action report: brink report {self.save_path} --out report.html")
        console.print(f"Ending: {revealed.ending}")

    def show_new_messages(self, view: View, typed: bool = False) -> None:
        """The messages ``view.role`` has not seen yet; after it ``typed`` one (already echoed), also
        what the game then said in its name (the commitments of a deal it accepted)."""
        role = view.role
        unseen = [x for x in view.messages if x.id > self.seen_messages.get(role, 0)]
        own = [x for x in unseen if x.sender == role]
        new = [x for x in unseen if x.sender != role or (typed and x is not own[0])]
        if new:
            show_messages(self.console, self.rules, new, view.settled, me=role,
                          answered=answered_deals(view.messages))
        self.seen_messages[role] = max([x.id for x in view.messages], default=0)

    def save(self, path: str) -> None:
        try:
            self.game.write(path)
        except OSError as exc:
            self.console.print(f"[red]Could not save to {path}: {exc.strerror or exc}[/]")
