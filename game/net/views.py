"""What the LAN host sends each seat: a team's view (one per role, with the seat's name and orders seq),
the public view (projectors, the white cell's assistant), a playable actor's view, a page of older
messages. ``publish`` queues everyone's new view and never waits for a client.
"""

from __future__ import annotations

from ..play.frames import (
    ActorViewFrame,
    ClockRecord,
    HistoryPageFrame,
    MessageRecord,
    ObservationRecord,
    PublicViewFrame,
    ViewFrame,
    message_window,
)
from ..play.negotiation import Message, visible_to
from ..play.public import public_frame
from .seats import Seat, SeatBook


class SeatViews(SeatBook):
    """The views of the room's seats (``GameServer`` is built on it)."""

    def view_frame(self, role: str) -> ViewFrame:
        """Everything ``role`` may see now, and the public state (the host's clock with it)."""
        frame = ViewFrame.of(self.fac.rules, self.fac.game.view(role), sorted(self.connections))
        frame.public.clock_state = ClockRecord.of(self.fac.clock)
        frame.public.seats = self.seat_names()
        frame.orders.sealer = self.sealers.get(role)
        frame.orders.seq = next((s.acked for s in self.seats if s.kind == "team" and s.role == role), 0)
        return frame

    def view(self, role: str) -> dict:
        """``view_frame`` as JSON-ready data (what the role's client receives)."""
        return self.view_frame(role).model_dump(mode="json")

    def public_frame(self) -> PublicViewFrame:
        frame = public_frame(self.fac.session, self.fac.clock.remaining(), list(self.connections))
        frame.clock_state = ClockRecord.of(self.fac.clock)
        return frame

    def actor_view(self, actor: str | None) -> dict:
        """What a playable actor's seats see (``ActorViewFrame``): the public view, the picture of the role
        that informs it, the messages it may read."""
        assert actor is not None
        rules, session = self.fac.rules, self.fac.session
        public = self.public_frame()
        informed = rules.playable_actors.get(actor)
        picture = ObservationRecord.of(self.fac.match.observe(informed), screen_precision=True).variables if informed else []
        shown, before = message_window(rules, [m for m in session.messages() if visible_to(m, actor)])
        return ActorViewFrame(**{**public.model_dump(), "type": "actor_view", "messages": shown, "messages_before": before},
                              actor=actor, actor_name=rules.actors.get(actor, actor), informed_by=informed,
                              picture=picture).model_dump(mode="json")

    def public_view(self) -> dict:
        """``public_frame`` as JSON-ready data (what the projector receives)."""
        return self.public_frame().model_dump(mode="json")

    def history(self, role: str | None, before: int, limit: int) -> HistoryPageFrame:
        """The ``limit`` messages before id ``before`` that ``role`` may read (None: the public ones)."""
        session = self.fac.session
        readable: list[Message] = session.messages_for(role) if role is not None else [m for m in session.messages() if m.public]
        older = [m for m in readable if m.id < before]
        page = older[-limit:]
        return HistoryPageFrame(messages=[MessageRecord.of(session.rules, m) for m in page],
                                messages_before=len(older) - len(page))

    def seat_view(self, seat: Seat, base: ViewFrame | None = None) -> dict:
        """The view a seat of a team (or its observer) is sent: its role's, with its own name and orders seq."""
        assert seat.role is not None  # a projector's is the public view
        base = base or self.view_frame(seat.role)
        frame = base.model_copy(update={"seat": seat.name, "orders": base.orders.model_copy(update={"seq": seat.acked})})
        return frame.model_dump(mode="json")

    def publish(self) -> None:
        """Queue everyone's new view (a role's view is built once for all its seats); never waits for a client.
        Each seat's sender sends what changed since that seat's last view (``Seat.view_text``)."""
        by_role: dict[str, ViewFrame] = {}
        public = None
        for seat in list(self.seats):
            try:
                if seat.public:
                    public = public or self.public_view()
                    seat.put(public, "view")
                    continue
                if seat.kind == "actor":
                    seat.put(self.actor_view(seat.role), "view")
                    continue
                assert seat.role is not None  # a team's seat or an observer's
                if seat.role not in by_role:
                    by_role[seat.role] = self.view_frame(seat.role)
                seat.put(self.seat_view(seat, by_role[seat.role]), "view")
            except Exception as exc:  # noqa: BLE001 - one seat's view failing must not stop the others'
                self.log(f"host: the view for {seat.label} failed: {type(exc).__name__}: {exc}")
