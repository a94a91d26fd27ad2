"""A played game: a match plus everything said and adjudicated, replayed from its log.

``Session`` wraps a ``Match`` with a log of *acts* (``game.play.acts``), each stamped
with its turn and wall-clock time: messages and statements between roles, the
facilitator's adjustments (with a written reason), undos, leaks and notes. The log
is stored in the save (``extra["session"]``) and replayed exactly: an act that changes
the state applies at the start of its turn, in order, before the turn resolves. A
statement is an engine input like any other: a threat or red line declares it, a
commitment or an offer becomes a pledge that the engine's ``pledges`` phase settles
(``game.engine.pledges``), live and in replay alike.

This is the one session of the game: the runner (``game.play.runner``) owns it and
every face reaches it through the runner.

>>> from game.scenario import load_rules
>>> from game.engine.match import Match
>>> s = Session(Match(load_rules("winter-2021"), seed=1), {})
>>> m = s.say("us", "russia", "Let us talk in Geneva.")
>>> [x.text for x in s.messages_for("russia")], s.messages_for("nato")
(['Let us talk in Geneva.'], [])
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..engine import state as st
from ..engine.adjudicate import Adjustment, AdjustmentError, adjust
from ..engine.adjudicate import check as check_adjustment
from ..engine.match import Match, OrderError
from ..engine.pledges import add_pledge
from ..engine.report import Entry, TurnReport
from ..engine.rules import Rules
from ..engine.state import BatchState
from . import words
from .acts import Act, AdjustAct, AdjustmentRecord, LeakAct, MessageAct, NoteAct, OneAct, PurgeAct, UndoAct
from .negotiation import (
    Message,
    MessageError,
    check_message,
    declared_adjustment,
    is_unicode,
    parse_statement,
    pledge_of,
    visible_to,
)
from .saves import SaveError, checked_scenario, save_file, write_save_file

if TYPE_CHECKING:
    from ..scenario import LoadedScenario
    from .saves import SaveFile

SESSION_VERSION = 1


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class SessionError(ValueError):
    """A request that cannot be carried out (bad act, unknown id, replay failure)."""


@dataclass
class Session:
    match: Match
    players: dict[str, str]  # role -> "human" or a policy spec
    acts: list[Act] = field(default_factory=list)
    scenario_path: str | None = None
    clock: Callable[[], str] = utc_now
    meta: dict[str, Any] = field(default_factory=dict)  # the save's other extra fields (branch_of, lan ...)
    control_entries: dict[int, list[Entry]] = field(default_factory=dict)  # turn -> entries (derived)
    pledged: list[int] = field(default_factory=list)  # message id of each pledge column of the state (derived)
    replay_notes: list[str] = field(default_factory=list)  # orders a lenient replay dropped (derived)

    @property
    def rules(self) -> Rules:
        return self.match.rules

    # -- the log -----------------------------------------------------------------------------
    def _record(self, act: OneAct) -> OneAct:
        if not all(is_unicode(text) for text in _texts(act.model_dump())):  # else no save could hold it
            raise SessionError("an act must be Unicode text (it holds a lone surrogate)")
        self.acts.append(act)
        return act

    def _stamp(self, turn: int | None = None) -> dict[str, Any]:
        now = self.match.turn
        return {"id": len(self.acts) + 1, "turn": now if turn is None else turn, "made_turn": now, "time": self.clock()}

    def undone(self) -> set[int]:
        return {a.undoes for a in self.acts if isinstance(a, UndoAct)}

    def act(self, act_id: int) -> Act:
        if not isinstance(act_id, int) or not 1 <= act_id <= len(self.acts):
            raise SessionError(f"no act #{act_id}")
        return self.acts[act_id - 1]

    # -- messages ----------------------------------------------------------------------------
    def messages(self) -> list[Message]:
        """Every message (the facilitator's view), with leaks applied."""
        undone = self.undone()
        leaks = {a.message_id: a.note for a in self.acts if isinstance(a, LeakAct) and a.id not in undone}
        purges = [a for a in self.acts if isinstance(a, PurgeAct) and a.id not in undone]
        return [a.message.model_copy(update={"leaked": leaks[a.message.id]}) if a.message.id in leaks else a.message
                for a in self.acts if isinstance(a, MessageAct) and a.id not in undone
                and not any(p.hides(a) for p in purges)]

    def messages_for(self, role: str) -> list[Message]:
        """The messages ``role`` may read."""
        return [m for m in self.messages() if visible_to(m, role)]

    def said_this_turn(self, role: str) -> int:
        """How many messages ``role`` has sent this turn."""
        return sum(1 for a in self.acts if isinstance(a, MessageAct) and a.turn == self.match.turn
                   and a.message.sender == role)

    def say(self, sender: str, to: str, text: str, statement: dict | None = None, seat: str | None = None) -> Message:
        """Send a message (private to a role, to 'all', or to the sender's own team); a statement makes it
        public and binding. ``seat`` names the laptop of the team that wrote it."""
        rules = self.rules
        if self.match.over:
            raise MessageError("the game is over")
        check_message(rules, sender, to, text)
        parsed = None
        if statement is not None:
            if sender not in rules.roles:
                raise MessageError("only a role can make a statement")
            parsed = parse_statement(rules, sender, statement, self.match.turn, self.match.true_state)
            to = "all"
        stamp = self._stamp()
        message = Message(id=stamp["id"], turn=self.match.turn, time=self.clock(), sender=sender, to=to,
                          text=text.strip(), statement=parsed, seat=seat)
        act = self._record(MessageAct(**stamp, message=message))
        if parsed is not None:
            self._declare(act)
        return message

    @property
    def settled(self) -> dict[int, str]:
        """Message id -> 'kept' or 'broken' for the commitments and offers the engine has settled."""
        status = self.match.true_state.pledge_status[0]
        return {mid: st.PLEDGE_STATUS[int(status[k])] for k, mid in enumerate(self.pledged)
                if status[k] != st.PLEDGE_OPEN}

    def leak(self, message_id: int, note: str) -> LeakAct:
        """The facilitator makes a private message public, with a note."""
        if not isinstance(self.act(message_id), MessageAct):
            raise SessionError(f"act #{message_id} is not a message")
        return self._record(LeakAct(**self._stamp(), message_id=message_id, note=str(note)))

    # -- control -----------------------------------------------------------------------------
    def adjudicate(self, adj: Adjustment, reason: str, turn: int | None = None, inject: str | None = None,
                   inject_status: str | None = None) -> AdjustAct:
        """Record a facilitator adjustment (applies now, or at the start of a later ``turn``)."""
        if not reason or not reason.strip():
            raise SessionError("an adjudication needs a written reason")
        try:
            check_adjustment(self.rules, adj)
            record = AdjustmentRecord.of(adj)
        except (AdjustmentError, ValueError) as exc:
            raise SessionError(str(exc)) from None
        when = self.match.turn if turn is None else turn
        if not self.match.turn <= when <= self.rules.turns:
            raise SessionError(f"the turn must be from {self.match.turn} to {self.rules.turns}")
        act = self._record(AdjustAct(**self._stamp(when), adjustment=record, reason=reason.strip(),
                                     inject=inject, inject_status=inject_status))
        if when == self.match.turn:
            self._apply(act)
        return act

    def undo(self, act_id: int, reason: str) -> UndoAct:
        """Undo an act (the game is replayed without it); raises SessionError if that cannot be."""
        target = self.act(act_id)
        if isinstance(target, (UndoAct, NoteAct)) or act_id in self.undone():
            raise SessionError(f"act #{act_id} cannot be undone")
        act = self._record(UndoAct(**self._stamp(), undoes=act_id, reason=str(reason)))
        try:
            self.rebuild()
        except SessionError:
            self.acts.pop()
            self.rebuild()
            raise
        return act

    def purge(self, sender: str, reason: str, since_turn: int | None = None) -> PurgeAct:
        """Take back every message ``sender`` has sent (of ``since_turn`` and later) in one act; statements stay."""
        if sender not in self.rules.roles:
            raise SessionError(f"unknown role '{sender}'")
        if not reason.strip():
            raise SessionError("a purge needs a written reason")
        return self._record(PurgeAct(**self._stamp(), sender=sender, since_turn=since_turn, reason=reason.strip()))

    def note(self, text: str, turn: int | None = None) -> NoteAct:
        return self._record(NoteAct(**self._stamp(turn), text=str(text)))

    def notes(self, turn: int | None = None) -> list[NoteAct]:
        return [a for a in self.acts if isinstance(a, NoteAct) and (turn is None or a.turn == turn)]

    def control_report(self, role: str | None, turn: int | None = None) -> list[Entry]:
        """Control entries of ``turn`` (default: now) as ``role`` may see them (None: all, for control)."""
        entries = self.control_entries.get(self.match.turn if turn is None else turn, [])
        if role is None:
            return list(entries)
        r, rules = self.rules.role_index(role), self.rules
        # The facilitator's reasons are for the debrief, not for the teams: show an event's own text only.
        return [dataclasses.replace(e, text=rules.events[rules.event_index[e.id]].text if e.kind == "fire_event" else "",
                                    changes=[(v, d) for v, d in e.changes if rules.visible[r, v]])
                for e in entries if e.public]

    def overrides(self) -> list[Act]:
        return [a for a in self.acts if isinstance(a, (AdjustAct, UndoAct, LeakAct, PurgeAct))]

    # -- play --------------------------------------------------------------------------------
    def submit(self, role: str, ids: list[str]) -> None:
        self.match.submit(role, ids)

    def resolve(self) -> TurnReport:
        """Resolve the turn, then apply the acts scheduled for the start of the next."""
        report = self.match.resolve()
        self._apply_scheduled(self.match.turn, made_before=self.match.turn)
        return report

    def _apply_scheduled(self, turn: int, made_before: int | None = None) -> None:
        """Apply the state-changing acts of ``turn`` in the order they were made (those made
        before ``made_before`` only: live, the acts of this turn were applied as they came)."""
        if self.match.over:
            return
        skip = self.undone()
        for a in self.acts:
            if a.id in skip or a.turn != turn or (made_before is not None and a.made_turn >= made_before):
                continue
            if isinstance(a, AdjustAct):
                self._apply(a)
            elif isinstance(a, MessageAct) and a.message.statement is not None:
                self._declare(a)

    def _declare(self, act: MessageAct) -> None:
        """A statement's effect on the game: a threat declared, or a pledge made."""
        message, statement = act.message, act.message.statement
        if statement is None:
            return
        adj = declared_adjustment(self.rules, message.sender, statement)
        if adj is not None:
            # The speaker's own act, shown with its statement: not an entry "from control".
            self._adjust(adj, record=False)
        pledge = pledge_of(self.rules, message.sender, statement)
        if pledge is not None:
            self.match.amend(add_pledge(self.rules, self.match.true_state, pledge))
            self.pledged.append(message.id)

    def _apply(self, act: AdjustAct) -> None:
        self._adjust(act.adjustment.to_adjustment(), reason=act.reason)

    def _adjust(self, adj: Adjustment, reason: str = "", record: bool = True) -> None:
        state, entry = adjust(self.rules, self.match.true_state, words.worded(self.rules, adj))
        self.match.amend(state)
        if reason:
            entry.text = reason
        if record:
            self.control_entries.setdefault(self.match.turn, []).append(entry)

    # -- replay ------------------------------------------------------------------------------
    def rebuild(self) -> None:
        """Replay the game from its orders and acts (after an undo), keeping the orders sealed this turn."""
        pending = {r: self.match.sealed_orders(r) or [] for r in self.match.sealed_roles}
        fresh = replay(self.rules, self.match.seed, self.match.orders_log, self.acts)
        self.match, self.control_entries, self.pledged = fresh.match, fresh.control_entries, fresh.pledged
        for role, ids in pending.items():
            try:
                self.match.submit(role, ids)
            except OrderError:  # orders that no longer fit the replayed state are dropped
                pass

    def rollback(self, turn: int) -> Session:
        """A new session at the start of ``turn`` (orders and acts from that turn on are dropped)."""
        if not 1 <= turn <= self.match.turn:
            raise SessionError(f"roll back to a turn from 1 to {self.match.turn}")
        # The log is chronological, so the acts made before ``turn`` are a prefix of it.
        acts = [a for a in self.acts if a.made_turn < turn]
        fresh = replay(self.rules, self.match.seed, self.match.orders_log[:turn - 1], acts)
        fresh.players, fresh.scenario_path, fresh.meta = dict(self.players), self.scenario_path, dict(self.meta)
        fresh.clock = self.clock
        return fresh

    def state_at(self, turn: int) -> BatchState:
        """The true state at the start of ``turn`` as it was played (the acts of its start applied)."""
        if turn > len(self.match.orders_log):
            return self.match.true_state
        return replay(self.rules, self.match.seed, self.match.orders_log[:turn - 1], self.acts).match.true_state

    def turn_starts(self) -> list[BatchState]:
        """The true state at the start of every played turn, from one replay (for the debrief)."""
        starts: list[BatchState] = []
        replay(self.rules, self.match.seed, self.match.orders_log, self.acts,
               on_turn=lambda s: starts.append(s.match.true_state.copy()))
        return starts

    def replayed_on(self, rules: Rules, lenient: bool = True) -> Session:
        """The same game on other rules (an edited scenario); raises SessionError when it no longer fits.

        ``lenient`` drops the orders the new rules no longer allow, each with a note in
        ``replay_notes``, instead of refusing; an act that no longer fits is always refused."""
        fresh = replay(rules, self.match.seed, self.match.orders_log, self.acts, lenient=lenient)
        fresh.players, fresh.scenario_path, fresh.meta, fresh.clock = dict(self.players), self.scenario_path, dict(self.meta), self.clock
        for role in self.match.sealed_roles:
            ids = self.match.sealed_orders(role) or []
            try:
                fresh.match.submit(role, ids)
            except OrderError:  # orders sealed this turn that the new rules forbid are dropped
                pass
        return fresh

    # -- the save ----------------------------------------------------------------------------
    def save_data(self) -> SaveFile:
        extra = dict(self.meta)
        if self.acts:
            extra["session"] = {"version": SESSION_VERSION, "acts": self.acts}
        return save_file(self.match, self.players, extra, self.scenario_path)

    def save(self, path: str | Path) -> None:
        write_save_file(path, self.save_data())


def replay(rules: Rules, seed: int, turns: list[dict[str, list[str]]], acts: list[Act],
           lenient: bool = False, on_turn: Callable[[Session], None] | None = None) -> Session:
    """Rebuild a session from orders and acts; raises SessionError when they do not fit.

    ``lenient`` drops the orders that do not fit (and the turns after an earlier ending),
    each with a note, instead of refusing them: for a scenario edited during play.
    ``on_turn`` sees the session at the start of each turn replayed (its acts applied).
    """
    session = Session(Match(rules, seed), {}, acts=list(acts))
    # Acts are replayed by turn; message ids and act ids are their positions in the log.
    for position, act in enumerate(session.acts, start=1):
        check_act(rules, act, position)
    session._apply_scheduled(1)
    for i, orders in enumerate(turns, start=1):
        if session.match.over:
            if lenient:
                session.replay_notes.append(f"the game now ends in turn {i - 1}; the orders of later turns were dropped")
                break
            raise SessionError(f"the save has orders after the game ended (turn {i})")
        unknown = set(orders) - set(rules.roles)
        if unknown and not lenient:
            raise SessionError(f"turn {i} names unknown roles: {', '.join(sorted(unknown))}")
        for role in sorted(unknown):
            session.replay_notes.append(f"turn {i}: role '{role}' no longer exists; its orders were dropped")
        if on_turn is not None:
            on_turn(session)
        try:
            session.match.play_turn(_fitting(session, i, orders) if lenient else orders)
        except OrderError as exc:
            raise SessionError(f"turn {i} cannot be replayed: {exc}") from None
        session._apply_scheduled(i + 1)
    return session


def _fitting(session: Session, turn: int, orders: dict[str, list[str]]) -> dict[str, list[str]]:
    """As many of ``orders`` as the match allows, in order; a note for each one dropped."""
    kept: dict[str, list[str]] = {}
    for role in session.rules.roles:
        kept[role] = []
        for action_id in orders.get(role, []):
            try:
                session.match.check(role, kept[role] + [action_id])
            except OrderError as exc:
                session.replay_notes.append(f"turn {turn}: {role}'s order '{action_id}' was dropped ({exc})")
            else:
                kept[role].append(action_id)
    return kept


def check_act(rules: Rules, act: Act, position: int) -> None:
    """Raise SessionError unless a recorded act is in its place and names things the scenario has."""
    if act.id != position:
        raise SessionError(f"recorded act #{position} is malformed: it is numbered {act.id}")
    try:
        if isinstance(act, AdjustAct):
            check_adjustment(rules, act.adjustment.to_adjustment())
        elif isinstance(act, MessageAct):
            m = act.message
            check_message(rules, m.sender, m.to, m.text)
            if m.statement is not None:
                parse_statement(rules, m.sender, m.statement.model_dump(exclude_none=True), m.turn)
    except (AdjustmentError, MessageError) as exc:
        raise SessionError(f"recorded act #{position} is malformed: {exc}") from None


def from_save(save: SaveFile, path: str | Path = "save", scenario: LoadedScenario | None = None) -> Session:
    """The session a save describes (orders replayed with every recorded act); raises SaveError."""
    loaded = checked_scenario(save, path, scenario)
    try:
        session = replay(loaded.rules, save.seed, save.turns, save.acts)
    except SessionError as exc:
        raise SaveError(f"{path}: {exc}") from None
    session.players = dict(save.players)
    session.scenario_path = save.scenario_path
    session.meta = save.extra_meta()
    return session


def _texts(data: Any) -> list[str]:
    """Every string in some JSON-like data."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [t for k, v in data.items() for t in _texts(k) + _texts(v)]
    if isinstance(data, (list, tuple)):
        return [t for v in data for t in _texts(v)]
    return []
