"""A played game as a seminar sees it: a Match plus everything said and adjudicated.

``Session`` wraps a ``Match`` with a log of *acts*, each stamped with its turn
and wall-clock time: messages and statements between roles, the facilitator's
adjustments (with a written reason), undos, leaks and notes. The log is stored
in the save (``extra["session"]``) and replayed exactly: an act that changes
the state applies at the start of its turn, in order, before the turn resolves.
A statement is an engine input like any other: a threat or red line declares it,
a commitment or an offer becomes a pledge that the engine's ``pledges`` phase
settles (``game.engine.pledges``), live and in replay alike.

>>> from game.scenario import load_rules
>>> from game.engine.match import Match
>>> s = Session(Match(load_rules("winter-2021"), seed=1), {})
>>> m = s.say("us", "russia", "Let us talk in Geneva.")
>>> [x.text for x in s.messages_for("russia")], s.messages_for("nato")
(['Let us talk in Geneva.'], [])
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

from ..engine.adjudicate import Adjustment, AdjustmentError, adjust
from ..engine.adjudicate import check as check_adjustment
from ..engine.match import Match
from ..engine.report import Entry, TurnReport
from ..engine import state as st
from ..engine.pledges import add_pledge
from . import words
from .negotiation import Message, MessageError, check_message, declared_adjustment, parse_statement, pledge_of, visible_to

SESSION_VERSION = 1
ACT_KINDS = ("message", "adjust", "undo", "leak", "note")


def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class SessionError(ValueError):
    """A request that cannot be carried out (bad act, unknown id, replay failure)."""


@dataclass
class Session:
    match: Match
    players: dict[str, str]
    acts: list[dict] = field(default_factory=list)
    scenario_path: str | None = None
    clock: Callable[[], str] = utc_now
    control_entries: dict[int, list[Entry]] = field(default_factory=dict)  # turn -> entries (derived)
    pledged: list[int] = field(default_factory=list)  # message id of each pledge column of the state (derived)
    meta: dict[str, Any] = field(default_factory=dict)  # other extra fields to keep (branch_of, lan ...)

    @property
    def rules(self):
        return self.match.rules

    # -- the log -----------------------------------------------------------------------------
    def _record(self, kind: str, turn: int | None = None, **payload: Any) -> dict:
        act = {"id": len(self.acts) + 1, "kind": kind, "turn": self.match.turn if turn is None else turn,
               "made_turn": self.match.turn, "time": self.clock(), **payload}
        self.acts.append(act)
        return act

    def undone(self) -> set[int]:
        return {a["undoes"] for a in self.acts if a["kind"] == "undo"}

    def act(self, act_id: int) -> dict:
        if not isinstance(act_id, int) or not 1 <= act_id <= len(self.acts):
            raise SessionError(f"no act #{act_id}")
        return self.acts[act_id - 1]

    # -- messages ----------------------------------------------------------------------------
    def messages(self) -> list[Message]:
        """Every message (the facilitator's view), with leaks applied."""
        leaks = {a["message_id"]: a["note"] for a in self.acts if a["kind"] == "leak" and a["id"] not in self.undone()}
        out = []
        for a in self.acts:
            if a["kind"] == "message" and a["id"] not in self.undone():
                m = Message.from_json(a["message"])
                m.leaked = leaks.get(m.id)
                out.append(m)
        return out

    def messages_for(self, role: str) -> list[Message]:
        """The messages ``role`` may read."""
        return [m for m in self.messages() if visible_to(m, role)]

    def say(self, sender: str, to: str, text: str, statement: dict | None = None) -> Message:
        """Send a message (private to a role, or to 'all'); a statement makes it public and binding."""
        rules = self.rules
        if self.match.over:
            raise MessageError("the game is over")
        check_message(rules, sender, to, text)
        parsed = None
        if statement is not None:
            if sender not in rules.roles:
                raise MessageError("only a role can make a statement")
            parsed = parse_statement(rules, sender, statement, self.match.turn, self.match.state)
            to = "all"
        message = Message(len(self.acts) + 1, self.match.turn, self.clock(), sender, to, text.strip(), parsed)
        act = self._record("message", message=message.to_json())
        if parsed is not None:
            self._declare(act, message)
        return message

    @property
    def settled(self) -> dict[int, str]:
        """Message id -> 'kept' or 'broken' for the commitments and offers the engine has settled."""
        status = self.match.state.pledge_status[0]
        return {mid: st.PLEDGE_STATUS[int(status[k])] for k, mid in enumerate(self.pledged)
                if status[k] != st.PLEDGE_OPEN}

    def leak(self, message_id: int, note: str) -> dict:
        """The facilitator makes a private message public, with a note."""
        target = self.act(message_id)
        if target["kind"] != "message":
            raise SessionError(f"act #{message_id} is not a message")
        return self._record("leak", message_id=message_id, note=str(note))

    # -- control -----------------------------------------------------------------------------
    def adjudicate(self, adj: Adjustment, reason: str, turn: int | None = None) -> dict:
        """Record a facilitator adjustment (applies now, or at the start of a later ``turn``)."""
        if not reason or not reason.strip():
            raise SessionError("an adjudication needs a written reason")
        try:
            check_adjustment(self.rules, adj)
        except AdjustmentError as exc:
            raise SessionError(str(exc)) from None
        when = self.match.turn if turn is None else turn
        if not self.match.turn <= when <= self.rules.turns:
            raise SessionError(f"the turn must be from {self.match.turn} to {self.rules.turns}")
        act = self._record("adjust", turn=when, adjustment=_adj_json(adj), reason=reason.strip(), by="control")
        if when == self.match.turn:
            self._apply(act, adj)
        return act

    def undo(self, act_id: int, reason: str) -> dict:
        """Undo an act (the game is replayed without it); raises SessionError if that cannot be."""
        target = self.act(act_id)
        if target["kind"] in ("undo", "note") or act_id in self.undone():
            raise SessionError(f"act #{act_id} cannot be undone")
        act = self._record("undo", undoes=act_id, reason=str(reason))
        try:
            self.rebuild()
        except SessionError:
            self.acts.pop()
            self.rebuild()
            raise
        return act

    def note(self, text: str, turn: int | None = None) -> dict:
        return self._record("note", turn=turn, text=str(text))

    def notes(self, turn: int | None = None) -> list[dict]:
        return [a for a in self.acts if a["kind"] == "note" and (turn is None or a["turn"] == turn)]

    def control_report(self, role: str | None, turn: int | None = None) -> list[Entry]:
        """Control entries of ``turn`` (default: now) as ``role`` may see them (None: all, for control)."""
        entries = self.control_entries.get(self.match.turn if turn is None else turn, [])
        if role is None:
            return list(entries)
        r, rules = self.rules.role_index(role), self.rules
        # The facilitator's reasons are for the debrief, not for the teams: show an event's own text only.
        return [Entry(e.phase, e.kind, e.id, e.headline, e.role, e.actor,
                      rules.events[rules.event_index[e.id]].text if e.kind == "fire_event" else "", e.public,
                      e.cite, [(v, d) for v, d in e.changes if rules.visible[r, v]])
                for e in entries if e.public]

    def overrides(self) -> list[dict]:
        return [a for a in self.acts if a["kind"] in ("adjust", "undo", "leak")]

    # -- play --------------------------------------------------------------------------------
    def submit(self, role: str, ids: list[str]) -> None:
        self.match.submit(role, ids)

    def resolve(self) -> TurnReport:
        """Resolve the turn, then apply the acts scheduled for the next turn."""
        report = self.match.resolve()
        self._before_turn()
        return report

    def _before_turn(self) -> None:
        if self.match.over:
            return
        skip = self.undone()
        for a in self.acts:
            if a["kind"] == "adjust" and a["turn"] == self.match.turn and a["made_turn"] < self.match.turn and a["id"] not in skip:
                self._apply(a, _adj_from_json(a["adjustment"]))

    def _declare(self, act: dict, message: Message) -> None:
        """A statement's effect on the game: a threat declared, or a pledge made."""
        adj = declared_adjustment(self.rules, message.sender, message.statement)
        if adj is not None:
            self._apply(act, adj)
        pledge = pledge_of(self.rules, message.sender, message.statement)
        if pledge is not None:
            self.match.amend(add_pledge(self.rules, self.match.state, pledge))
            self.pledged.append(message.id)

    def _apply(self, act: dict | None, adj: Adjustment) -> None:
        state, entry = adjust(self.rules, self.match.state, words.worded(self.rules, adj))
        self.match.amend(state)
        if act is not None and act["kind"] == "adjust":
            entry.text = act["reason"]
        self.control_entries.setdefault(self.match.turn, []).append(entry)

    # -- replay ------------------------------------------------------------------------------
    def rebuild(self, upto: int | None = None) -> None:
        """Replay the game from its orders and acts (after an undo), keeping pending orders."""
        pending = dict(self.match.pending)
        orders = list(self.match.orders_log)
        fresh = replay(self.rules, self.match.seed, orders if upto is None else orders[:upto - 1], self.acts, upto)
        self.match, self.control_entries, self.pledged = fresh.match, fresh.control_entries, fresh.pledged
        for role, ids in pending.items():
            try:
                self.match.submit(role, ids)
            except Exception:  # orders that no longer fit the replayed state are dropped
                pass

    def rollback(self, turn: int) -> "Session":
        """A new session at the start of ``turn`` (orders and acts from that turn on are dropped)."""
        if not 1 <= turn <= self.match.turn:
            raise SessionError(f"roll back to a turn from 1 to {self.match.turn}")
        # The log is chronological, so the acts made before ``turn`` are a prefix of it.
        acts = [a for a in self.acts if a["made_turn"] < turn]
        fresh = replay(self.rules, self.match.seed, self.match.orders_log[:turn - 1], acts)
        fresh.players, fresh.scenario_path, fresh.meta = dict(self.players), self.scenario_path, dict(self.meta)
        fresh.clock = self.clock
        return fresh

    def save_data(self) -> dict:
        from .saves import save_data

        extra = dict(self.meta)
        extra["session"] = {"version": SESSION_VERSION, "acts": self.acts}
        return save_data(self.match, self.players, extra, self.scenario_path)

    def save(self, path) -> None:
        from .saves import write_json_atomic

        write_json_atomic(path, self.save_data())


def replay(rules, seed: int, turns: list[dict], acts: list[dict], upto: int | None = None) -> Session:
    """Rebuild a session from orders and acts; raises SessionError when they do not fit."""
    from ..engine.match import OrderError

    session = Session(Match(rules, seed), {}, acts=[dict(a) if isinstance(a, dict) else a for a in acts])
    # Acts are replayed by turn; message ids and act ids are their positions in the log.
    for position, a in enumerate(session.acts, start=1):
        _check_act(rules, a, position)
    _apply_turn_acts(session, 1)
    for i, orders in enumerate(turns, start=1):
        if session.match.over:
            raise SessionError(f"the save has orders after the game ended (turn {i})")
        unknown = set(orders) - set(rules.roles)
        if unknown:
            raise SessionError(f"turn {i} names unknown roles: {', '.join(sorted(unknown))}")
        try:
            session.match.play_turn(orders)
        except OrderError as exc:
            raise SessionError(f"turn {i} cannot be replayed: {exc}") from None
        _apply_turn_acts(session, i + 1)
    return session


def _apply_turn_acts(session: Session, turn: int) -> None:
    """Apply the state-changing acts of ``turn`` in the order they were made."""
    if session.match.over:
        return
    skip = session.undone()
    rules = session.rules
    for a in session.acts:
        if a["id"] in skip or a["turn"] != turn:
            continue
        if a["kind"] == "adjust":
            session._apply(a, _adj_from_json(a["adjustment"]))
        elif a["kind"] == "message" and a["message"].get("statement"):
            session._declare(a, Message.from_json(a["message"]))


def _check_act(rules, act: Any, position: int) -> None:
    """Raise SessionError unless a recorded act is well formed and names things the scenario has."""
    if (not isinstance(act, dict) or act.get("kind") not in ACT_KINDS or not isinstance(act.get("turn"), int)
            or act.get("id") != position):
        raise SessionError(f"recorded act #{position} is malformed")
    act.setdefault("made_turn", act["turn"])
    try:
        if act["kind"] == "adjust":
            check_adjustment(rules, _adj_from_json(act["adjustment"]))
        elif act["kind"] == "message":
            m = Message.from_json(act["message"])
            check_message(rules, m.sender, m.to, m.text)
            if m.statement is not None:
                parse_statement(rules, m.sender, dict(vars(m.statement)), m.turn)
        elif act["kind"] == "undo" and not isinstance(act["undoes"], int):
            raise TypeError("'undoes' must be an act number")
        elif act["kind"] == "leak" and not isinstance(act["message_id"], int):
            raise TypeError("'message_id' must be an act number")
    except (AdjustmentError, MessageError, TypeError, KeyError, AttributeError, ValueError) as exc:
        raise SessionError(f"recorded act #{position} is malformed: {exc}") from None


def from_save(data: dict, path: str = "save", scenario=None) -> Session:
    """The session a save describes (orders replayed with every recorded act); raises SaveError."""
    from .saves import SaveError, checked_scenario

    loaded = checked_scenario(data, path, scenario)
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    try:
        session = replay(loaded.rules, data["seed"], data["turns"], session_acts(data))
    except SessionError as exc:
        raise SaveError(f"{path}: {exc}") from None
    session.players = dict(data.get("players", {}))
    session.scenario_path = data.get("scenario_path")
    session.meta = {k: v for k, v in extra.items() if k != "session"}
    return session


def session_acts(data: dict) -> list:
    """The acts a save records (empty for saves without a session)."""
    extra = data.get("extra")
    if not isinstance(extra, dict) or not isinstance(extra.get("session"), dict):
        return []
    acts = extra["session"].get("acts", [])
    return acts if isinstance(acts, list) else [None]


def _adj_json(adj: Adjustment) -> dict:
    return {"kind": adj.kind, "target": adj.target, "value": adj.value, "effects": dict(adj.effects),
            "headline": adj.headline, "public": adj.public}


def _adj_from_json(data: dict) -> Adjustment:
    if not isinstance(data, dict):
        raise SessionError("an adjustment must be an object")
    effects = data.get("effects") or {}
    return Adjustment(str(data.get("kind")), str(data.get("target", "")), float(data.get("value", 0.0)),
                      {str(k): float(v) for k, v in effects.items()}, str(data.get("headline", "")),
                      bool(data.get("public", True)))
