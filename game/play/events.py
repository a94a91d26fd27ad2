"""The inputs a face sends to a game, and the events the game emits for faces to render.

Inputs: ``Draft`` (orders a role is working on), ``Seal`` (its orders for the turn),
``Say`` (a message, perhaps a statement) and ``EndTurn`` (resolve now: the white
cell, a demo, an all-AI game). Events: ``TurnOpened``, ``DraftChanged``, ``Sealed``,
``Resolved``, ``MessageSent``, ``ActRecorded`` (control adjusted the game), ``Reloaded``
(the scenario was edited), ``Ended`` and ``SaveFailed``. Every event names its
audience: the roles that may learn of it (``None``: everyone). Events carry no state
of the game; a face that wants to draw asks for its role's view.

>>> Sealed("us").audience is None, DraftChanged("us", ("video_summit",)).audience
(True, frozenset({'us'}))
"""

from __future__ import annotations

from dataclasses import dataclass, field

CONTROL = "control"  # the white cell: it receives every event


# -- inputs -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Orders:
    """A role's orders, as an input: ``Draft`` or ``Seal`` (never sent as itself)."""

    role: str
    orders: tuple[str, ...]


@dataclass(frozen=True)
class Draft(Orders):
    """Orders ``role`` is working on (checked now; a late role may get them)."""


@dataclass(frozen=True)
class Seal(Orders):
    """``role``'s orders for this turn (they may be sealed again, changed, until the turn resolves)."""


@dataclass(frozen=True)
class Say:
    """A message from ``role`` to a role, 'all' or its own team (``to`` = ``role``); ``statement`` makes it a
    public, binding statement; ``seat`` names the team's laptop that wrote it."""

    role: str
    to: str
    text: str
    statement: dict | None = None
    seat: str | None = None


@dataclass(frozen=True)
class EndTurn:
    """Resolve the turn now: roles that have not sealed are late."""


Input = Draft | Seal | Say | EndTurn


# -- events -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Event:
    @property
    def audience(self) -> frozenset[str] | None:
        """The roles that may learn of this event (None: everyone)."""
        return None


@dataclass(frozen=True)
class TurnOpened(Event):
    turn: int


@dataclass(frozen=True)
class DraftChanged(Event):
    role: str
    orders: tuple[str, ...]

    @property
    def audience(self) -> frozenset[str] | None:
        return frozenset({self.role})


@dataclass(frozen=True)
class Sealed(Event):
    role: str


@dataclass(frozen=True)
class Resolved(Event):
    turn: int
    late: tuple[str, ...] = ()  # roles that had not sealed when the turn ended
    ending: str | None = None


@dataclass(frozen=True)
class MessageSent(Event):
    message_id: int
    sender: str
    to: str

    @property
    def audience(self) -> frozenset[str] | None:
        return None if self.to == "all" else frozenset({self.sender, self.to})


@dataclass(frozen=True)
class ActRecorded(Event):
    """Control adjusted the game (teams see what is public of it in their views)."""

    act_id: int
    kind: str


@dataclass(frozen=True)
class Reloaded(Event):
    """The game now runs on an edited scenario (orders it no longer allowed are in ``notes``)."""

    notes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Ended(Event):
    ending: str


@dataclass(frozen=True)
class SaveFailed(Event):
    path: str
    error: str


def reaches(event: Event, audience: str | None) -> bool:
    """Whether a face listening as ``audience`` (a role, CONTROL, or None: the public) hears ``event``."""
    if audience == CONTROL or event.audience is None:
        return True
    return audience in event.audience
