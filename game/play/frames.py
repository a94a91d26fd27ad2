"""The frames of the LAN protocol (``game.net.protocol``) as typed records, one model per frame.

A client sends ``HelloFrame``, ``OrdersFrame``, ``SayFrame`` and ``PingFrame``; the host sends
``WelcomeFrame``, ``ViewFrame`` (one role's ``View``: ``game.play.views``), ``PublicViewFrame``
(what every role may see, for the projector), ``ErrorFrame`` and ``PongFrame``. Each is a
pydantic model with a ``type`` tag; ``CLIENT_FRAME`` and ``HOST_FRAME`` read either side's
frames, and their JSON Schema is published as ``schema/frames.schema.json`` (``brink schema
--frames``). A view frame turns back into the ``View`` it was made from (``ViewFrame.to_view``),
so the window and the terminal draw a LAN game with the same code as a local one.

>>> from game.scenario import load_rules
>>> from game.play.runner import Game
>>> rules = load_rules("winter-2021")
>>> view = Game.new(rules, {"us": "human"}, seed=1).view("us")
>>> frame = ViewFrame.of(rules, view, connected=["us"])
>>> HOST_FRAME.validate_json(frame.model_dump_json()).to_view().obs == view.obs
True
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, TypeAdapter

from ..engine.observe import ActionView, DemandView, Observation, ThreatView, VariableView
from ..engine.report import Entry, TurnReport
from ..engine.rules import Cite, Rules
from .negotiation import Message
from .views import PublicState, View
from .words import worded_entry

PROTOCOL = 1
MAX_ORDERS = 50


class _Record(BaseModel):
    # Fields a frame does not define are ignored, not refused: a newer client or host may send more
    # (and a client cannot make the host take them: who speaks is the connection's role).
    model_config = ConfigDict(extra="ignore")


# -- what a view is made of ----------------------------------------------------------------------
class CiteRecord(_Record):
    source: str
    quote: str | None = None


class VariableRecord(_Record):
    id: str
    label: str
    unit: str
    value: float | None = Field(description="exact value or central estimate; null when the role sees nothing")
    exact: bool
    low: float | None = Field(None, description="90% range of an estimate")
    high: float | None = None
    rung: str = ""
    description: str = ""


class ActionRecord(_Record):
    id: str
    label: str
    kind: str
    cost: int
    description: str
    cite: CiteRecord
    effects: dict[str, str] = Field(description="variable label -> expected change, in words")
    group: str = Field("", description="its heading in the orders panel")
    group_rank: int = Field(0, description="the order of that heading")
    uses_left: int | None = Field(None, description="times it may still be given (None: no limit)")
    vote: bool = Field(False, description="allies must agree")
    consent: float | None = Field(None, description="the chance they all agree, as the role judges it")
    fail_headline: str = ""
    fail_effects: dict[str, str] = Field(default_factory=dict, description="what a failed vote costs, in words")
    ends: list[str] = Field(default_factory=list, description="endings it brings about at once")
    decides: list[str] = Field(default_factory=list, description="endings it fixes for the end of the game")
    unlocks: list[str] = Field(default_factory=list, description="orders of the role it opens")


class DemandRecord(_Record):
    id: str
    label: str
    by: str
    to: list[str]
    status: str
    made_turn: int
    expires_turn: int
    my_answer: str | None
    text: str


class ThreatRecord(_Record):
    id: str
    kind: str
    by: str
    label: str
    status: str
    due_turn: int | None


class ObservationRecord(_Record):
    """``engine.observe.Observation``: one role's view of the game."""

    role: str
    role_name: str
    turn: int
    turns: int
    date: dt.date
    budget: int
    score: float
    variables: list[VariableRecord]
    legal: list[ActionRecord]
    demands: list[DemandRecord]
    threats: list[ThreatRecord]
    upcoming: list[tuple[int, str]] = Field(default_factory=list)
    ending: str | None = None
    turn_word: str = "turn"
    turn_words: str = "turns"

    @classmethod
    def of(cls, obs: Observation) -> "ObservationRecord":
        return cls.model_validate(obs, from_attributes=True)

    def to_observation(self) -> Observation:
        return Observation(
            role=self.role, role_name=self.role_name, turn=self.turn, turns=self.turns, date=self.date,
            budget=self.budget, score=self.score,
            variables=[VariableView(**v.model_dump()) for v in self.variables],
            legal=[ActionView(**{**a.model_dump(exclude={"cite"}), "cite": Cite(**a.cite.model_dump())}) for a in self.legal],
            demands=[DemandView(**d.model_dump()) for d in self.demands],
            threats=[ThreatView(**t.model_dump()) for t in self.threats],
            upcoming=[tuple(u) for u in self.upcoming], ending=self.ending,
            turn_word=self.turn_word, turn_words=self.turn_words,
        )


class ChangeRecord(_Record):
    var: str
    label: str
    delta: float


class EntryRecord(_Record):
    """A report entry as a role may see it, worded (``game.play.words``), its changes named."""

    phase: str
    kind: str
    id: str
    headline: str
    role: str | None = None
    actor: str | None = None
    text: str = ""
    source: str | None = None
    quote: str | None = None
    changes: list[ChangeRecord] = Field(default_factory=list)

    @classmethod
    def of(cls, rules: Rules, e: Entry) -> "EntryRecord":
        e = worded_entry(rules, e)
        return cls(phase=e.phase, kind=e.kind, id=e.id, headline=e.headline,
                   role=rules.roles[e.role] if e.role is not None else None, actor=e.actor, text=e.text,
                   source=e.cite.source if e.cite else None, quote=e.cite.quote if e.cite else None,
                   changes=[ChangeRecord(var=rules.variables[v].id, label=rules.variables[v].label, delta=round(d, 4))
                            for v, d in e.changes])

    def to_entry(self, roles: list[str], var_ids: list[str]) -> Entry:
        """The entry again, with indices into ``roles`` and the variables ``var_ids`` (those it names only)."""
        cite = Cite(self.source, self.quote) if self.source else None
        index = {v: i for i, v in enumerate(var_ids)}
        role = roles.index(self.role) if self.role in roles else None
        return Entry(self.phase, self.kind, self.id, self.headline, role, self.actor, self.text, True, cite,
                     [(index[c.var], c.delta) for c in self.changes if c.var in index])


class ReportRecord(_Record):
    turn: int
    date: dt.date
    ending: str | None = None
    entries: list[EntryRecord]

    @classmethod
    def of(cls, rules: Rules, report: TurnReport) -> "ReportRecord":
        return cls(turn=report.turn, date=report.date, ending=report.ending,
                   entries=[EntryRecord.of(rules, e) for e in report.entries])

    def to_report(self, roles: list[str], var_ids: list[str]) -> TurnReport:
        return TurnReport(self.turn, self.date, [e.to_entry(roles, var_ids) for e in self.entries], ending=self.ending)


class OrdersRecord(_Record):
    orders: list[str]
    sealed: bool
    seq: int = Field(0, description="the seq of the last orders frame the host has taken from this connection")


class PublicRecord(_Record):
    turn: int
    turns: int
    turn_word: str = "turn"
    turn_words: str = "turns"
    date: dt.date
    waiting_for: list[str]
    sealed: list[str]
    connected: list[str]
    clock: float | None = Field(description="seconds left this turn; null without a time limit")
    over: bool
    ending: str | None = None


# -- host -> client ------------------------------------------------------------------------------
class WelcomeFrame(_Record):
    type: Literal["welcome"] = "welcome"
    protocol: Literal[1] = PROTOCOL
    role: str = Field(description="the role joined, or 'projector'")
    role_name: str
    scenario: str
    title: str


class ViewFrame(_Record):
    """Everything one role may see now, and the public state (sent whenever anything changes)."""

    type: Literal["view"] = "view"
    role: str
    observation: ObservationRecord
    report: ReportRecord | None = Field(description="the role's last turn report, as it may see it")
    control: list[EntryRecord] = Field(description="this turn's acts of control the role may see")
    messages: list[Message] = Field(description="the messages the role may read")
    orders: OrdersRecord
    public: PublicRecord

    @classmethod
    def of(cls, rules: Rules, view: View, connected: list[str], seq: int = 0) -> "ViewFrame":
        pub = view.public
        return cls(
            role=view.role, observation=ObservationRecord.of(view.obs),
            report=ReportRecord.of(rules, view.last_report) if view.last_report is not None else None,
            control=[EntryRecord.of(rules, e) for e in view.control], messages=list(view.messages),
            orders=OrdersRecord(orders=list(view.orders), sealed=view.sealed, seq=seq),
            public=PublicRecord(turn=pub.turn, turns=pub.turns, turn_word=pub.turn_word, turn_words=pub.turn_words,
                                date=pub.date, waiting_for=list(pub.waiting_for), sealed=sorted(pub.sealed),
                                connected=sorted(connected), clock=pub.clock, over=pub.over, ending=pub.ending),
        )

    def to_view(self, roles: list[str] | None = None) -> View:
        """The role's ``View`` again (its last report only: the host sends no more). Entries name
        their role by its place in ``roles`` (the scenario's roles; without them, by name order)."""
        obs = self.observation.to_observation()
        var_ids = [v.id for v in obs.variables]  # an observation lists every variable, in the scenario's order
        roles = roles or sorted({self.role, *self.public.waiting_for, *self.public.sealed, *self.public.connected})
        report = self.report.to_report(roles, var_ids) if self.report is not None else None
        pub = self.public
        return View(
            role=self.role, obs=obs, reports=[report] if report else [],
            control=[e.to_entry(roles, var_ids) for e in self.control], messages=list(self.messages),
            orders=list(self.orders.orders), sealed=self.orders.sealed,
            public=PublicState(pub.turn, pub.turns, pub.turn_word, pub.turn_words, pub.date, tuple(pub.waiting_for),
                               tuple(pub.sealed), pub.clock, pub.over, pub.ending, tuple(pub.connected)),
        )


class PublicVariable(_Record):
    id: str
    label: str
    unit: str
    value: float
    rung: str = ""


class DeclaredThreat(_Record):
    label: str
    by: str
    kind: str


class PublicViewFrame(_Record):
    """What every role may see (the projector's code receives this instead of views)."""

    type: Literal["public_view"] = "public_view"
    turn: int
    turns: int
    turn_word: str = "turn"
    turn_words: str = "turns"
    date: dt.date
    variables: list[PublicVariable] = Field(description="only the variables every role sees exactly")
    headlines: list[EntryRecord] = Field(description="the last turn's public headlines")
    control: list[EntryRecord]
    messages: list[Message] = Field(description="public messages only")
    threats: list[DeclaredThreat]
    sealed: list[str]
    waiting_for: list[str]
    connected: list[str]
    clock: float | None
    over: bool
    ending: str | None = None


class ErrorFrame(_Record):
    type: Literal["error"] = "error"
    error: str
    fatal: bool = Field(description="a fatal error closes the connection")


class PongFrame(_Record):
    type: Literal["pong"] = "pong"


# -- client -> host ------------------------------------------------------------------------------
class HelloFrame(_Record):
    type: Literal["hello"] = "hello"
    protocol: Literal[1] = PROTOCOL
    code: str = Field(description="the role's join code (or the projector's)")


class OrdersFrame(_Record):
    """A draft (kept by the host, given to a role that runs out of time) or, sealed, the role's orders."""

    type: Literal["orders"] = "orders"
    turn: StrictInt = Field(description="the turn they are for (the current one)")
    orders: list[str] = Field(max_length=MAX_ORDERS, description="action ids")
    seal: StrictBool = False
    seq: StrictInt = Field(0, ge=0, description="numbers the client's orders frames on this connection, from 1")


class SayFrame(_Record):
    """A message to a role or 'all'; a statement (``game.play.negotiation``) makes it public and binding."""

    type: Literal["say"] = "say"
    to: str
    text: str
    statement: dict[str, Any] | None = Field(None, description='{"kind": "threat"|"red_line", "ref": ID}, '
                                             '{"kind": "commitment", "ref": ACTION, "by_turn": N, "do": true}, '
                                             '{"kind": "offer", "ref": DEMAND, "answer": "counter"|"accept"}')


class PingFrame(_Record):
    type: Literal["ping"] = "ping"


ClientFrame = Annotated[Union[HelloFrame, OrdersFrame, SayFrame, PingFrame], Field(discriminator="type")]
HostFrame = Annotated[Union[WelcomeFrame, ViewFrame, PublicViewFrame, ErrorFrame, PongFrame], Field(discriminator="type")]
CLIENT_FRAME: TypeAdapter[ClientFrame] = TypeAdapter(ClientFrame)
HOST_FRAME: TypeAdapter[HostFrame] = TypeAdapter(HostFrame)


def turn_word_of(public: dict) -> str:
    """What a turn is called in a public frame ("week", "month"); hosts older than the word sent none.

    >>> turn_word_of({"turn_word": "month"}), turn_word_of({})
    ('month', 'turn')
    """
    return public.get("turn_word", "turn")


def frames_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of every frame: {"client": ..., "host": ...} under one document."""
    client = CLIENT_FRAME.json_schema(ref_template="#/$defs/{model}")
    host = HOST_FRAME.json_schema(ref_template="#/$defs/{model}")
    defs = {**client.pop("$defs", {}), **host.pop("$defs", {})}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Brinkmanship LAN frames",
            "description": f"Protocol {PROTOCOL}: JSON text frames over a websocket (game.net.protocol).",
            "oneOf": [{"title": "client to host", **client}, {"title": "host to client", **host}],
            "$defs": dict(sorted(defs.items()))}
