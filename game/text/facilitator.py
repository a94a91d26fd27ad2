"""``brink play --text --facilitator``: the white cell's console in the terminal.

The facilitator sees the true state, every role's view and the orders as they
come in; types in a team's orders (or hands the keyboard to a team with
``team ROLE``); runs the clock (shown at each prompt; when it has run out the
turn ends at the next command); manages injects; adjudicates, undoes, rolls back
and branches; leaks messages and writes notes. Type ``help`` for the commands.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table

from ..engine.report import TurnReport
from ..play.acts import Act, AdjustAct
from ..play.events import CONTROL, Event, Resolved, SaveFailed
from ..play.facilitator import Facilitator, FacilitatorError
from ..play.negotiation import MessageError
from ..play.runner import Game, Subscription
from ..play.words import act_what, act_why, fmt
from .play import QuitGame, TextGame
from .render import show_observation, show_report
from .talk import message_line

HELP = """Facilitator commands (reasons are required where shown):
  state                    the true state (every variable)        view ROLE   a role's view
  orders                   orders as they come in                 log         every act, numbered
  order ROLE ID...         enter a team's orders (draft)          seal ROLE [ID...]  seal a team's orders
  team ROLE                hand the keyboard to a team for its turn
  standing ROLE ID...      standing orders for a late team        late standing|nothing
  clock | pause | resume | extend SECONDS | length SECONDS [TURN] | end   (end the turn now)
  injects                  scheduled injects and their status
  publish ID REASON | skip ID REASON | delay ID TURNS REASON | edit ID "HEADLINE" VAR=+N... -- REASON
  inject "HEADLINE" VAR=+N... -- REASON      an ad-hoc inject, now
  set VAR VALUE REASON     override a variable                    event ID happen|not REASON
  undo N REASON            undo act N (the game is replayed)      note TEXT   a note for the debrief
  msgs                     every message                          leak N NOTE make message N public
  say TO TEXT              a message from control to a role or all
  rollback TURN            back to the start of a {turn} (a replay) branch TURN FILE   save a second future
  save FILE | quit"""


@dataclass
class FacilitatorConsole:
    """The white cell's console: it runs commands on a ``Facilitator`` and renders the game's events
    (as control: the full report of every turn)."""

    fac: Facilitator
    console: Console
    ask: Callable[[str], str] = input
    save_path: str | None = None

    def __post_init__(self) -> None:
        self._following: tuple[Game, Subscription] | None = None
        self.follow()

    @property
    def ai_roles(self) -> set[str]:
        return set(self.fac.game.policies)

    def follow(self) -> None:
        """Listen to the facilitator's game (a rollback gives the console another one)."""
        game = self.fac.game
        if self._following is not None and self._following[0] is game:
            return
        if self._following is not None:
            self._following[0].unsubscribe(self._following[1])
        self._following = (game, game.subscribe(self.on_event, CONTROL))

    def on_event(self, event: Event) -> None:
        if isinstance(event, Resolved):
            index = next(i for i, r in enumerate(self.fac.match.reports) if r.turn == event.turn)
            self.after_turn(self.fac.game.report_for(None, index))
        elif isinstance(event, SaveFailed):
            self.console.print(f"[red]{event.error}[/]")

    # -- the loop ---------------------------------------------------------------------------
    def run(self, max_turns: int | None = None) -> int:
        start = len(self.fac.match.reports)
        self.console.print(f"[bold]Control: {self.fac.rules.title}[/]  seed {self.fac.match.seed}. Type 'help'.")
        try:
            while not self.fac.match.over:
                if max_turns is not None and len(self.fac.match.reports) - start >= max_turns:
                    self.console.print(f"Stopped after {max_turns} turns.")
                    return 0
                line = self.prompt()
                if line:
                    self.handle(line)
                self.follow()
                self.fac.tick()
        except QuitGame:
            self.save()
            return 1
        self.console.print(f"Ending: {self.fac.match.ending}")
        return 0

    def prompt(self) -> str:
        f = self.fac
        waiting = ", ".join(f.match.waiting_for) or "nobody"
        try:
            return self.ask(f"[{f.rules.turn_word} {f.match.turn} · {f.clock.text()} · waiting for {waiting}] control> ").strip()
        except EOFError:
            raise QuitGame from None

    def after_turn(self, report: TurnReport) -> None:
        show_report(self.console, self.fac.rules, report, title=f"{self.fac.rules.turn_word.capitalize()} {report.turn}: the full report (control)")
        self.save()

    def save(self) -> None:
        if self.save_path:
            try:
                self.fac.game.write(self.save_path)
            except OSError as exc:
                self.console.print(f"[red]Could not save to {self.save_path}: {exc.strerror or exc}[/]")

    # -- commands ---------------------------------------------------------------------------
    def handle(self, line: str) -> None:
        word, _, rest = line.partition(" ")
        handler = getattr(self, "do_" + word.lower(), None)
        if handler is None:
            self.console.print(f"[red]unknown command '{word}'; type 'help'[/]")
            return
        try:
            handler(rest.strip())
        except (FacilitatorError, MessageError, ValueError) as exc:
            self.console.print(f"[red]{exc}[/]")
        self.follow()

    def do_help(self, rest: str) -> None:
        self.console.print(HELP.format(turn=self.fac.rules.turn_word), markup=False)

    def do_quit(self, rest: str) -> None:
        raise QuitGame

    def do_state(self, rest: str) -> None:
        rules = self.fac.rules
        table = Table("Variable", "True value", "Seen by", title=f"True state, {rules.turn_word} {self.fac.match.turn}", title_justify="left")
        for vid, value in self.fac.true_values().items():
            v = rules.var_index[vid]
            seen = ", ".join(r for i, r in enumerate(rules.roles) if rules.visible[i, v]) or "nobody"
            table.add_row(rules.variables[v].label, fmt(value), seen)
        self.console.print(table)

    def do_view(self, rest: str) -> None:
        show_observation(self.console, self.fac.view(rest.strip()).obs, rules=self.fac.rules)

    def do_orders(self, rest: str) -> None:
        for role, info in self.fac.orders_in().items():
            mark = "sealed" if info["sealed"] else "draft"
            self.console.print(f"  {role}: {mark}: {', '.join(info['orders']) or '-'}")

    def do_order(self, rest: str) -> None:
        role, *ids = rest.split()
        self.fac.draft(role, ids)
        self.console.print(f"Draft for {role}: {', '.join(ids) or '-'}")

    def do_seal(self, rest: str) -> None:
        role, *ids = rest.split()
        self.fac.seal(role, ids or self.fac.drafts.get(role, []))
        self.console.print(f"Orders of {role} sealed.")

    def do_team(self, rest: str) -> None:
        role = rest.strip()
        self.fac._role(role)
        TextGame(self.fac.game, self.console, ask=self.ask).human_turn(role)

    def do_standing(self, rest: str) -> None:
        role, *ids = rest.split()
        self.fac.set_standing(role, ids)
        self.console.print(f"Standing orders for {role}: {', '.join(ids) or 'none'}")

    def do_late(self, rest: str) -> None:
        if rest not in ("standing", "nothing"):
            raise FacilitatorError("late standing|nothing")
        self.fac.late = rest
        self.console.print(f"Late teams get: {rest} orders.")

    def do_clock(self, rest: str) -> None:
        self.console.print(self.fac.clock.text())

    def do_pause(self, rest: str) -> None:
        self.fac.clock.pause()

    def do_resume(self, rest: str) -> None:
        self.fac.clock.resume()

    def do_extend(self, rest: str) -> None:
        self.fac.clock.extend(float(rest))

    def do_length(self, rest: str) -> None:
        parts = rest.split()
        seconds = float(parts[0])
        if len(parts) > 1:
            self.fac.clock.per_turn[int(parts[1])] = seconds
        else:
            self.fac.clock.default_seconds = seconds

    def do_end(self, rest: str) -> None:
        self.fac.end_turn()  # the report comes as the game's event

    def do_injects(self, rest: str) -> None:
        for inj in self.fac.injects():
            self.console.print(f"  {self.fac.rules.turn_word} {inj.turn:2} {inj.id:28} {inj.status:18} {inj.headline}", markup=False)

    def do_publish(self, rest: str) -> None:
        event_id, _, reason = rest.partition(" ")
        self.show_act(self.fac.publish(event_id, reason or "published by control"))

    def do_skip(self, rest: str) -> None:
        event_id, _, reason = rest.partition(" ")
        self.show_act(self.fac.skip(event_id, need(reason)))

    def do_delay(self, rest: str) -> None:
        event_id, weeks, *reason = rest.split()
        for act in self.fac.delay(event_id, int(weeks), need(" ".join(reason))):
            self.show_act(act)

    def do_edit(self, rest: str) -> None:
        event_id, _, tail = rest.partition(" ")
        headline, effects, reason = parse_inject(tail)
        for act in self.fac.edit(event_id, headline, effects, need(reason)):
            self.show_act(act)

    def do_inject(self, rest: str) -> None:
        headline, effects, reason = parse_inject(rest)
        self.show_act(self.fac.adhoc(headline, effects, need(reason)))

    def do_set(self, rest: str) -> None:
        var, value, *reason = rest.split()
        self.show_act(self.fac.override(var, float(value), need(" ".join(reason))))

    def do_event(self, rest: str) -> None:
        event_id, what, *reason = rest.split()
        if what not in ("happen", "not"):
            raise FacilitatorError("event ID happen|not REASON")
        self.show_act(self.fac.event_outcome(event_id, what == "happen", need(" ".join(reason))))

    def do_undo(self, rest: str) -> None:
        number, _, reason = rest.partition(" ")
        self.show_act(self.fac.undo(int(number), need(reason)))

    def do_note(self, rest: str) -> None:
        self.show_act(self.fac.note(rest))

    def do_log(self, rest: str) -> None:
        undone = self.fac.session.undone()
        for a in self.fac.session.acts:
            mark = " (undone)" if a.id in undone else ""
            target = f"{act_what(a)} " if isinstance(a, AdjustAct) else ""
            self.console.print(f"  #{a.id} {self.fac.rules.turn_word} {a.turn} {a.time} {a.kind} {target}{act_why(a)}{mark}",
                               markup=False)

    def do_msgs(self, rest: str) -> None:
        settled = self.fac.session.settled
        for m in self.fac.session.messages():
            self.console.print(f"  #{m.id} " + message_line(self.fac.rules, m, settled), markup=False)

    def do_leak(self, rest: str) -> None:
        number, _, note = rest.partition(" ")
        self.show_act(self.fac.leak(int(number), need(note)))

    def do_say(self, rest: str) -> None:
        to, _, text = rest.partition(" ")
        self.fac.say(to, text)
        self.console.print("Sent.")

    def do_rollback(self, rest: str) -> None:
        self.fac = self.fac.rollback(int(rest))
        self.console.print(f"Rolled back to the start of {self.fac.rules.turn_word} {self.fac.match.turn}.")

    def do_branch(self, rest: str) -> None:
        week, path = rest.split()
        other = self.fac.branch(int(week), note=f"branched from {self.save_path or 'this game'}")
        other.game.write(path)
        self.console.print(f"Branch from {self.fac.rules.turn_word} {week} saved to {path}; this game goes on unchanged.")

    def do_save(self, rest: str) -> None:
        path = rest.strip() or self.save_path
        if not path:
            raise FacilitatorError("save FILE")
        self.fac.game.write(path)
        self.console.print(f"Saved to {path}.")

    def show_act(self, act: Act) -> None:
        self.console.print(f"Recorded act #{act.id} ({self.fac.rules.turn_word} {act.turn}).")


def need(reason: str) -> str:
    if not reason.strip():
        raise FacilitatorError("give a written reason")
    return reason.strip()


def parse_inject(text: str) -> tuple[str, dict[str, float], str]:
    """'"HEADLINE" tension=+5 nato_cohesion=-3 -- REASON' -> (headline, effects, reason)."""
    body, _, reason = text.partition(" -- ")
    try:
        words = shlex.split(body)
    except ValueError as exc:
        raise FacilitatorError(f"cannot read the inject: {exc}") from None
    if not words:
        raise FacilitatorError('write: "HEADLINE" VAR=+N ... -- REASON')
    effects = {}
    for word in words[1:]:
        var, sep, amount = word.partition("=")
        if not sep:
            raise FacilitatorError(f"'{word}' is not VAR=+N")
        try:
            effects[var] = float(amount)
        except ValueError:
            raise FacilitatorError(f"'{amount}' is not a number") from None
    return words[0], effects, reason
