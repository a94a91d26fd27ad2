"""The acts of a played game: what was said and what the white cell did, as typed, frozen records.

A session keeps a log of acts, each stamped with its number, the turn it applies to, the
turn it was made in and the wall-clock time: a message (with any statement), an
adjustment by control (with its written reason, and the inject it belongs to), an undo,
a leak and a note. An act is never changed once recorded (an undo is a new act), and
the log is what a save holds (``extra["session"]["acts"]``) and replays.

>>> act = AdjustAct(id=1, turn=2, made_turn=2, time="2026-01-01T10:00:00+00:00", reason="the summit failed",
...                 adjustment=AdjustmentRecord(kind="set", target="tension", value=70))
>>> act.kind, act.adjustment.to_adjustment().value
('adjust', 70.0)
>>> ACT.validate_python({"id": 2, "kind": "note", "turn": 2, "time": "t", "text": "slow week"}).made_turn
2
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, TypeAdapter, field_validator, model_validator

from ..engine.adjudicate import KINDS, Adjustment
from .negotiation import Message

ActKind = Literal["message", "adjust", "undo", "leak", "note", "purge"]


class AdjustmentRecord(BaseModel):
    """An ``engine.adjudicate.Adjustment`` as the log records it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal[KINDS]  # type: ignore[valid-type]
    target: str = ""
    value: float = 0.0
    effects: dict[str, float] = Field(default_factory=dict)
    headline: str = ""
    public: StrictBool = True

    @field_validator("value")
    @classmethod
    def _finite(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError("the value must be a finite number")
        return value

    @classmethod
    def of(cls, adj: Adjustment) -> AdjustmentRecord:
        return cls(kind=adj.kind, target=adj.target, value=adj.value, effects=dict(adj.effects),
                   headline=adj.headline, public=adj.public)

    def to_adjustment(self) -> Adjustment:
        return Adjustment(self.kind, self.target, self.value, dict(self.effects), self.headline, self.public)


class _Act(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: StrictInt = Field(ge=1, description="its place in the log, from 1")
    turn: StrictInt = Field(description="the turn it applies to (at the start of that turn, for acts that change the game)")
    made_turn: StrictInt = Field(description="the turn it was made in (saves before this field: the same as 'turn')")
    time: str = Field(description="ISO 8601 UTC, when it was made")

    @model_validator(mode="before")
    @classmethod
    def _made_turn_defaults_to_turn(cls, data: Any) -> Any:
        if isinstance(data, dict) and "made_turn" not in data and "turn" in data:
            data = {**data, "made_turn": data["turn"]}
        return data


class MessageAct(_Act):
    """A message, with any statement (a statement changes the game: see ``session``)."""

    kind: Literal["message"] = "message"
    message: Message


class AdjustAct(_Act):
    """An adjustment by control, with its written reason (and the scheduled inject it belongs to)."""

    kind: Literal["adjust"] = "adjust"
    adjustment: AdjustmentRecord
    reason: str
    by: str = "control"
    inject: str | None = Field(None, description="the scheduled inject this act published, skipped, delayed or edited")
    inject_status: str | None = Field(None, description="what it did to that inject, in words")


class UndoAct(_Act):
    """An earlier act undone (the game is replayed without it)."""

    kind: Literal["undo"] = "undo"
    undoes: StrictInt
    reason: str = ""


class LeakAct(_Act):
    """A private message made public by control, with a note."""

    kind: Literal["leak"] = "leak"
    message_id: StrictInt
    note: str = ""


class NoteAct(_Act):
    """A note for the debrief."""

    kind: Literal["note"] = "note"
    text: str


class PurgeAct(_Act):
    """Control takes back, in one act, the messages a role sent before it (junk, a flood); statements,
    which are moves, stay (undo those one by one). Undoing the purge brings the messages back."""

    kind: Literal["purge"] = "purge"
    sender: str
    since_turn: StrictInt | None = Field(None, description="only the messages of this turn and later (null: all)")
    reason: str = ""

    def hides(self, act: MessageAct) -> bool:
        m = act.message
        return (act.id < self.id and m.sender == self.sender and m.statement is None
                and (self.since_turn is None or m.turn >= self.since_turn))


Act = Annotated[MessageAct | AdjustAct | UndoAct | LeakAct | NoteAct | PurgeAct, Field(discriminator="kind")]
# One act of any kind, kept as its own kind by a function that returns what it was given.
OneAct = TypeVar("OneAct", MessageAct, AdjustAct, UndoAct, LeakAct, NoteAct, PurgeAct)
ACT: TypeAdapter[Act] = TypeAdapter(Act)
CHANGES_GAME = (MessageAct, AdjustAct)  # acts replayed into the state (a message by its statement)


def act_json(act: Act) -> dict:
    """An act as JSON-ready data (what the save holds)."""
    return act.model_dump(mode="json", exclude_none=True)
