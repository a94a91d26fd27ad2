"""The game runner: one played game, driven by the faces. The flow of a turn is written here, once.

A ``Game`` owns what a played game needs besides its faces: the session (match,
messages, acts), the AI players, the turn's clock and what a late role gets, the
drafts, and the save hook. Faces never build a turn: they *send an input*
(``Draft``, ``Seal``, ``Say``, ``EndTurn``: ``game.play.events``) and *render the
events* the game emits (turn opened, draft changed, sealed, resolved, message, act,
ended). What a face draws for a role comes from ``view(role)`` (``game.play.views``):
that role's side of the game and nothing else. The terminal, the window, the LAN
host, the white cell and the reports all drive this object.

A turn:

1. it opens: each AI role seals its orders, chosen from its own role's view;
2. people draft and seal; messages, statements and acts of control change the game as
   they come (``Session``);
3. it resolves when a role's seal leaves nobody waiting, when ``tick`` finds the
   clock run out, or on ``EndTurn``; a late role gets its draft or standing orders
   (those still legal), or nothing (``late``);
4. the game is saved (``save_paths``); the next turn opens, or the game ends.

Late orders are the runner's duty, not the engine's: who is late is a matter of
wall-clock time at a table, which a batch or an AI rollout does not have; what a late
role gets are orders like any other, checked by the same rules when the turn resolves.

>>> from game.scenario import load_scenario
>>> game = Game.new(load_scenario("winter-2021").rules, {"us": "human"}, seed=1)
>>> [type(e).__name__ for e in game.send(Seal("us", ("video_summit",)))]
['Sealed', 'Resolved', 'TurnOpened', 'Sealed', 'Sealed']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..ai import make_policy
from ..ai.policies import Policy
from ..engine.match import Match, OrderError
from ..engine.observe import observe_batch, visible_report
from ..engine.report import TurnReport
from ..engine.rules import Rules
from .clock import Clock
from .consequences import worded
from .deals import Reply, Table, closing, complete_reply
from .events import (
    CONTROL,
    ActRecorded,
    Draft,
    DraftChanged,
    Ended,
    EndTurn,
    Event,
    Input,
    MessageSent,
    Reloaded,
    Resolved,
    SaveFailed,
    Say,
    Seal,
    Sealed,
    TurnOpened,
    reaches,
)
from .hints import hints_for
from .negotiation import Message
from .saves import SaveFile
from .session import Session, SessionError, from_save
from .views import PublicState, View
from .words import worded_entry, worded_report

HUMAN = "human"
LATE_RULES = ("standing", "nothing")
Listener = Callable[[Event], None]


def _counter_to(message: Message, policies: dict[str, Policy]) -> bool:
    """Whether ``message`` is a counter-deal put to an AI role (which answers it)."""
    said = message.statement
    return said is not None and said.kind == "reply" and said.verdict == "counter" and said.ref in policies


class GameError(ValueError):
    """An input the game refuses (unknown role, illegal orders, a finished game)."""


def players_for(rules: Rules, humans: list[str] | tuple[str, ...] = (), ai: dict[str, str] | None = None) -> dict[str, str]:
    """Every role: 'human' for those played by people, else its AI policy ('historical' unless named).

    >>> from game.scenario import load_rules
    >>> players_for(load_rules("winter-2021"), ["us"], {"nato": "random"})
    {'us': 'human', 'russia': 'historical', 'nato': 'random'}
    """
    ai = ai or {}
    return {role: HUMAN if role in humans else ai.get(role, "historical") for role in rules.roles}


def policies_for_players(rules: Rules, players: dict[str, str]) -> dict[str, Policy]:
    """The AI player of every role not played by people (roles left out play 'historical')."""
    return {role: make_policy(players.get(role, "historical"), rules, role)
            for role in rules.roles if players.get(role, "historical") != HUMAN}


@dataclass(frozen=True)
class Revealed:
    """Everything about a finished game, for its ending screen: nothing is hidden any more."""

    ending: str | None
    scores: dict[str, float]
    orders: list[dict[str, list[str]]]  # every role's orders, turn by turn
    final: dict[str, float]  # every variable's true final value
    history: list[dict[str, float]]  # every variable's true value at the start and after each turn


@dataclass
class Subscription:
    listener: Listener
    audience: str | None  # a role, CONTROL, or None (the public)


class Follower:
    """One listener kept on whichever game is current: a rollback or a LAN host brings another
    game, and ``follow`` moves the subscription over (the white cell's console and desk).

    >>> from game.scenario import load_rules
    >>> heard = []
    >>> follower, game = Follower(heard.append), Game.new(load_rules("winter-2021"), {}, seed=1)
    >>> follower.follow(game); follower.follow(game); len(game.subscriptions)
    1
    """

    def __init__(self, listener: Listener, audience: str | None = CONTROL):
        self.listener, self.audience = listener, audience
        self.following: tuple[Game, Subscription] | None = None

    def follow(self, game: Game) -> None:
        """Listen to ``game`` (and no longer to the one before, if it was another)."""
        if self.following is not None and self.following[0] is game:
            return
        if self.following is not None:
            self.following[0].unsubscribe(self.following[1])
        self.following = (game, game.subscribe(self.listener, self.audience))


class Game:
    """One played game (see the module's docstring): ``send`` an input, read ``view(role)``, listen to
    events with ``subscribe``. ``save_paths`` are written after every turn (``save_every="turn"``) or
    every change (``"change"``: a LAN host, the white cell); ``extra`` adds fields to those saves."""

    def __init__(self, session: Session, *, clock: Clock | None = None, late: str = "standing",
                 save_paths: list[str | Path] | None = None, save_every: str = "turn",
                 extra: Callable[[], dict] | None = None):
        if late not in LATE_RULES:
            raise GameError(f"late roles get 'standing' orders or 'nothing', not '{late}'")
        if save_every not in ("turn", "change"):
            raise GameError("save after every 'turn' or every 'change'")
        self.session = session
        for role in session.rules.roles:
            session.players.setdefault(role, "historical")
        self.policies = policies_for_players(session.rules, session.players)
        self.table = Table(session.rules, self.policies, session.players)  # the AI roles' voice at the table
        self._recall_ai()
        self.clock = clock or Clock()
        self.late = late
        self.save_paths = [p for p in (save_paths or []) if p]
        self.save_every = save_every
        self.extra = extra  # more fields for the save's "extra" (a LAN host's codes)
        self.save_error: str | None = None
        self.stopped = False
        self.standing: dict[str, list[str]] = {}
        self.drafts: dict[str, list[str]] = {}
        self.subscriptions: list[Subscription] = []
        self._emitted: list[Event] = []
        self._open_turn()
        self._emitted.clear()

    # -- making ------------------------------------------------------------------------------
    @classmethod
    def new(cls, rules: Rules, players: dict[str, str], seed: int, scenario_path: str | None = None,
            **kw) -> Game:
        """A new game; ``players`` maps roles to 'human' or a policy (roles left out play 'historical')."""
        return cls(Session(Match(rules, seed), dict(players), scenario_path=scenario_path), **kw)

    @classmethod
    def from_save(cls, save: SaveFile, path: str | Path = "save", scenario=None, **kw) -> Game:
        """The game a save describes, orders and acts replayed (raises SaveError)."""
        return cls(from_save(save, path, scenario), **kw)

    # -- what everyone may know ----------------------------------------------------------------
    @property
    def rules(self) -> Rules:
        return self.session.rules

    @property
    def match(self) -> Match:
        return self.session.match

    @property
    def turn(self) -> int:
        return self.match.turn

    @property
    def over(self) -> bool:
        return self.match.over

    @property
    def ending(self) -> str | None:
        return self.match.ending

    @property
    def players(self) -> dict[str, str]:
        return self.session.players

    @property
    def humans(self) -> list[str]:
        return [r for r in self.rules.roles if self.players.get(r) == HUMAN]

    @property
    def waiting_for(self) -> list[str]:
        return self.match.waiting_for

    @property
    def sealed(self) -> list[str]:
        return [r for r in self.rules.roles if r not in self.match.waiting_for]

    @property
    def turns_played(self) -> int:
        return len(self.match.reports)

    def public_state(self) -> PublicState:
        rules, m = self.rules, self.match
        shown = min(m.turn, rules.turns)
        return PublicState(m.turn, rules.turns, rules.turn_word, rules.turn_words, rules.date_of(shown),
                           tuple(m.waiting_for), tuple(self.sealed), self.clock.remaining(), m.over, m.ending)

    def orders_of(self, role: str) -> tuple[list[str], bool]:
        """``role``'s orders so far and whether they are sealed (for that role, or control)."""
        m = self.match
        sealed = m.sealed_orders(role)
        if sealed is not None:
            return sealed, True
        return list(self.drafts.get(role, [])), False

    def check(self, role: str, orders: list[str] | tuple[str, ...]) -> str | None:
        """Why ``role`` may not give these orders together now, or None."""
        try:
            self.match.check(role, list(orders))
        except OrderError as exc:
            return str(exc)
        return None

    # -- what one role may see ----------------------------------------------------------------------
    def view(self, role: str) -> View:
        """Everything ``role``'s face may draw: its own side of the game, and the public state."""
        self._role(role)
        m, s, rules = self.match, self.session, self.rules
        orders, sealed = self.orders_of(role)
        return View(
            role=role, obs=worded(m, role),
            reports=[worded_report(rules, m.report_for(role, i)) for i in range(len(m.reports))],
            control=[worded_entry(rules, e) for e in s.control_report(role)],
            messages=s.messages_for(role), settled=s.settled, orders=orders, sealed=sealed,
            hints=hints_for(m, role), public=self.public_state(),
        )

    def revealed(self) -> Revealed:
        """The whole game, now that it is over (raises GameError before: nothing is revealed in play)."""
        m, rules = self.match, self.rules
        if not m.over and not self.stopped:
            raise GameError("the game is not over: nothing is revealed yet")
        ids = [v.id for v in rules.variables]
        history = [dict(zip(ids, map(float, row))) for row in m.history]
        return Revealed(m.ending, m.scores, [dict(t) for t in m.orders_log], history[-1], history)

    def stop(self) -> None:
        """The game stops before its end (the players leave, a demo runs out): it may be revealed."""
        self.stopped = True

    def messages_for(self, role: str) -> list[Message]:
        """The messages ``role`` may read (lighter than its whole view, for a message panel)."""
        self._role(role)
        return self.session.messages_for(role)

    def settled(self) -> dict[int, str]:
        """Message id -> 'kept' or 'broken' for the statements settled so far (statements are public)."""
        return self.session.settled

    def report_for(self, role: str | None, index: int = -1) -> TurnReport:
        """A turn report as ``role`` saw it, worded (None: the full report, for control and the debrief)."""
        report = self.match.reports[index]
        return worded_report(self.rules, report if role is None else visible_report(self.rules, report, role))

    # -- driving ---------------------------------------------------------------------------------
    def subscribe(self, listener: Listener, audience: str | None = CONTROL) -> Subscription:
        """Call ``listener`` with every event ``audience`` (a role, CONTROL, or None: the public) may hear."""
        sub = Subscription(listener, audience)
        self.subscriptions.append(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        if sub in self.subscriptions:
            self.subscriptions.remove(sub)

    def send(self, item: Input) -> list[Event]:
        """Carry out one input; returns the events it caused (raises GameError when refused)."""
        self._emitted = []
        if isinstance(item, Draft):
            self._draft(item.role, list(item.orders))
        elif isinstance(item, Seal):
            self._seal(item.role, list(item.orders))
            if not self.over and not self.waiting_for:
                self._resolve()
        elif isinstance(item, Say):
            self._say(item)
        elif isinstance(item, EndTurn):
            if self.over:
                raise GameError("the game is over")
            self._resolve()
        else:
            raise GameError(f"not an input: {item!r}")
        return self._flush(changed=True)

    def tick(self) -> list[Event]:
        """Resolve the turn when nobody is waiting or the clock has run out (call it often)."""
        self._emitted = []
        if not self.over and (not self.waiting_for or self.clock.expired()):
            self._resolve()
            return self._flush(changed=True)
        return []

    def recorded(self, act_id: int, kind: str) -> list[Event]:
        """Control has recorded an act on the session (``game.play.facilitator``): tell the faces, save."""
        self._emitted = [ActRecorded(act_id, kind)]
        if kind == "undo":  # the game was replayed without an act: what the AI learned of it, too
            self._recall_ai()
        self._reseal_ai()  # an undo replays the game: AI orders that no longer fit are given again
        return self._flush(changed=True)

    def restore_orders(self, drafts: dict[str, list[str]], sealed: dict[str, list[str]]) -> None:
        """Take back the orders of the turn under way (a host resuming from its save); those that
        no longer fit are dropped, and restoring never resolves the turn."""
        for role, orders in drafts.items():
            if role in self.rules.roles and role not in self.match.sealed_roles and self.check(role, orders) is None:
                self.drafts[role] = list(orders)
        for role, orders in sealed.items():
            if role in self.rules.roles and self.check(role, orders) is None:
                self.session.submit(role, list(orders))
                self.drafts[role] = list(orders)

    def set_standing(self, role: str, orders: list[str]) -> None:
        """What ``role`` gets when it is late and has no draft (those still legal then)."""
        self._role(role)
        self.standing[role] = list(orders)

    def late_orders(self, role: str) -> list[str]:
        """What a late role gets: its draft or standing orders that are legal now, or nothing."""
        if self.late == "nothing":
            return []
        legal = set(self.match.legal_ids(role))
        chosen: list[str] = []
        for action_id in self.drafts.get(role) or self.standing.get(role, []):
            if action_id in legal and self.check(role, chosen + [action_id]) is None:
                chosen.append(action_id)
        return chosen

    # -- the turn --------------------------------------------------------------------------------------
    def _open_turn(self) -> None:
        self.drafts = {}
        if self.match.ending is not None:
            self._emitted.append(Ended(self.match.ending))
            return
        self.clock.start(self.turn)
        self._emitted.append(TurnOpened(self.turn))
        # The AI roles speak before they seal: a save replayed at this point seals from the same state
        # (this turn's statements in it), so their orders come out as they did.
        if not self._opening_passed():
            self._declare_ai()
            self._propose_ai()
        self._reseal_ai()

    def _recall_ai(self) -> None:
        """The AI roles learn the turns played so far again, from the view each resolved on (a loaded
        save, an undo's replay, a rollback): what they know of the others is what they would know
        had they played it straight through (``Policy.recall``), so they seal the same orders."""
        learning = {role: p for role, p in self.policies.items() if p.learns}
        if not learning:
            return
        starts = self.session.turn_starts() if self.match.orders_log else []
        for role, policy in learning.items():
            policy.recall([observe_batch(self.rules, state, role) for state in starts])

    def _reseal_ai(self) -> None:
        """AI roles that have not sealed (a new turn, a replay after an undo) seal from their own view,
        keeping their word where it is worth keeping (``deals.Table.keep``)."""
        m = self.match
        for role, policy in self.policies.items():
            if role in m.waiting_for and not m.over:
                obs = m.observe_batch(role)
                self._seal(role, self.table.keep(role, obs, policy.choose_ids(obs)))

    def _declare_ai(self) -> None:
        """Thinking AI roles declare the threats and red lines worth declaring as the turn opens (one a turn:
        a role that has declared this turn, as the log of a replayed save shows, declares nothing more)."""
        declared = {m.sender for m in self.session.messages() if m.turn == self.turn and m.statement is not None
                    and m.statement.kind in ("threat", "red_line")}
        for role in self.policies:
            if self.table.thinks(role) and not self.over and role not in declared:
                for reply in self.table.declarations(role, self.match.observe_batch(role), self._first_orders(role)):
                    self._after_message(self._post(reply), answer=True)

    def _opening_passed(self) -> bool:
        """Whether someone other than an AI role has spoken this turn (a save replayed mid-turn): the AI
        roles said what they had to say as it opened, and it is in the log."""
        return any(m.turn == self.turn and m.sender not in self.policies for m in self.session.messages())

    def _propose_ai(self) -> None:
        """Thinking AI roles put a deal to a person or to one another and volunteer a commitment, when worth it,
        as the turn opens."""
        messages = self.session.messages()
        for role in self.policies:
            if self.table.thinks(role) and not self.over:
                obs = self.match.observe_batch(role)
                for reply in self.table.initiative(role, obs, self._first_orders(role), messages, self.turn):
                    posted = self._post(reply)
                    self._after_message(posted, answer=True)
                    messages = self.session.messages()

    def _first_orders(self, role: str) -> np.ndarray | None:
        """``role``'s orders sealed this turn as an (A,) mask, or None."""
        sealed = self.match.sealed_orders(role)
        if sealed is None:
            return None
        row = np.zeros(len(self.rules.actions), dtype=bool)
        row[[self.rules.action(role, a).index for a in sealed]] = True
        return row

    def _post(self, reply: Reply) -> Message:
        """Send a message on a role's behalf (an AI's reply, a deal's commitments)."""
        message = self.session.say(reply.sender, reply.to, reply.text, statement=reply.statement)
        self._emitted.append(MessageSent(message.id, message.sender, message.to))
        return message

    def _after_message(self, message: Message, answer: bool) -> None:
        """An accepted deal becomes both sides' commitments; then the AI roles answer (``answer``),
        and an AI role that has given its word gives its orders again, with its word kept if worth it."""
        said, bound = message.statement, set()
        if said is not None and said.kind == "reply" and said.verdict == "accept" and said.deal is not None:
            deal = next(m for m in self.session.messages() if m.id == said.deal)
            for reply in closing(deal, self.rules):
                self._post(reply)
                bound.add(reply.sender)
        if answer:
            for reply in self.table.answer(message, self.match.observe_batch, self._first_orders):
                posted = self._post(reply)
                bound.add(reply.sender)
                # an AI's counter to another AI role is answered by it in turn (yes or no: ``Table``)
                self._after_message(posted, answer=_counter_to(posted, self.policies))
        m = self.match
        for role in sorted(bound & set(self.policies)):
            sealed = m.sealed_orders(role)
            if sealed is not None and not m.over:
                kept = self.table.keep(role, m.observe_batch(role), sealed)
                if kept != sealed:
                    self._seal(role, kept)

    def _draft(self, role: str, orders: list[str]) -> None:
        self._role(role)
        if role in self.match.sealed_roles:
            raise GameError("your orders are sealed; seal new orders to change them")
        self._checked(role, orders)
        self.drafts[role] = list(orders)
        self._emitted.append(DraftChanged(role, tuple(orders)))

    def _seal(self, role: str, orders: list[str]) -> None:
        self._role(role)
        self._checked(role, orders)
        self.session.submit(role, orders)
        self.drafts[role] = list(orders)
        self._emitted.append(Sealed(role))

    def _checked(self, role: str, orders: list[str]) -> None:
        if self.over:
            raise GameError("the game is over")
        problem = self.check(role, orders)
        if problem:
            raise GameError(problem)

    def _say(self, item: Say) -> None:
        statement = item.statement
        if isinstance(statement, dict) and statement.get("kind") == "reply":  # it must answer a deal still open
            statement = complete_reply(self.session.messages(), item.role, statement, self.turn)
        message = self.session.say(item.role, item.to, item.text, statement=statement, seat=item.seat)
        self._emitted.append(MessageSent(message.id, message.sender, message.to))
        self._after_message(message, answer=True)

    def _resolve(self) -> None:
        late = self.match.waiting_for
        for role in late:
            self.session.submit(role, self.late_orders(role))
        if late:
            self.session.note(f"Time ran out for: {', '.join(late)} ({self.late} orders)")
        for role, policy in self.policies.items():  # what the AI learns of this turn: the view it resolves on
            if policy.learns:
                policy.witness(self.match.observe_batch(role))
        report = self.session.resolve()
        self._emitted.append(Resolved(report.turn, tuple(late), report.ending))
        if self.save_every == "turn":
            self.save()
        self._open_turn()

    # -- saving and other changes -------------------------------------------------------------------------
    def save(self, path: str | Path | None = None) -> None:
        """Save now (to ``path``, or the game's save paths); a failure is kept in ``save_error``."""
        error = None
        for target in [path] if path is not None else self.save_paths:
            try:
                self.write(target)
            except Exception as exc:  # noqa: BLE001 - no failure to save may stop the game; it is reported and retried
                why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
                error = f"Could not save to {target}: {why}"
                self._emitted.append(SaveFailed(str(target), error))
        self.save_error = error

    def write(self, path: str | Path) -> None:
        """Write the save to ``path`` (raises OSError)."""
        if self.extra is not None:
            self.session.meta.update(self.extra())
        self.session.save(path)

    def _flush(self, changed: bool) -> list[Event]:
        if changed and self.save_every == "change":
            self.save()
        events, self._emitted = self._emitted, []
        for event in events:
            for sub in list(self.subscriptions):
                if reaches(event, sub.audience):
                    sub.listener(event)
        return events

    def replace_session(self, session: Session) -> list[Event]:
        """Go on with another session of the same game (an undo's replay, a rollback, an edited scenario)."""
        self.session = session
        for role in session.rules.roles:
            session.players.setdefault(role, "historical")
        self.policies = policies_for_players(session.rules, session.players)
        self.table = Table(session.rules, self.policies, session.players)
        self._recall_ai()
        self._emitted = []
        self.drafts = {r: d for r, d in self.drafts.items() if self.check(r, d) is None}
        self._reseal_ai()
        return self._flush(changed=True)

    def reload(self, rules: Rules, lenient: bool = True) -> tuple[bool, list[str]]:
        """Play on under edited rules, replaying every turn: (True, notes of orders dropped), or
        (False, [why]) when the game no longer fits them (the game goes on unchanged). Not
        ``lenient``, an order the new rules refuse is a misfit too."""
        try:
            fresh = self.session.replayed_on(rules, lenient)
        except SessionError as exc:
            return False, [str(exc)]
        self.replace_session(fresh)
        self._emitted = [Reloaded(tuple(fresh.replay_notes))]
        self._flush(changed=False)
        return True, list(fresh.replay_notes)

    def rollback(self, turn: int) -> Game:
        """A new game at the start of ``turn`` (a replay; this one goes on untouched)."""
        session = self.session.rollback(turn)
        # The clock waits for the white cell's Start: the room needs a moment to find its feet again.
        return Game(session, clock=Clock(self.clock.default_seconds, dict(self.clock.per_turn), self.clock.now, waiting=True),
                    late=self.late, save_paths=[], save_every=self.save_every)

    def _role(self, role: str) -> None:
        if role not in self.rules.roles:
            raise GameError(f"unknown role '{role}' (roles: {', '.join(self.rules.roles)})")
