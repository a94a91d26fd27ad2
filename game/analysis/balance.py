"""Is this scenario a game? Thinking players, scripted strategies and history, measured and flagged.

With a thinking policy (``planner:easy`` by default) for every role, on the
same games throughout (game *i* of the seed is the same game in every run, so
differences are paired game by game):

- the endings (share, 95% Wilson interval) and each role's score spread;
- each role's gain over ``passive`` (the role passive, the others thinking);
- each role against passive others (the role thinking, the others passive):
  its endings, and how much what the others do changes its score;
- how each role's score goes with each per-game draw (``initial_spread``):
  a hidden type that matters shows as a correlation;
- each role's margin over the best simple scripted strategy: every ``fixed:ID``
  of the role, the sets of the actions the thinking role itself uses most
  (its 2, 3, ... favourites: does it do anything a script could not?), then
  pairs and triples of the best single actions, are screened on a few other
  games against cheaper thinking opponents (``greedy``); the best few are then
  played on the main games against the thinking opponents, and the thinking
  policy's margin over each is paired game by game;
- with every role ``historical``: when each ending comes (turn by turn) and
  how many come before the last turn.

Problems are flagged with stable codes (``FLAGS``); ``brink balance`` exits 1
when there is one.

>>> sorted(FLAGS)
['B101', 'B102', 'B201', 'B202', 'B203', 'B204', 'B301']
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import numpy as np

from ..ai.registry import fit_value_model
from ..engine.rules import Rules
from ..engine.state import initial_state
from ..tournament import summary
from .runs import THINKING_CHUNK, Outcomes, Run, play_runs
from .search import script_count, search_scripts
from .stats import wilson

FLAGS = {
    "B101": "an ending comes in more than 70% of games under thinking play",
    "B102": "fewer than two endings come in more than 10% of games under thinking play",
    "B201": "a role's choices do not matter: its thinking policy does not beat passive clear of noise",
    "B202": "a scripted strategy is within noise of (or better than) a role's thinking policy",
    "B203": "a role scores the same in every game under thinking play",
    "B204": "what the others do does not change a role's score: against thinking and passive others alike, within noise",
    "B301": "under historical play an ending that can come early always comes in the same turn",
}
DOMINANT, COMMON = 0.70, 0.10
SAME_SCORE_SD = 0.05  # points: below this a role's score does not vary from game to game
ONE_TURN_MIN_GAMES = 5  # an ending needs this many historical games before its turns say anything


@dataclass(frozen=True)
class Settings:
    """How the balance is measured (the defaults keep winter-2021 to a few minutes on 2 cores)."""

    thinking: str = "planner:easy"
    games: int = 200
    seed: int = 0
    screen_games: int = 24
    screen_opponents: str = "greedy"
    combine: int = 4  # the best single actions combined into pairs and triples
    favourites: int = 6  # the largest set of the thinking role's most used actions tried as a script
    confirm: int = 2  # scripts per role played on the full games against the thinking opponents
    historical_games: int = 2000


def paired(a: np.ndarray, b: np.ndarray) -> dict:
    """Mean of ``a - b`` game by game, with its normal 95% interval (``tournament.summary``) and sd.

    >>> paired(np.array([3.0, 5.0, 4.0]), np.array([1.0, 4.0, 2.0]))["mean"]
    1.667
    """
    d = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    s = summary(d)
    return {"mean": s["mean_score"], "ci95": s["ci95"], "sd": round(float(d.std(ddof=1)) if len(d) > 1 else 0.0, 3),
            "games": s["games"]}


def spread(scores: np.ndarray) -> dict:
    """Mean, sd and percentiles of a sample of scores."""
    p = np.percentile(scores, [5, 25, 50, 75, 95]) if len(scores) else np.zeros(5)
    return {"mean": round(float(scores.mean()), 3), "sd": round(float(scores.std(ddof=1)) if len(scores) > 1 else 0.0, 3),
            **{f"p{q}": round(float(v), 3) for q, v in zip((5, 25, 50, 75, 95), p)},
            "min": round(float(scores.min()), 3), "max": round(float(scores.max()), 3)}


def ending_shares(rules: Rules, outcomes: Outcomes) -> dict:
    n = len(outcomes.ending)
    counts = np.bincount(outcomes.ending, minlength=len(rules.endings))
    return {e.id: {"count": int(counts[e.index]), "share": round(counts[e.index] / max(n, 1), 4),
                   "ci95": wilson(int(counts[e.index]), n)} for e in rules.endings}


@dataclass
class Flag:
    code: str
    message: str
    role: str | None = None
    ending: str | None = None


@dataclass
class BalanceResult:
    """Everything ``brink balance`` reports; ``to_json`` is its ``--json``."""

    scenario: str
    settings: Settings
    endings: dict
    roles: dict
    historical: dict
    search: dict
    flags: list[Flag] = field(default_factory=list)
    seconds: float = 0.0

    def to_json(self) -> dict:
        return {"scenario": self.scenario, "settings": asdict(self.settings), "endings": self.endings,
                "roles": self.roles, "historical": self.historical, "search": self.search,
                "flags": [{k: v for k, v in asdict(f).items() if v is not None} for f in self.flags],
                "ok": not self.flags, "seconds": round(self.seconds, 1)}


# -- the runs -------------------------------------------------------------------------------
def _others(rules: Rules, role: str, spec: str) -> dict[str, str]:
    return {other: spec for other in rules.roles if other != role}


def total_games(rules: Rules, settings: Settings) -> int:
    """How many games with thinking players the screening and the main runs play (for a progress bar)."""
    s, R = settings, len(rules.roles)
    screened = sum(script_count(rules, role, s.combine, s.favourites) for role in rules.roles)
    return screened * s.screen_games + s.games * (1 + 2 * R + R * s.confirm)


def balance(rules: Rules, settings: Settings = Settings(), workers: int = 1,
            progress: Callable[[int], None] | None = None) -> BalanceResult:
    """Measure the scenario (see the module's docstring)."""
    began = time.perf_counter()
    s = settings
    fit_value_model(rules, [s.thinking, s.screen_opponents])
    thinking = {role: s.thinking for role in rules.roles}
    runs = [Run("thinking", thinking, s.games, THINKING_CHUNK)]
    for role in rules.roles:
        runs.append(Run(f"passive:{role}", _others(rules, role, s.thinking) | {role: "passive"}, s.games, THINKING_CHUNK))
        runs.append(Run(f"alone:{role}", _others(rules, role, "passive") | {role: s.thinking}, s.games, THINKING_CHUNK))
    played = play_runs(rules, runs, s.seed, workers=workers, progress=progress)
    main = played["thinking"]
    screen = _screen(rules, s, main, workers, progress)
    confirm = [Run(f"script:{role}:{script}", _others(rules, role, s.thinking) | {role: script}, s.games, THINKING_CHUNK)
               for role in rules.roles for script in screen[role]["confirmed"]]
    played |= play_runs(rules, confirm, s.seed, workers=workers, progress=progress)
    # Historical games cost next to nothing: played apart, and left out of the progress bar.
    played |= play_runs(rules, [Run("historical", {}, s.historical_games)], s.seed)
    draws = _draws(rules, s)
    roles = {}
    for r, role in enumerate(rules.roles):
        mine = main.scores[:, r]
        alone = played[f"alone:{role}"]
        confirmed = []
        for script in screen[role]["confirmed"]:
            theirs = played[f"script:{role}:{script}"].scores[:, r]
            confirmed.append({"policy": script, "screen_mean": screen[role]["means"][script],
                              "mean": round(float(theirs.mean()), 3), "margin": paired(mine, theirs)})
        best = min(confirmed, key=lambda c: c["margin"]["mean"], default=None)
        roles[role] = {
            "score": spread(mine),
            "gain_over_passive": paired(mine, played[f"passive:{role}"].scores[:, r]),
            "against_passive": {"endings": ending_shares(rules, alone), "score": spread(alone.scores[:, r]),
                                "others_matter": paired(mine, alone.scores[:, r])},
            "draws": {v: _correlation(draws[:, i], mine) for v, i in _drawn(rules).items()},
            "best_script": best,
            "scripts": confirmed,
            "screened": screen[role]["ranked"],
            "uses": {a.id: round(float(main.used[:, a.index].mean()), 3)
                     for a in rules.actions if a.role == r and main.used[:, a.index].any()},
        }
    result = BalanceResult(rules.id, s, ending_shares(rules, main), roles, _historical(rules, played["historical"]),
                           _search_words(rules, s, screen))
    result.flags = flags(rules, result)
    result.seconds = time.perf_counter() - began
    return result


def _screen(rules: Rules, s: Settings, main: Outcomes, workers: int, progress: Callable[[int], None] | None) -> dict:
    """Per role, the script search (``search.search_scripts``) against the cheaper opponents on a
    few other games than the main ones; the best ``confirm`` go on to the main games."""
    found = search_scripts(rules, list(rules.roles), lambda role: _others(rules, role, s.screen_opponents),
                           s.screen_games, s.seed + 1, {role: main.used for role in rules.roles},
                           combine=s.combine, largest=s.favourites, workers=workers, progress=progress)
    return {role: {"means": found[role].means, "confirmed": found[role].ranked()[:s.confirm],
                   "ranked": found[role].top(10), "candidates": len(found[role].means)} for role in rules.roles}


def _search_words(rules: Rules, s: Settings, screen: dict) -> dict:
    count = {role: screen[role]["candidates"] for role in rules.roles}
    return {"candidates": count,
            "how": (f"every single action of the role as fixed:ID and the sets of its 2 to {s.favourites} actions "
                    f"the thinking role uses most, then pairs and triples of its {s.combine} best single actions, "
                    f"screened on {s.screen_games} games (seed {s.seed + 1}) with the others playing "
                    f"{s.screen_opponents}; the {s.confirm} best per role played on the {s.games} main games "
                    f"against {s.thinking} opponents, paired with the thinking role game by game")}


def _drawn(rules: Rules) -> dict[str, int]:
    """Variables drawn anew in each game (``initial_spread`` > 0), by id."""
    return {v.id: i for i, v in enumerate(rules.variables) if rules.initial_spread[i] > 0}


def _draws(rules: Rules, s: Settings) -> np.ndarray:
    """(games, V) each main game's starting values (the same games as the runs)."""
    return initial_state(rules, s.seed, s.games).values.copy()


def _correlation(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 3 or x.std() == 0 or y.std() == 0:
        return 0.0
    return round(float(np.corrcoef(x, y)[0, 1]), 3)


def _historical(rules: Rules, outcomes: Outcomes) -> dict:
    n = len(outcomes.ending)
    last = rules.turns
    endings = {}
    for e in rules.endings:
        hit = outcomes.ending == e.index
        turns = np.bincount(outcomes.turns[hit], minlength=last + 1)
        endings[e.id] = {"count": int(hit.sum()), "share": round(hit.sum() / max(n, 1), 4),
                         "before_last_turn": int((hit & (outcomes.turns < last)).sum()),
                         "turns": {int(t): int(c) for t, c in enumerate(turns) if c},
                         "can_end_early": not (e.default or e.at_end_only)}
    early = outcomes.turns < last
    return {"games": n, "last_turn": last, "endings": endings,
            "before_last_turn": {"count": int(early.sum()), "share": round(early.sum() / max(n, 1), 4)},
            "ending_turns": {int(t): int(c) for t, c in enumerate(np.bincount(outcomes.turns, minlength=last + 1)) if c}}


# -- the flags ------------------------------------------------------------------------------
def others_do_not_matter(others_matter: dict) -> bool:
    """``B204``: a role's paired score against thinking others minus against passive others is not
    clear of noise (its 95% interval reaches 0), whichever way it leans. In a contest of resolve
    what the others do must move a role's payoff: a West that deters and one that does nothing
    cannot leave the Kremlin as well off; a flag says a role could as well play alone.

    >>> others_do_not_matter({"mean": 0.49, "ci95": [-0.86, 1.84]})
    True
    >>> others_do_not_matter({"mean": -5.37, "ci95": [-10.03, -0.71]})
    False
    """
    low, high = others_matter["ci95"]
    return low <= 0 <= high


def flags(rules: Rules, result: BalanceResult) -> list[Flag]:
    """The problems the figures show, each with its code (see FLAGS)."""
    out = []
    thinking = result.settings.thinking
    for ending, row in result.endings.items():
        if row["share"] > DOMINANT:
            out.append(Flag("B101", f"{ending} ends {row['share']:.0%} of games with {thinking} for every role "
                                    f"(above {DOMINANT:.0%})", ending=ending))
    common = [e for e, row in result.endings.items() if row["share"] > COMMON]
    if len(common) < 2:
        out.append(Flag("B102", f"only {len(common)} ending(s) above {COMMON:.0%} with {thinking} for every role"
                                + (f" ({', '.join(common)})" if common else "")))
    for role, row in result.roles.items():
        gain = row["gain_over_passive"]
        if gain["ci95"][0] <= 0:
            out.append(Flag("B201", f"{role}: {thinking} scores {gain['mean']:+.2f} [{gain['ci95'][0]:+.2f}, "
                                    f"{gain['ci95'][1]:+.2f}] over passive: its choices do not matter", role=role))
        best = row["best_script"]
        if best is not None and best["margin"]["ci95"][0] <= 0:
            m = best["margin"]
            out.append(Flag("B202", f"{role}: {thinking} scores {m['mean']:+.2f} [{m['ci95'][0]:+.2f}, {m['ci95'][1]:+.2f}] "
                                    f"over the script {best['policy']}", role=role))
        if row["score"]["sd"] < SAME_SCORE_SD:
            out.append(Flag("B203", f"{role}: scores {row['score']['mean']:.2f} in every game (sd "
                                    f"{row['score']['sd']:.3f}) with {thinking} for every role", role=role))
        if len(result.roles) > 1 and others_do_not_matter(row["against_passive"]["others_matter"]):
            m = row["against_passive"]["others_matter"]
            out.append(Flag("B204", f"{role}: scores {m['mean']:+.2f} [{m['ci95'][0]:+.2f}, {m['ci95'][1]:+.2f}] "
                                    f"against thinking others rather than passive ones: what they do does not "
                                    f"change its score", role=role))
    for ending, row in result.historical["endings"].items():
        if row["can_end_early"] and row["count"] >= ONE_TURN_MIN_GAMES and len(row["turns"]) == 1:
            turn = next(iter(row["turns"]))
            out.append(Flag("B301", f"{ending}: all {row['count']} historical games that end so end in turn {turn}",
                            ending=ending))
    return out
