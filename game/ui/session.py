"""The flow of one game in the window, without any drawing: whose screen comes next.

A ``Session`` owns the match and the AI players and hands screens only a
role's ``View`` (its observation and its visible reports). It queues the steps
of a turn (handoff, briefing, report, orders), resolves the turn when every
human has sealed orders, and autosaves after each turn.

>>> from game.scenario import load_scenario
>>> s = Session.new(load_scenario("winter-2021"), {"us": "human", "russia": "historical", "nato": "historical"}, seed=1)
>>> [step.kind for step in s.queue]
['briefing', 'orders']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..ai import PolicyError, make_policy
from ..engine.match import Match
from ..engine.observe import Observation
from ..engine.report import TurnReport
from ..play.saves import SaveError, replay_save
from ..scenario import LoadedScenario
from ..scenario.catalog import shipped_dir
from ..play.session import Session as Talk
from ..play.session import from_save


@dataclass(frozen=True)
class Step:
    """One screen of the game flow: ``kind`` is handoff, briefing, report, orders, watch,
    public_report, ending or exit; ``role`` is whose screen it is (None: everyone's)."""

    kind: str
    role: str | None = None


@dataclass
class View:
    """Everything a role's screens may draw: its observation and the reports it may see.

    Built only from ``Match.observe(role)`` and ``Match.report_for(role)``.
    """

    role: str
    obs: Observation
    reports: list[TurnReport]  # visible reports, oldest first

    @property
    def last_report(self) -> TurnReport | None:
        return self.reports[-1] if self.reports else None

    def changes(self) -> dict[str, float]:
        """Change of each exactly known variable during the last turn (from the visible report)."""
        out: dict[str, float] = {}
        report = self.last_report
        if report is None:
            return out
        ids = [v.id for v in self.obs.variables]
        for entry in report.entries:
            for var, delta in entry.changes:
                out[ids[var]] = out.get(ids[var], 0.0) + delta
        return out

    def actions_seen(self) -> dict[str, int]:
        """Action ids this role saw carried out, with the last turn each was seen."""
        seen: dict[str, int] = {}
        for report in self.reports:
            for entry in report.entries:
                if entry.kind in ("action", "response"):
                    seen[entry.id] = report.turn
        return seen


def public_report(match: Match, report: TurnReport) -> TurnReport:
    """What every role sees of a turn (for demo mode): ``game.play.public.public_report``."""
    from ..play.public import public_report as everyone_sees

    return everyone_sees(match.rules, report)


@dataclass
class Session:
    loaded: LoadedScenario
    match: Match
    players: dict[str, str]  # role -> "human" or a policy spec
    autosave_path: Path | None = None
    save_path: str | None = None
    exit_after_turns: int | None = None
    queue: list[Step] = field(default_factory=list)
    briefed: set[str] = field(default_factory=set)
    reports_seen: dict[str, int] = field(default_factory=dict)
    save_error: str | None = None  # the last autosave that failed, for the window to tell
    talk: Talk | None = None  # messages and statements between the roles (game.play.session), on the same match

    def __post_init__(self) -> None:
        rules = self.match.rules
        if self.talk is None or self.talk.match is not self.match:
            self.talk = Talk(self.match, dict(self.players))
        self.humans = [r for r in rules.roles if self.players.get(r) == "human"]
        self.policies = {r: make_policy(spec, rules, r) for r, spec in self.players.items() if spec != "human"}
        for role in rules.roles:
            self.players.setdefault(role, "historical")
            if role not in self.humans and role not in self.policies:
                self.policies[role] = make_policy("historical", rules, role)
        if not self.queue:
            self.queue = self.plan_turn()

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def new(cls, loaded: LoadedScenario, players: dict[str, str], seed: int, **kw) -> "Session":
        return cls(loaded, Match(loaded.rules, seed), dict(players), **kw)

    @classmethod
    def resume(cls, data: dict, path: str | Path, **kw) -> "Session":
        """Rebuild a saved game (raises SaveError); the players see the last report again."""
        match, loaded = replay_save(data, path)
        talk = from_save(data, str(path), loaded)  # the same game with its messages and statements
        players = {r: p for r, p in data.players.items() if r in loaded.rules.roles}
        try:
            return cls(loaded, talk.match, players, briefed=set(loaded.rules.roles), talk=talk, **kw)
        except PolicyError as exc:
            raise SaveError(f"{path}: {exc}") from None

    # -- what screens may see -------------------------------------------------------------------
    def view(self, role: str) -> View:
        m = self.match
        return View(role, m.observe(role), [m.report_for(role, i) for i in range(len(m.reports))])

    @property
    def current(self) -> Step:
        return self.queue[0] if self.queue else Step("exit")

    @property
    def scenario_path(self) -> str | None:
        in_shipped = self.loaded.path.resolve().parent == shipped_dir().resolve()
        return None if in_shipped else str(self.loaded.path)

    @property
    def hotseat(self) -> bool:
        return len(self.humans) > 1

    # -- the flow -------------------------------------------------------------------------------
    def plan_turn(self) -> list[Step]:
        """The steps until every human has sealed orders (or the ending, once the game is over)."""
        m = self.match
        if not self.humans:
            if m.over:
                return [Step("ending")]
            roles = m.rules.roles
            return [Step("watch", roles[(m.turn - 1) % len(roles)])]
        steps: list[Step] = []
        for role in self.humans:
            if self.hotseat:
                steps.append(Step("handoff", role))
            if role not in self.briefed and not m.reports:
                steps.append(Step("briefing", role))
            if self.reports_seen.get(role, 0) < len(m.reports):
                steps.append(Step("report", role))
            if not m.over:
                steps.append(Step("orders", role))
        if m.over:
            steps.append(Step("ending"))
        return steps

    def advance(self) -> Step:
        """Leave the current step; resolves the turn after the last sealed orders."""
        step = self.queue.pop(0) if self.queue else Step("exit")
        if step.kind == "briefing":
            self.briefed.add(step.role)
        elif step.kind == "report":
            self.reports_seen[step.role] = len(self.match.reports)
        elif step.kind == "orders" and step.role not in self.match.pending:
            self.match.submit(step.role, [])  # leaving without sealing gives no orders
        if step.kind in ("orders", "watch") and not any(s.kind == "orders" for s in self.queue):
            self.resolve()
        if not self.queue:
            self.queue = self.plan_turn()
        return self.current

    def seal(self, role: str, action_ids: list[str]) -> None:
        """Set a human role's orders for this turn (raises OrderError if they may not be given)."""
        self.match.submit(role, list(action_ids))

    def check(self, role: str, action_ids: list[str]) -> str | None:
        """Why these orders may not be given together, or None."""
        from ..engine.match import OrderError

        try:
            self.match.check(role, list(action_ids))
        except OrderError as exc:
            return str(exc)
        return None

    def resolve(self) -> TurnReport:
        m = self.match
        for role, policy in self.policies.items():
            if role not in m.pending:
                m.submit(role, policy.choose_ids(m.observe_batch(role)))
        report = self.talk.resolve()  # settles commitments made in messages, as in every other kind of play
        self.autosave()
        steps: list[Step] = []
        if not self.humans:
            steps.append(Step("public_report"))
        elif not self.hotseat:
            steps.append(Step("report", self.humans[0]))
        if self.exit_after_turns and len(m.reports) >= self.exit_after_turns and not m.over:
            steps.append(Step("exit"))
        elif not self.humans and m.over:
            steps.append(Step("ending"))
        self.queue = steps + self.queue
        return report

    # -- saving ---------------------------------------------------------------------------------
    def save_to(self, path: str | Path) -> None:
        # a game without talk stays a plain (format 1) save
        self.talk.players, self.talk.scenario_path = dict(self.players), self.scenario_path
        self.talk.save(path)

    def autosave(self) -> None:
        """Save after a turn; a failure is kept in ``save_error`` (the game goes on)."""
        for path in (self.autosave_path, self.save_path):
            if path:
                try:
                    self.save_to(path)
                except OSError as exc:
                    self.save_error = f"Could not save to {path}: {exc.strerror or exc}"
