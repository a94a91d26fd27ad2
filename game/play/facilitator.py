"""The white cell's powers over a game: everything the facilitator may see and do, with no I/O.

A ``Facilitator`` works on a game runner (``game.play.runner.Game``): it sees the
true state, every role's view and the orders as they come in; it runs the clock
and the late rule (the runner's: roles late when time runs out get their draft or
standing orders, or nothing); it publishes, delays, skips and edits the scenario's
injects and writes ad-hoc ones; it overrides variables and event outcomes with a
written reason; undoes any of its acts; rolls back to the start of any turn and
branches. Every act goes into the session's log (and so the save) with its turn,
time and reason, and the runner tells every face of it.

>>> from game.scenario import load_rules
>>> from game.play.runner import Game
>>> f = Facilitator(Game.new(load_rules("winter-2021"), {"us": "human", "russia": "human", "nato": "human"}, seed=1))
>>> act = f.override("tension", 70, "the summit collapsed in our room")
>>> f.true_values()["tension"], act.reason
(70.0, 'the summit collapsed in our room')
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..engine.adjudicate import Adjustment
from ..engine.report import TurnReport
from .acts import AdjustAct, LeakAct, NoteAct, OneAct, PurgeAct, UndoAct, act_json
from .clock import Clock
from .events import Draft, EndTurn, Event, Resolved, Seal
from .negotiation import Message
from .runner import LATE_RULES, Game, GameError
from .session import Session, SessionError, utc_now
from .views import View

LATE_POLICIES = LATE_RULES


class FacilitatorError(ValueError):
    """A facilitator request that cannot be carried out."""


@dataclass
class InjectStatus:
    id: str
    turn: int
    headline: str
    status: str  # scheduled, published, skipped, delayed to week N, edited, happened
    act_ids: list[int] = field(default_factory=list)


class Facilitator:
    def __init__(self, game: Game):
        self.game = game

    @property
    def session(self) -> Session:
        return self.game.session

    @property
    def match(self):
        return self.game.match

    @property
    def rules(self):
        return self.game.rules

    @property
    def clock(self) -> Clock:
        return self.game.clock

    @property
    def late(self) -> str:
        return self.game.late

    @late.setter
    def late(self, rule: str) -> None:
        if rule not in LATE_RULES:
            raise FacilitatorError(f"late roles get 'standing' orders or 'nothing', not '{rule}'")
        self.game.late = rule

    @property
    def standing(self) -> dict[str, list[str]]:
        return self.game.standing

    @property
    def drafts(self) -> dict[str, list[str]]:
        return self.game.drafts

    # -- seeing ----------------------------------------------------------------------------
    def true_values(self) -> dict[str, float]:
        return {v.id: float(self.match.true_state.values[0, i]) for i, v in enumerate(self.rules.variables)}

    def view(self, role: str) -> View:
        self._role(role)
        return self.game.view(role)

    def orders_in(self) -> dict[str, dict]:
        """Per role: sealed or not, and the orders (sealed ones, else the draft so far)."""
        out = {}
        for role in self.rules.roles:
            orders, sealed = self.game.orders_of(role)
            out[role] = {"sealed": sealed, "orders": orders}
        return out

    # -- orders ------------------------------------------------------------------------------
    def draft(self, role: str, ids: list[str]) -> list[Event]:
        """Orders a role is working on (not sealed); checked now, kept for the clock."""
        return self._send(Draft(role, tuple(ids)))

    def seal(self, role: str, ids: list[str]) -> list[Event]:
        """A role's orders for the turn (the last one to seal resolves it)."""
        return self._send(Seal(role, tuple(ids)))

    def set_standing(self, role: str, ids: list[str]) -> None:
        self._role(role)
        self.game.set_standing(role, ids)

    def late_orders(self, role: str) -> list[str]:
        return self.game.late_orders(role)

    def tick(self) -> TurnReport | None:
        """Resolve the turn when every role has sealed, or when the clock has run out (the full report)."""
        return self._report(self.game.tick())

    def end_turn(self) -> TurnReport:
        """End the turn now: late roles get their draft or standing orders, or nothing; resolve."""
        if self.match.over:
            raise FacilitatorError("the game is over")
        report = self._report(self._send(EndTurn()))
        assert report is not None  # ending the turn resolves it
        return report

    def say(self, to: str, text: str) -> Message:
        """A message from control to a role or to all."""
        message = self.session.say("control", to, text)
        self.game.recorded(message.id, "message")
        return message

    def _send(self, item) -> list[Event]:
        try:
            return self.game.send(item)
        except GameError as exc:
            raise FacilitatorError(str(exc)) from None

    def _report(self, events: list[Event]) -> TurnReport | None:
        return self.game.report_for(None) if any(isinstance(e, Resolved) for e in events) else None

    # -- injects -----------------------------------------------------------------------------
    def injects(self) -> list[InjectStatus]:
        """The scenario's scheduled injects, each with what the facilitator has done to it."""
        rules = self.rules
        out = []
        undone = self.session.undone()
        for e in rules.events:
            if not e.inject or e.turn is None:
                continue
            status, ids = "scheduled", []
            for a in self.session.acts:
                if not isinstance(a, AdjustAct) or a.id in undone:
                    continue
                if a.adjustment.target == e.id or a.inject == e.id:
                    ids.append(a.id)
                    status = a.inject_status or status
            if status == "scheduled" and int(self.match.true_state.fired[0, e.index]) > 0:
                status = "happened"
            out.append(InjectStatus(e.id, e.turn, e.headline, status, ids))
        return out

    def publish(self, event_id: str, reason: str = "published by control") -> AdjustAct:
        """The inject happens now."""
        self._inject(event_id)
        return self._adjust(Adjustment("fire_event", event_id), reason, inject=event_id, status="published")

    def skip(self, event_id: str, reason: str) -> AdjustAct:
        self._inject(event_id)
        return self._adjust(Adjustment("suppress_event", event_id), reason, inject=event_id, status="skipped")

    def delay(self, event_id: str, turns: int, reason: str) -> list[AdjustAct]:
        """The inject is skipped on its week and happens ``turns`` weeks later."""
        e = self._inject(event_id)
        when = max(e.turn, self.match.turn) + turns
        if turns < 1 or when > self.rules.turns:
            raise FacilitatorError(f"the game has {self.rules.turns} {self.rules.turn_words}; cannot delay to {self.rules.turn_word} {when}")
        first = self._adjust(Adjustment("suppress_event", event_id), reason, inject=event_id, status=f"delayed to {self.rules.turn_word} {when}")
        return [first, self._adjust(Adjustment("fire_event", event_id), reason, turn=when, inject=event_id,
                                    status=f"delayed to {self.rules.turn_word} {when}")]

    def edit(self, event_id: str, headline: str, effects: dict[str, float], reason: str) -> list[AdjustAct]:
        """The inject happens on its week with a new headline and effects."""
        e = self._inject(event_id)
        when = max(e.turn, self.match.turn)
        if not effects:  # keep the scenario's own (constant) effects
            effects = {self.rules.variables[v].id: float(e.effects.constant[v]) for v in range(len(self.rules.variables))
                       if e.effects.constant[v]}
        if not effects:
            raise FacilitatorError("give the edited inject at least one effect (VAR=+N)")
        first = self._adjust(Adjustment("suppress_event", event_id), reason, inject=event_id, status="edited")
        return [first, self._adjust(Adjustment("effects", event_id, effects=effects, headline=headline), reason,
                                    turn=when, inject=event_id, status="edited")]

    def adhoc(self, headline: str, effects: dict[str, float], reason: str, public: bool = True) -> AdjustAct:
        """An ad-hoc inject: a headline and chosen effects on the scenario's variables, now."""
        if not headline.strip():
            raise FacilitatorError("an inject needs a headline")
        return self._adjust(Adjustment("effects", "adhoc", effects=effects, headline=headline, public=public), reason)

    # -- adjudication ------------------------------------------------------------------------
    def override(self, var: str, value: float, reason: str) -> AdjustAct:
        # Not announced: the headline names the value, which may be hidden from some roles.
        return self._adjust(Adjustment("set", var, value=float(value), public=False), reason)

    def event_outcome(self, event_id: str, happens: bool, reason: str) -> AdjustAct:
        """Make an event happen now, or make sure it does not happen."""
        kind = "fire_event" if happens else "suppress_event"
        return self._adjust(Adjustment(kind, event_id), reason)

    def undo(self, act_id: int, reason: str) -> UndoAct:
        try:
            return self._told(self.session.undo(act_id, reason))
        except SessionError as exc:
            raise FacilitatorError(str(exc)) from None

    def purge(self, role: str, reason: str, since_turn: int | None = None) -> PurgeAct:
        """Take back every message ``role`` has sent (of ``since_turn`` and later), in one act."""
        try:
            return self._told(self.session.purge(role, reason, since_turn))
        except SessionError as exc:
            raise FacilitatorError(str(exc)) from None

    def note(self, text: str) -> NoteAct:
        if not text.strip():
            raise FacilitatorError("a note needs some text")
        return self._told(self.session.note(text.strip()))

    def leak(self, message_id: int, note: str) -> LeakAct:
        try:
            return self._told(self.session.leak(message_id, note))
        except SessionError as exc:
            raise FacilitatorError(str(exc)) from None

    # -- time travel -------------------------------------------------------------------------
    def rollback(self, turn: int, reason: str = "") -> Facilitator:
        """A facilitator for the game as it stood at the start of ``turn`` (a replay). The future rolled
        back is kept in the record (``meta["rolled_back"]``), marked, with ``reason``, for the debrief."""
        try:
            game = self.game.rollback(turn)
        except SessionError as exc:
            raise FacilitatorError(str(exc)) from None
        game.standing.update(self.standing)
        game.save_paths, game.extra = list(self.game.save_paths), self.game.extra
        m = self.match
        abandoned = {"at": utc_now(), "from_turn": m.turn, "to_turn": turn, "reason": reason.strip(),
                     "turns": [dict(t) for t in m.orders_log],
                     "sealed": {r: list(m.sealed_orders(r) or []) for r in m.sealed_roles},
                     "acts": [act_json(a) for a in self.session.acts], "ending": m.ending}
        game.session.meta["rolled_back"] = [*self.session.meta.get("rolled_back", []), abandoned]
        return Facilitator(game)

    def branch(self, turn: int, note: str = "") -> Facilitator:
        """Like rollback, for a second future to compare in the debrief (the original is left as is)."""
        other = self.rollback(turn)
        other.game.save_paths, other.game.extra = [], None  # a branch is saved where control says
        other.session.meta.pop("lan", None)
        other.session.meta["rolled_back"] = list(self.session.meta.get("rolled_back", []))  # a branch abandons nothing
        other.session.meta["branch_of"] = {"turn": turn, "seed": self.match.seed, "note": note}
        return other

    # -- helpers -----------------------------------------------------------------------------
    def _adjust(self, adj: Adjustment, reason: str, turn: int | None = None, inject: str | None = None,
                status: str | None = None) -> AdjustAct:
        try:
            return self._told(self.session.adjudicate(adj, reason, turn=turn, inject=inject, inject_status=status))
        except SessionError as exc:
            raise FacilitatorError(str(exc)) from None

    def _told(self, act: OneAct) -> OneAct:
        """Tell the game's faces (and its save) of an act just recorded."""
        self.game.recorded(act.id, act.kind)
        return act

    def _inject(self, event_id: str):
        index = self.rules.event_index.get(event_id)
        if index is None or not self.rules.events[index].inject or self.rules.events[index].turn is None:
            raise FacilitatorError(f"'{event_id}' is not a scheduled inject")
        e = self.rules.events[index]
        if int(self.match.true_state.fired[0, index]) > 0:
            raise FacilitatorError(f"'{event_id}' has already happened")
        return e

    def _role(self, role: str) -> None:
        if role not in self.rules.roles:
            raise FacilitatorError(f"unknown role '{role}' (roles: {', '.join(self.rules.roles)})")
