"""The white cell's commands, for every face: a line in, structured replies out.

``brink play --text --facilitator``, the window's console screen and a LAN host's
console type the same commands ("set tension 70 the summit collapsed"). A ``Control``
carries one out on a ``Facilitator`` and answers with replies that say what happened
without drawing it: a sentence (``Said``), a table (``Table``), a role's view
(``RoleShown``), a team handed the keyboard (``HandOver``) or the end (``Quit``). The
terminal draws them with rich, the window as lines of its log; neither reads the
other's output.

>>> from game.scenario import load_rules
>>> from game.play.runner import Game
>>> from game.play.facilitator import Facilitator
>>> control = Control(Facilitator(Game.new(load_rules("winter-2021"), {"us": "human"}, seed=1)))
>>> control.run("set tension 70 the summit collapsed")
[Said(text='Recorded act #1 (week 1).', error=False)]
>>> control.run("bogus")
[Said(text="unknown command 'bogus'; type 'help'", error=True)]
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from .acts import Act, AdjustAct
from .facilitator import Facilitator, FacilitatorError
from .negotiation import MessageError
from .views import View
from .words import act_what, act_why, fmt, message_line

HELP = """Facilitator commands (reasons are required where shown):
  state                    the true state (every variable)        view ROLE   a role's view
  orders                   orders as they come in                 log         every act, numbered
  order ROLE ID...         enter a team's orders (draft)          seal ROLE [ID...]  seal a team's orders
  team ROLE                hand the keyboard to a team for its turn
  standing ROLE ID...      standing orders for a late team        late standing|nothing
  start                    start the clock (it waits for this at the first {turn}, after a rollback and a restart)
  clock | pause | resume | extend SECONDS | length SECONDS [TURN] | end   (end the turn now)
  injects                  scheduled injects and their status
  publish ID REASON | skip ID REASON | delay ID TURNS REASON | edit ID "HEADLINE" VAR=+N... -- REASON
  inject "HEADLINE" VAR=+N... -- REASON      an ad-hoc inject, now
  set VAR VALUE REASON     override a variable                    event ID happen|not REASON
  undo N REASON            undo act N (the game is replayed)      note TEXT   a note for the debrief
  msgs                     every message                          leak N NOTE make message N public
  purge ROLE REASON        take back every message ROLE has sent, in one act (statements stay)
  say TO TEXT              a message from control to a role or all
  rollback TURN REASON     back to the start of a {turn} (a replay; the future left is kept in the record)
  branch TURN FILE         save a second future                   seed        the game's seed (keep it from the teams)
  save FILE | quit"""


@dataclass(frozen=True)
class Said:
    """A sentence for the white cell (``error``: the command could not be carried out)."""

    text: str
    error: bool = False


@dataclass(frozen=True)
class Table:
    """Rows of text under named columns (the true state)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class RoleShown:
    """What ``role`` sees now (``view ROLE``)."""

    role: str
    view: View


@dataclass(frozen=True)
class HandOver:
    """``team ROLE``: the face lets that team give its orders at this keyboard."""

    role: str


@dataclass(frozen=True)
class Quit:
    """``quit``: the white cell leaves (the game is saved first)."""


Reply = Said | Table | RoleShown | HandOver | Quit


class Control:
    """Runs the white cell's commands on ``fac``; ``save_path``: where ``save`` and autosaves write.

    A rollback replaces ``fac`` (a host reads it back after each command)."""

    def __init__(self, fac: Facilitator, save_path: str | None = None):
        self.fac = fac
        self.save_path = save_path

    def run(self, line: str) -> list[Reply]:
        """Carry out one command line; a command that cannot be carried out says why."""
        word, _, rest = line.strip().partition(" ")
        if not word:
            return []
        handler = getattr(self, "do_" + word.lower(), None)
        if handler is None:
            return [Said(f"unknown command '{word}'; type 'help'", error=True)]
        try:
            return list(handler(rest.strip()))
        except (FacilitatorError, MessageError, ValueError) as exc:
            return [Said(str(exc), error=True)]

    def autosave(self) -> list[Said]:
        """Save to ``save_path`` (if any); a failure is said, not raised."""
        if not self.save_path:
            return []
        try:
            self.fac.game.write(self.save_path)
        except OSError as exc:
            return [Said(f"Could not save to {self.save_path}: {exc.strerror or exc}", error=True)]
        return []

    # -- commands -------------------------------------------------------------------------
    def do_help(self, rest: str) -> list[Reply]:
        return [Said(HELP.format(turn=self.fac.rules.turn_word))]

    def do_quit(self, rest: str) -> list[Reply]:
        return [Quit()]

    def do_state(self, rest: str) -> list[Reply]:
        rules = self.fac.rules
        rows = []
        for vid, value in self.fac.true_values().items():
            v = rules.var_index[vid]
            seen = ", ".join(r for i, r in enumerate(rules.roles) if rules.visible[i, v]) or "nobody"
            rows.append((rules.variables[v].label, fmt(value), seen))
        return [Table(f"True state, {rules.turn_word} {self.fac.match.turn}", ("Variable", "True value", "Seen by"),
                      tuple(rows))]

    def do_view(self, rest: str) -> list[Reply]:
        role = rest.strip()
        return [RoleShown(role, self.fac.view(role))]

    def do_orders(self, rest: str) -> list[Reply]:
        return [Said(f"  {role}: {'sealed' if info['sealed'] else 'draft'}: {', '.join(info['orders']) or '-'}")
                for role, info in self.fac.orders_in().items()]

    def do_order(self, rest: str) -> list[Reply]:
        role, *ids = rest.split() or [""]
        self.fac.draft(role, ids)
        return [Said(f"Draft for {role}: {', '.join(ids) or '-'}")]

    def do_seal(self, rest: str) -> list[Reply]:
        role, *ids = rest.split() or [""]
        self.fac.seal(role, ids or self.fac.drafts.get(role, []))
        return [Said(f"Orders of {role} sealed.")]

    def do_team(self, rest: str) -> list[Reply]:
        role = rest.strip()
        self.fac._role(role)
        return [HandOver(role)]

    def do_standing(self, rest: str) -> list[Reply]:
        role, *ids = rest.split() or [""]
        self.fac.set_standing(role, ids)
        return [Said(f"Standing orders for {role}: {', '.join(ids) or 'none'}")]

    def do_late(self, rest: str) -> list[Reply]:
        if rest not in ("standing", "nothing"):
            raise FacilitatorError("late standing|nothing")
        self.fac.late = rest
        return [Said(f"Late teams get: {rest} orders.")]

    def do_clock(self, rest: str) -> list[Reply]:
        return [Said(self.fac.clock.text())]

    def do_start(self, rest: str) -> list[Reply]:
        self.fac.clock.resume()
        return [Said(f"Clock: {self.fac.clock.text()}")]

    def do_seed(self, rest: str) -> list[Reply]:
        return [Said(f"Seed {self.fac.match.seed} (with the orders it gives away every hidden draw: keep it from the teams)")]

    def do_pause(self, rest: str) -> list[Reply]:
        self.fac.clock.pause()
        return []

    def do_resume(self, rest: str) -> list[Reply]:
        self.fac.clock.resume()
        return []

    def do_extend(self, rest: str) -> list[Reply]:
        self.fac.clock.extend(float(rest))
        return []

    def do_length(self, rest: str) -> list[Reply]:
        parts = rest.split()
        if not parts:
            raise FacilitatorError("length SECONDS [TURN]")
        seconds = float(parts[0])
        if len(parts) > 1:
            self.fac.clock.per_turn[int(parts[1])] = seconds
        else:
            self.fac.clock.default_seconds = seconds
        return []

    def do_end(self, rest: str) -> list[Reply]:
        self.fac.end_turn()  # the report comes as the game's event
        return []

    def do_injects(self, rest: str) -> list[Reply]:
        word = self.fac.rules.turn_word
        return [Said(f"  {word} {inj.turn:2} {inj.id:28} {inj.status:18} {inj.headline}") for inj in self.fac.injects()]

    def do_publish(self, rest: str) -> list[Reply]:
        event_id, _, reason = rest.partition(" ")
        return self.recorded(self.fac.publish(event_id, reason or "published by control"))

    def do_skip(self, rest: str) -> list[Reply]:
        event_id, _, reason = rest.partition(" ")
        return self.recorded(self.fac.skip(event_id, need(reason)))

    def do_delay(self, rest: str) -> list[Reply]:
        event_id, weeks, *reason = rest.split()
        return self.recorded(*self.fac.delay(event_id, int(weeks), need(" ".join(reason))))

    def do_edit(self, rest: str) -> list[Reply]:
        event_id, _, tail = rest.partition(" ")
        headline, effects, reason = parse_inject(tail)
        return self.recorded(*self.fac.edit(event_id, headline, effects, need(reason)))

    def do_inject(self, rest: str) -> list[Reply]:
        headline, effects, reason = parse_inject(rest)
        return self.recorded(self.fac.adhoc(headline, effects, need(reason)))

    def do_set(self, rest: str) -> list[Reply]:
        var, value, *reason = rest.split()
        return self.recorded(self.fac.override(var, float(value), need(" ".join(reason))))

    def do_event(self, rest: str) -> list[Reply]:
        event_id, what, *reason = rest.split()
        if what not in ("happen", "not"):
            raise FacilitatorError("event ID happen|not REASON")
        return self.recorded(self.fac.event_outcome(event_id, what == "happen", need(" ".join(reason))))

    def do_undo(self, rest: str) -> list[Reply]:
        number, _, reason = rest.partition(" ")
        return self.recorded(self.fac.undo(int(number), need(reason)))

    def do_note(self, rest: str) -> list[Reply]:
        return self.recorded(self.fac.note(rest))

    def do_log(self, rest: str) -> list[Reply]:
        undone = self.fac.session.undone()
        word = self.fac.rules.turn_word
        out: list[Reply] = []
        for a in self.fac.session.acts:
            mark = " (undone)" if a.id in undone else ""
            target = f"{act_what(a)} " if isinstance(a, AdjustAct) else ""
            out.append(Said(f"  #{a.id} {word} {a.turn} {a.time} {a.kind} {target}{act_why(a)}{mark}"))
        return out

    def do_msgs(self, rest: str) -> list[Reply]:
        settled = self.fac.session.settled
        return [Said(f"  #{m.id} " + message_line(self.fac.rules, m, settled)) for m in self.fac.session.messages()]

    def do_leak(self, rest: str) -> list[Reply]:
        number, _, note = rest.partition(" ")
        return self.recorded(self.fac.leak(int(number), need(note)))

    def do_say(self, rest: str) -> list[Reply]:
        to, _, text = rest.partition(" ")
        self.fac.say(to, text)
        return [Said("Sent.")]

    def do_rollback(self, rest: str) -> list[Reply]:
        turn, _, reason = rest.partition(" ")
        self.fac = self.fac.rollback(int(turn), reason)
        return [Said(f"Rolled back to the start of {self.fac.rules.turn_word} {self.fac.match.turn}; the future left "
                     "is kept in the record. The clock waits for 'start'.")]

    def do_purge(self, rest: str) -> list[Reply]:
        role, _, reason = rest.partition(" ")
        return self.recorded(self.fac.purge(role, need(reason)))

    def do_branch(self, rest: str) -> list[Reply]:
        week, path = rest.split()
        other = self.fac.branch(int(week), note=f"branched from {self.save_path or 'this game'}")
        other.game.write(path)
        return [Said(f"Branch from {self.fac.rules.turn_word} {week} saved to {path}; this game goes on unchanged.")]

    def do_save(self, rest: str) -> list[Reply]:
        path = rest.strip() or self.save_path
        if not path:
            raise FacilitatorError("save FILE")
        self.fac.game.write(path)
        return [Said(f"Saved to {path}.")]

    def recorded(self, *acts: Act) -> list[Reply]:
        return [Said(f"Recorded act #{act.id} ({self.fac.rules.turn_word} {act.turn}).") for act in acts]


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
