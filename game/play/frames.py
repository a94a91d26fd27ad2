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
>>> HOST_FRAME.validate_json(frame.model_dump_json()).to_view().obs.legal == view.obs.legal
True
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, TypeAdapter

from ..engine.observe import ActionView, DemandView, Observation, ThreatView, VariableView
from ..engine.report import Entry, TurnReport
from ..engine.rules import Cite, Rules
from .clock import Clock
from .negotiation import Message
from .views import PublicState, View
from .words import source_name, worded_entry

PROTOCOL: Final = 1  # Final keeps it the literal 1 the frames' ``protocol: Literal[1]`` fields need
MAX_ORDERS = 50
MAX_SEAT_NAME = 40
MESSAGE_WINDOW = 60  # the newest messages a view carries
MESSAGE_BUDGET = 64_000  # bytes of messages a view carries at most: a frame stays far below a client's limit
UPDATE_BUDGET = 16_000  # bytes an update (a view delta) takes at most in a game of any length; else the whole view


def on_screen(value: float | None) -> float | None:
    """A number at the precision every face shows it (``words.fmt``): whole from 100, else one decimal.

    >>> on_screen(101.31816761804986), on_screen(42.2718), on_screen(None)
    (101.0, 42.3, None)
    """
    if value is None:
        return None
    return float(round(value)) if abs(value) >= 100 else round(value, 1)


def message_window(rules: Rules, messages: list[Message], limit: int = MESSAGE_WINDOW,
                   budget: int = MESSAGE_BUDGET) -> tuple[list[MessageRecord], int]:
    """The newest ``messages``, as a frame carries them (``MessageRecord``: worded), that fit ``limit``
    and ``budget`` (bytes of JSON), and how many are left out.

    >>> from game.scenario import load_rules
    >>> from game.play.negotiation import Message
    >>> ms = [Message(id=i, turn=1, time="t", sender="us", to="all", text="x" * 100) for i in range(1, 11)]
    >>> rules = load_rules("winter-2021")
    >>> [m.id for m in message_window(rules, ms, limit=5)[0]], message_window(rules, ms, budget=450)[1]
    ([6, 7, 8, 9, 10], 8)
    """
    shown: list[MessageRecord] = []
    used = 0
    for message in reversed(messages):
        if len(shown) >= limit:
            break
        record = MessageRecord.of(rules, message)
        size = len(record.model_dump_json().encode())
        if used + size > budget:
            break
        shown.append(record)
        used += size
    shown.reverse()
    return shown, len(messages) - len(shown)


class MessageRecord(Message):
    """A message as a frame carries it: the log's record, and its statement in the host's words.

    A browser has no scenario to word a statement by, and a copy of the wording in its script would
    drift from the window's and the terminal's (a threat without its trigger, once): so the host words
    it, once, with ``Statement.describe``, as they do.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    words: str = Field("", description="its statement as every face words it (Statement.describe: the window's and "
                                       "the terminal's words); '' for a message without one")

    @classmethod
    def of(cls, rules: Rules, message: Message) -> MessageRecord:
        """``message`` as a frame carries it, worded for ``rules``.

        >>> from game.scenario import load_rules
        >>> rules = load_rules("winter-2021")
        >>> said = Message(id=3, turn=1, time="t", sender="us", to="all", text="We mean it.",
        ...                statement={"kind": "red_line", "ref": "russia_no_membership"})
        >>> MessageRecord.of(rules, said).words
        'Red line: NATO must not open its door to Ukraine (crossed after Offer Ukraine a membership pathway)'
        """
        words = message.statement.describe(rules) if message.statement is not None else ""
        return cls(**dict(message), words=words)


class _Record(BaseModel):
    # Fields a frame does not define are ignored, not refused: a newer client or host may send more
    # (and a client cannot make the host take them: who speaks is the connection's role).
    model_config = ConfigDict(extra="ignore")


# -- what a view is made of ----------------------------------------------------------------------
class CiteRecord(_Record):
    source: str
    quote: str | None = None
    name: str | None = Field(None, description="the source as a reader cites it ('The Washington Times, 26 Jan 2022')")


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
    previous: float | None = Field(None, description="an estimate's value the turn before, as the role was told it")
    sd: float | None = Field(None, description="the standard deviation of each turn's estimate")


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
    def of(cls, obs: Observation, screen_precision: bool = False) -> ObservationRecord:
        """The record of ``obs``; ``screen_precision`` rounds estimates as a screen shows them (what goes
        over the wire: the digits a screen does not show are noise, and noise can be traced back)."""
        record = cls.model_validate(obs, from_attributes=True)
        if screen_precision:
            record.variables = [v if v.exact else v.model_copy(update={
                "value": on_screen(v.value), "low": on_screen(v.low), "high": on_screen(v.high),
                "previous": on_screen(v.previous)}) for v in record.variables]
        return record

    def to_observation(self) -> Observation:
        return Observation(
            role=self.role, role_name=self.role_name, turn=self.turn, turns=self.turns, date=self.date,
            budget=self.budget, score=self.score,
            variables=[VariableView(**v.model_dump()) for v in self.variables],
            legal=[ActionView(**{**a.model_dump(exclude={"cite"}), "cite": Cite(**a.cite.model_dump(exclude={"name"}))})
                   for a in self.legal],
            demands=[DemandView(**d.model_dump()) for d in self.demands],
            threats=[ThreatView(**t.model_dump()) for t in self.threats],
            upcoming=[(turn, headline) for turn, headline in self.upcoming], ending=self.ending,
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
    source_name: str | None = Field(None, description="the source as a reader cites it")
    quote: str | None = None
    changes: list[ChangeRecord] = Field(default_factory=list)

    @classmethod
    def of(cls, rules: Rules, e: Entry) -> EntryRecord:
        e = worded_entry(rules, e)
        return cls(phase=e.phase, kind=e.kind, id=e.id, headline=e.headline,
                   role=rules.roles[e.role] if e.role is not None else None, actor=e.actor, text=e.text,
                   source=e.cite.source if e.cite else None, quote=e.cite.quote if e.cite else None,
                   source_name=source_name(rules, e.cite.source) if e.cite else None,
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
    def of(cls, rules: Rules, report: TurnReport) -> ReportRecord:
        return cls(turn=report.turn, date=report.date, ending=report.ending,
                   entries=[EntryRecord.of(rules, e) for e in report.entries])

    def to_report(self, roles: list[str], var_ids: list[str]) -> TurnReport:
        return TurnReport(self.turn, self.date, [e.to_entry(roles, var_ids) for e in self.entries], ending=self.ending)


class OrdersRecord(_Record):
    orders: list[str]
    sealed: bool
    seq: int = Field(0, description="the seq of the last orders frame the host has taken from this connection")
    sealer: str | None = Field(None, description="the only seat of the team that may seal (null: any)")


class ClockRecord(_Record):
    """The host's clock, as every frame carries it: a screen shows this, never a clock of its own."""

    state: Literal["off", "waiting", "running", "paused", "expired"] = Field(
        description="off: no time limit; waiting: for the white cell's Start; running; paused; expired")
    left: float | None = Field(description="seconds left this turn when the frame was sent (null: no time limit)")
    length: float | None = Field(None, description="this turn's length in seconds")
    server_time: float = Field(description="the host's wall clock (Unix seconds) when the frame was sent")

    @classmethod
    def of(cls, clock: Clock) -> ClockRecord:
        left = clock.remaining()
        return cls(state=clock.state, left=None if left is None else round(left, 1), length=clock.length(clock.turn),
                   server_time=round(time.time(), 3))

    def left_at(self, elapsed: float) -> float | None:
        """Seconds left ``elapsed`` seconds after the frame arrived (a paused clock stands still).

        >>> ClockRecord(state="running", left=60, server_time=0).left_at(15), ClockRecord(state="paused", left=60, server_time=0).left_at(15)
        (45.0, 60.0)
        """
        if self.left is None:
            return None
        return max(0.0, self.left - elapsed) if self.state == "running" else float(self.left)


def clock_words(frame: dict) -> str:
    """The host's clock in a frame, in words ('' without a time limit); old hosts send only seconds left.

    >>> clock_words({"clock": 61, "clock_state": {"state": "paused", "left": 61, "server_time": 0}}), clock_words({"clock": 5})
    ('1:01 left (paused)', '0:05 left')
    """
    state = frame.get("clock_state") or {"state": "running" if frame.get("clock") is not None else "off",
                                         "left": frame.get("clock")}
    if state["left"] is None:
        return ""
    m, s = divmod(int(round(state["left"])), 60)
    extra = {"paused": " (paused)", "waiting": " (waiting for the white cell's start)"}.get(state["state"], "")
    return f"{m}:{s:02d} left{extra}"


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
    clock_state: ClockRecord | None = Field(None, description="the host's clock (running or paused, time left, its time)")
    seats: dict[str, list[str]] = Field(default_factory=dict, description="role -> the names of its connected seats")


# -- host -> client ------------------------------------------------------------------------------
class WelcomeFrame(_Record):
    type: Literal["welcome"] = "welcome"
    protocol: Literal[1] = PROTOCOL
    role: str = Field(description="the role joined, or 'projector'")
    role_name: str
    scenario: str
    title: str
    seat: str | None = Field(None, description="the seat's name (a client rejoins with it)")
    kind: Literal["team", "observer", "projector", "assistant", "actor"] = Field(
        "team", description="observers and projectors only watch; the white cell's assistant sees the public view "
                            "and uses the console commands the white cell allows ('control' frames)")


class ViewFrame(_Record):
    """Everything one role may see now, and the public state (sent whenever anything changes)."""

    type: Literal["view"] = "view"
    role: str
    observation: ObservationRecord
    report: ReportRecord | None = Field(description="the role's last turn report, as it may see it")
    control: list[EntryRecord] = Field(description="this turn's acts of control the role may see")
    messages: list[MessageRecord] = Field(description="the newest messages the role may read (a window: see messages_before)")
    messages_before: int = Field(0, description="how many older messages the role may read that this frame leaves "
                                                "out (ask for them with a 'history' frame)")
    orders: OrdersRecord
    public: PublicRecord
    seat: str | None = Field(None, description="the name of the seat this frame is sent to")

    @classmethod
    def of(cls, rules: Rules, view: View, connected: list[str], seq: int = 0) -> ViewFrame:
        pub = view.public
        if pub is None:
            raise ValueError(f"{view.role}'s view carries no public state: a view frame is made from a game's view")
        shown, before = message_window(rules, list(view.messages))
        observation = ObservationRecord.of(view.obs, screen_precision=True)
        for a in observation.legal:  # the browser has no scenario to name a source by
            a.cite.name = source_name(rules, a.cite.source)
        return cls(
            role=view.role, observation=observation,
            report=ReportRecord.of(rules, view.last_report) if view.last_report is not None else None,
            control=[EntryRecord.of(rules, e) for e in view.control], messages=shown, messages_before=before,
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
    messages: list[MessageRecord] = Field(description="the newest public messages (a window: see messages_before)")
    messages_before: int = Field(0, description="how many older public messages this frame leaves out")
    threats: list[DeclaredThreat]
    sealed: list[str]
    waiting_for: list[str]
    connected: list[str]
    clock: float | None
    over: bool
    ending: str | None = None
    clock_state: ClockRecord | None = None


class ActorViewFrame(PublicViewFrame):
    """What the seats of a playable actor (``actors: {ukraine: {playable: true}}``) see: the public view, the
    picture of the role that informs it (``informed_by``; its estimates from observe, at screen precision) and
    the messages it may read (those to and from it, and the public ones)."""

    type: Literal["actor_view"] = "actor_view"  # type: ignore[assignment]
    actor: str
    actor_name: str
    informed_by: str | None = None
    picture: list[VariableRecord] = Field(default_factory=list, description="the informing role's indicators")


class ViewDeltaFrame(_Record):
    """What changed in a seat's view (or a projector's public view) since the last one sent on this connection
    (``game.play.delta``): the seat applies it to that view. The first view on a connection is whole."""

    type: Literal["view_delta"] = "view_delta"
    of: Literal["view", "public_view", "actor_view"] = Field(description="the kind of view it changes")
    base: StrictInt = Field(description="how many views this connection had been sent before this one: the view it "
                                        "applies to is the base-th (a client that counts otherwise asks for a whole one)")
    delta: dict[str, Any] = Field(description="game.play.delta's nodes: {'=': value}, {'{': {key: node}, '-': [keys]}, "
                                              "{'[': [id | {'id', '~': node} | {'+': record}]}")


class HistoryPageFrame(_Record):
    """Older messages, as asked for by a 'history' frame (oldest first)."""

    type: Literal["history_page"] = "history_page"
    messages: list[MessageRecord]
    messages_before: int = Field(description="how many still older messages remain")


class ControlReplyFrame(_Record):
    """The answer to an assistant's console command: the console's lines."""

    type: Literal["control_reply"] = "control_reply"
    line: str = Field(description="the command it answers")
    lines: list[str]
    error: bool = False


class ErrorFrame(_Record):
    type: Literal["error"] = "error"
    error: str
    fatal: bool = Field(description="a fatal error closes the connection")


class PongFrame(_Record):
    type: Literal["pong"] = "pong"
    clock_state: ClockRecord | None = None


# -- client -> host ------------------------------------------------------------------------------
class HelloFrame(_Record):
    type: Literal["hello"] = "hello"
    protocol: Literal[1] = PROTOCOL
    code: str = Field(max_length=100, description="the role's join code (or the projector's or an observer's)")
    seat: str | None = Field(None, max_length=MAX_SEAT_NAME,
                             description="this laptop's seat in the team, e.g. 'Secretary of State' (the host names one if left out)")
    pin: str | None = Field(None, max_length=100, description="the room's PIN, when the host asks for one")


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


class HistoryFrame(_Record):
    """Ask for the messages older than those a view holds: ``before`` is the id of the oldest one held."""

    type: Literal["history"] = "history"
    before: StrictInt = Field(description="a message id: the page holds messages older than it")
    limit: StrictInt = Field(MESSAGE_WINDOW, ge=1, le=MESSAGE_WINDOW)


class ControlFrame(_Record):
    """A console command from the white cell's assistant (``msgs``, ``pause``, ``leak 4 NOTE`` ...)."""

    type: Literal["control"] = "control"
    line: str = Field(max_length=500)


class ResyncFrame(_Record):
    """Send me my whole view again (a client whose view no longer fits a delta)."""

    type: Literal["resync"] = "resync"


class SealerFrame(_Record):
    """A team decides who seals: only the seat named (null: any seat, the default)."""

    type: Literal["sealer"] = "sealer"
    seat: str | None = Field(None, max_length=MAX_SEAT_NAME)


ClientFrame = Annotated[HelloFrame | OrdersFrame | SayFrame | PingFrame | HistoryFrame | SealerFrame | ResyncFrame
                        | ControlFrame,
                        Field(discriminator="type")]
HostFrame = Annotated[WelcomeFrame | ViewFrame | PublicViewFrame | ActorViewFrame | ViewDeltaFrame | HistoryPageFrame | ErrorFrame
                      | PongFrame | ControlReplyFrame,
                      Field(discriminator="type")]
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
