"""The flow of one game in the window, without any drawing: whose screen comes next.

A ``Flow`` drives a game runner (``game.play.runner.Game``) and hands screens only a
role's ``View``. It queues the steps of a turn (handoff, briefing, report, orders),
seals each human's orders as the runner's ``Seal`` input (the runner resolves the
turn when the last of them seals, or on ``EndTurn`` in demo mode) and turns the
runner's events into the next screens. The runner autosaves after each turn.

>>> from game.scenario import load_scenario
>>> f = Flow.new(load_scenario("winter-2021"), {"us": "human", "russia": "historical", "nato": "historical"}, seed=1)
>>> [step.kind for step in f.queue]
['briefing', 'orders']
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..ai import PolicyError
from ..engine.report import TurnReport
from ..play.events import EndTurn, Event, Resolved, Seal
from ..play.public import public_report
from ..play.runner import Game
from ..play.saves import SaveError, SaveFile, checked_scenario
from ..play.views import View
from ..scenario import LoadedScenario
from ..scenario.catalog import save_reference


@dataclass(frozen=True)
class Step:
    """One screen of the game flow: ``kind`` is handoff, briefing, report, orders, watch,
    public_report, ending or exit; ``role`` is whose screen it is (None: everyone's); ``turn``
    the turn an orders or watch step is for."""

    kind: str
    role: str | None = None
    turn: int | None = None


class Flow:
    def __init__(self, loaded: LoadedScenario, game: Game, exit_after_turns: int | None = None,
                 queue: list[Step] | None = None, briefed: set[str] | None = None,
                 reports_seen: dict[str, int] | None = None):
        self.loaded, self.game = loaded, game
        self.exit_after_turns = exit_after_turns
        self.briefed = set(briefed or ())
        self.reports_seen = dict(reports_seen or {})
        self.after_turn: list[Step] | None = None  # the steps a resolved turn brings, shown once its orders step is left
        game.subscribe(self._on_event)
        self.queue = list(queue) if queue else self.plan_turn()

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def new(cls, loaded: LoadedScenario, players: dict[str, str], seed: int, autosave_path: Path | None = None,
            save_path: str | None = None, exit_after_turns: int | None = None) -> "Flow":
        game = Game.new(loaded.rules, dict(players), seed, scenario_path=save_reference(loaded.path),
                        save_paths=[autosave_path, save_path])
        return cls(loaded, game, exit_after_turns)

    @classmethod
    def resume(cls, save: SaveFile, path: str | Path, autosave_path: Path | None = None, save_path: str | None = None,
               exit_after_turns: int | None = None, scenario: LoadedScenario | None = None) -> "Flow":
        """Rebuild a saved game (raises SaveError); the players see the last report again.
        ``scenario``: its scenario, already loaded (in the window's language)."""
        loaded = checked_scenario(save, path, scenario)
        try:
            game = Game.from_save(save, str(path), loaded, save_paths=[autosave_path, save_path])
        except PolicyError as exc:
            raise SaveError(f"{path}: {exc}") from None
        return cls(loaded, game, exit_after_turns, briefed=set(game.rules.roles))

    # -- what screens may see -------------------------------------------------------------------
    @property
    def rules(self):
        return self.game.rules

    @property
    def players(self) -> dict[str, str]:
        return self.game.players

    @property
    def humans(self) -> list[str]:
        return self.game.humans

    @property
    def hotseat(self) -> bool:
        return len(self.humans) > 1

    def view(self, role: str) -> View:
        return self.game.view(role)

    def public_report(self) -> TurnReport:
        """What every role saw of the last turn (for demo mode)."""
        return public_report(self.rules, self.game.report_for(None))

    @property
    def current(self) -> Step:
        return self.queue[0] if self.queue else Step("exit")

    @property
    def save_error(self) -> str | None:
        """The last autosave that failed, for the window to tell (None once told)."""
        return self.game.save_error

    @save_error.setter
    def save_error(self, value: str | None) -> None:
        self.game.save_error = value

    # -- the flow -------------------------------------------------------------------------------
    def plan_turn(self) -> list[Step]:
        """The steps until every human has sealed orders (or the ending, once the game is over)."""
        game = self.game
        if not self.humans:
            if game.over:
                return [Step("ending")]
            roles = self.rules.roles
            return [Step("watch", roles[(game.turn - 1) % len(roles)], game.turn)]
        steps: list[Step] = []
        for role in self.humans:
            if self.hotseat:
                steps.append(Step("handoff", role))
            if role not in self.briefed and not game.turns_played:
                steps.append(Step("briefing", role))
            if self.reports_seen.get(role, 0) < game.turns_played:
                steps.append(Step("report", role))
            if not game.over:
                steps.append(Step("orders", role, game.turn))
        if game.over:
            steps.append(Step("ending"))
        return steps

    def advance(self) -> Step:
        """Leave the current step; the turn resolves after the last human's orders (or a watched turn)."""
        step = self.queue.pop(0) if self.queue else Step("exit")
        if step.kind == "briefing":
            self.briefed.add(step.role)
        elif step.kind == "report":
            self.reports_seen[step.role] = self.game.turns_played
        elif step.kind == "orders" and step.turn == self.game.turn and step.role in self.game.waiting_for:
            self.game.send(Seal(step.role, ()))  # leaving without sealing gives no orders
        elif step.kind == "watch" and step.turn == self.game.turn and not self.game.over:
            self.game.send(EndTurn())
        if self.after_turn is not None:
            self.queue, self.after_turn = self.after_turn + self.queue, None
        if not self.queue:
            self.queue = self.plan_turn()
        return self.current

    def seal(self, role: str, action_ids: list[str]) -> None:
        """Set a human role's orders for this turn (raises GameError if they may not be given)."""
        self.game.send(Seal(role, tuple(action_ids)))

    def check(self, role: str, action_ids: list[str]) -> str | None:
        """Why these orders may not be given together, or None."""
        return self.game.check(role, action_ids)

    def _on_event(self, event: Event) -> None:
        if not isinstance(event, Resolved):
            return
        game, steps = self.game, []
        if not self.humans:
            steps.append(Step("public_report"))
        elif not self.hotseat:
            steps.append(Step("report", self.humans[0]))
        if self.exit_after_turns and game.turns_played >= self.exit_after_turns and not game.over:
            steps.append(Step("exit"))
            game.stop()
        elif not self.humans and game.over:
            steps.append(Step("ending"))
        self.after_turn = steps

    # -- saving and reloading ---------------------------------------------------------------------
    def save_to(self, path: str | Path) -> None:
        """Save the completed turns to ``path`` (raises OSError); a game without talk is a plain save."""
        self.game.write(path)

    def reload(self, lang: str | None = None) -> tuple[str, bool]:
        """F5: reload the scenario file; the game goes on under the edited rules if it still fits them.
        ``lang``: the language of the scenario's text (default: the one it is shown in); a new language
        alone rebuilds the game too, its rules being the same. Returns what to tell the player, and
        whether the game changed."""
        from ..scenario import ScenarioError, load_scenario
        from ..scenario.locales import language_name

        path = self.loaded.path
        try:
            loaded = load_scenario(path, lang=lang or self.loaded.language)
        except ScenarioError as exc:
            first = exc.problems[0] if exc.problems else "unknown problem"
            more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
            return f"Scenario not reloaded: {first}{more}", False
        same_rules = loaded.rules.content_hash == self.rules.content_hash
        if same_rules and loaded.language == self.loaded.language:
            return f"{path.name} is unchanged", False
        ok, notes = self.game.reload(loaded.rules, lenient=False)
        if not ok:
            return f"The edited scenario no longer fits this game; keeping the old rules. {notes[0]}", False
        self.loaded = loaded
        if same_rules:
            return f"The game continues in {language_name(loaded.language)}", True
        return f"Reloaded {path.name}: the game continues under the edited rules", True
