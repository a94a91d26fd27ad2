"""The facilitator's core: everything the white cell may see and do, with no I/O.

It sees the true state, every role's view and the orders as they come in; it
runs the clock (roles late when time runs out get their standing orders or
nothing); it publishes, delays, skips and edits the scenario's injects and writes
ad-hoc ones; it overrides variables and event outcomes with a written reason;
undoes any of its acts; rolls back to the start of any turn and branches. Every
act goes into the session log (and so the save) with its turn, time and reason.

>>> from game.scenario import load_rules
>>> from game.engine.match import Match
>>> from game.play.session import Session
>>> f = Facilitator(Session(Match(load_rules("winter-2021"), seed=1), {}))
>>> act = f.override("tension", 70, "the summit collapsed in our room")
>>> f.true_values()["tension"], act.reason
(70.0, 'the summit collapsed in our room')
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..engine.adjudicate import Adjustment
from ..engine.match import OrderError
from ..engine.observe import Observation
from ..engine.report import TurnReport
from .acts import Act, AdjustAct, LeakAct, NoteAct, UndoAct
from .session import Session, SessionError
from .clock import Clock

LATE_POLICIES = ("standing", "nothing")


class FacilitatorError(ValueError):
    """A facilitator request that cannot be carried out."""


@dataclass
class InjectStatus:
    id: str
    turn: int
    headline: str
    status: str  # scheduled, published, skipped, delayed to week N, edited, happened
    act_ids: list[int] = field(default_factory=list)


@dataclass
class Facilitator:
    session: Session
    clock: Clock = field(default_factory=Clock)
    late: str = "standing"
    standing: dict[str, list[str]] = field(default_factory=dict)  # role -> standing orders
    drafts: dict[str, list[str]] = field(default_factory=dict)  # role -> orders in progress

    def __post_init__(self) -> None:
        if self.late not in LATE_POLICIES:
            raise FacilitatorError(f"late roles get 'standing' orders or 'nothing', not '{self.late}'")
        self.clock.start(self.match.turn)

    @property
    def match(self):
        return self.session.match

    @property
    def rules(self):
        return self.session.rules

    # -- seeing ----------------------------------------------------------------------------
    def true_values(self) -> dict[str, float]:
        return {v.id: float(self.match.state.values[0, i]) for i, v in enumerate(self.rules.variables)}

    def view(self, role: str) -> Observation:
        self._role(role)
        return self.match.observe(role)

    def orders_in(self) -> dict[str, dict]:
        """Per role: sealed or not, and the orders (sealed ones, else the draft so far)."""
        out = {}
        for role in self.rules.roles:
            sealed = role in self.match.pending
            orders = self.match.pending[role] if sealed else self.drafts.get(role, [])
            out[role] = {"sealed": sealed, "orders": list(orders)}
        return out

    # -- orders ------------------------------------------------------------------------------
    def draft(self, role: str, ids: list[str]) -> None:
        """Orders a role is working on (not sealed); checked now, kept for the clock."""
        self._role(role)
        try:
            self.match.check(role, ids)
        except OrderError as exc:
            raise FacilitatorError(str(exc)) from None
        self.drafts[role] = list(ids)

    def seal(self, role: str, ids: list[str]) -> None:
        self._role(role)
        try:
            self.session.submit(role, ids)
        except OrderError as exc:
            raise FacilitatorError(str(exc)) from None
        self.drafts[role] = list(ids)

    def set_standing(self, role: str, ids: list[str]) -> None:
        self._role(role)
        self.standing[role] = list(ids)

    def late_orders(self, role: str) -> list[str]:
        """What a late role gets: its draft or standing orders that are legal now, or nothing."""
        if self.late == "nothing":
            return []
        legal = set(self.match.legal_ids(role))
        wanted = self.drafts.get(role) or self.standing.get(role, [])
        chosen: list[str] = []
        for action_id in wanted:
            if action_id in legal:
                try:
                    self.match.check(role, chosen + [action_id])
                except OrderError:
                    continue
                chosen.append(action_id)
        return chosen

    def tick(self) -> TurnReport | None:
        """Resolve the turn when every role has sealed, or when the clock has run out."""
        if self.match.over:
            return None
        if not self.match.waiting_for or self.clock.expired():
            return self.end_turn()
        return None

    def end_turn(self) -> TurnReport:
        """End the turn now: late roles get their standing orders or nothing; resolve."""
        if self.match.over:
            raise FacilitatorError("the game is over")
        late = self.match.waiting_for
        for role in late:
            self.session.submit(role, self.late_orders(role))
        if late:
            self.session.note(f"Time ran out for: {', '.join(late)} ({self.late} orders)")
        report = self.session.resolve()
        self.drafts = {}
        self.clock.start(self.match.turn)
        return report

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
            if status == "scheduled" and int(self.match.state.fired[0, e.index]) > 0:
                status = "happened"
            out.append(InjectStatus(e.id, e.turn, e.headline, status, ids))
        return out

    def publish(self, event_id: str, reason: str = "published by control") -> dict:
        """The inject happens now."""
        self._inject(event_id)
        return self._adjust(Adjustment("fire_event", event_id), reason, inject=event_id, status="published")

    def skip(self, event_id: str, reason: str) -> dict:
        self._inject(event_id)
        return self._adjust(Adjustment("suppress_event", event_id), reason, inject=event_id, status="skipped")

    def delay(self, event_id: str, turns: int, reason: str) -> list[dict]:
        """The inject is skipped on its week and happens ``turns`` weeks later."""
        e = self._inject(event_id)
        when = max(e.turn, self.match.turn) + turns
        if turns < 1 or when > self.rules.turns:
            raise FacilitatorError(f"the game has {self.rules.turns} {self.rules.turn_words}; cannot delay to {self.rules.turn_word} {when}")
        first = self._adjust(Adjustment("suppress_event", event_id), reason, inject=event_id, status=f"delayed to {self.rules.turn_word} {when}")
        return [first, self._adjust(Adjustment("fire_event", event_id), reason, turn=when, inject=event_id,
                                    status=f"delayed to {self.rules.turn_word} {when}")]

    def edit(self, event_id: str, headline: str, effects: dict[str, float], reason: str) -> list[dict]:
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

    def adhoc(self, headline: str, effects: dict[str, float], reason: str, public: bool = True) -> dict:
        """An ad-hoc inject: a headline and chosen effects on the scenario's variables, now."""
        if not headline.strip():
            raise FacilitatorError("an inject needs a headline")
        return self._adjust(Adjustment("effects", "adhoc", effects=effects, headline=headline, public=public), reason)

    # -- adjudication ------------------------------------------------------------------------
    def override(self, var: str, value: float, reason: str) -> dict:
        # Not announced: the headline names the value, which may be hidden from some roles.
        return self._adjust(Adjustment("set", var, value=float(value), public=False), reason)

    def event_outcome(self, event_id: str, happens: bool, reason: str) -> dict:
        """Make an event happen now, or make sure it does not happen."""
        kind = "fire_event" if happens else "suppress_event"
        return self._adjust(Adjustment(kind, event_id), reason)

    def undo(self, act_id: int, reason: str) -> dict:
        try:
            return self.session.undo(act_id, reason)
        except SessionError as exc:
            raise FacilitatorError(str(exc)) from None

    def note(self, text: str) -> dict:
        if not text.strip():
            raise FacilitatorError("a note needs some text")
        return self.session.note(text.strip())

    def leak(self, message_id: int, note: str) -> dict:
        try:
            return self.session.leak(message_id, note)
        except SessionError as exc:
            raise FacilitatorError(str(exc)) from None

    # -- time travel -------------------------------------------------------------------------
    def rollback(self, turn: int) -> "Facilitator":
        """A facilitator for the game as it stood at the start of ``turn`` (a replay)."""
        try:
            session = self.session.rollback(turn)
        except SessionError as exc:
            raise FacilitatorError(str(exc)) from None
        return Facilitator(session, Clock(self.clock.default_seconds, dict(self.clock.per_turn), self.clock.now),
                           self.late, dict(self.standing))

    def branch(self, turn: int, note: str = "") -> "Facilitator":
        """Like rollback, for a second future to compare in the debrief (the original is left as is)."""
        other = self.rollback(turn)
        other.session.meta["branch_of"] = {"turn": turn, "seed": self.match.seed, "note": note}
        return other

    # -- helpers -----------------------------------------------------------------------------
    def _adjust(self, adj: Adjustment, reason: str, turn: int | None = None, inject: str | None = None,
                status: str | None = None) -> dict:
        try:
            return self.session.adjudicate(adj, reason, turn=turn, inject=inject, inject_status=status)
        except SessionError as exc:
            raise FacilitatorError(str(exc)) from None

    def _inject(self, event_id: str):
        index = self.rules.event_index.get(event_id)
        if index is None or not self.rules.events[index].inject or self.rules.events[index].turn is None:
            raise FacilitatorError(f"'{event_id}' is not a scheduled inject")
        e = self.rules.events[index]
        if int(self.match.state.fired[0, index]) > 0:
            raise FacilitatorError(f"'{event_id}' has already happened")
        return e

    def _role(self, role: str) -> None:
        if role not in self.rules.roles:
            raise FacilitatorError(f"unknown role '{role}' (roles: {', '.join(self.rules.roles)})")
