"""``planner``: Monte Carlo rollouts. The strongest AI player, with a strength dial.

For each game it shortlists candidate orders with ``greedy``'s one-turn judge,
then plays every shortlisted candidate on to the end of the game in many
imagined futures at once, one batch through the engine: hidden variables drawn
around its estimates, the other roles played by its opponent model (a mixture
weighted by Bayes, ``opponents.Mixture``), itself following ``historical``
after the first move (or the best of several continuations, ``rollout=A+B``). Every candidate meets the
same futures (common random numbers), so differences come from the orders, not
from luck. A candidate's worth blends the rollouts' gain over doing nothing
with the one-turn judge's: the rollouts see the whole game but trust the model
of the others, the judge has seen many ways of playing on. The rollouts' weight
is ``blend`` (0.3) until the others have moved, then follows how closely their
public moves so far match the model (from 0.2 to 1; a documented move with a
condition counts neither way): the planner models its opponents from what it has
observed of them.

With ``screen=N`` every single move is first played to the end ``N`` times, and the shortlist
is ranked by the same blend the final choice uses, not by the one-turn judge alone; with
``widen=M`` as well, the shortlist is the one-turn judge's (normal's) and the screen's ``M`` best
others are added to it.

With ``answers=0`` its own continuation never answers a demand in the rollouts (the answer is
the judged move's alone: a continuation that answers in week 8 in every imagined game would
have the search weigh answering now against answering later, never against not answering);
``answers=2`` plays each continuation both ways and counts the better.

Settings: ``planner:rollouts=128,candidates=8,samples=12,blend=0.3,opponents=historical+passive,halving=0,screen=0,widen=0,hold=1,answers=0,switch=0,verify=0,tail=0,track=0``
or a level, ``planner:easy`` / ``planner:normal`` / ``planner:hard`` (the game
menu's choices; ``planner`` alone is ``normal``).

>>> sorted(LEVELS)
['easy', 'hard', 'normal']
>>> all(getattr(DEFAULTS, key) == value for key, value in LEVELS["normal"].items())  # planner alone is normal
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine.observe import ObservationBatch
from ..engine.rules import Rules
from .lookahead import Lookahead, add_distinct, distinct_best, parse_params
from .opponents import DEFAULT as MIXTURE
from .policies import PolicyError

CHECKER = "greedy:samples=4,opponents=historical"  # ``verify``'s model of the others: a one-turn thinker

LEVELS: dict[str, dict[str, int]] = {
    # Easy keeps answering as its continuation would (``hold=0,answers=1``): paired over that, the
    # normal level's answering rule gave the easy US nothing (-0.03 ± 3.82, 60 games) and NATO
    # -1.89 ± 3.93 (docs/HISTORY.md, "Is it a game?"); and ``brink balance`` measures with easy.
    # Easy screens every single move by 8 rollouts of its own (``screen``): shortlisted by the
    # one-turn judge alone it never met the moves that pay in later weeks (NATO's unity
    # statement, which a split in council can cost this week: judged -0.38 on its own, so never
    # put in a set, while the rollouts put it with the reinforcements first of all, +0.96 against
    # the +0.60 of the pair it played), and NATO's easy planner stayed within noise of its best
    # script (docs/HISTORY.md, "Is it a game?").
    "easy": {"rollouts": 32, "candidates": 4, "samples": 6, "hold": 0, "answers": 1, "screen": 8},
    "normal": {"rollouts": 128, "candidates": 8, "samples": 12},
    # Normal, with every single move first played to the end 24 times before the shortlist
    # (``screen``): the one-turn judge no longer decides alone which moves the rollouts see.
    # Chosen by paired runs over the old hard level (12 candidates, 16 samples, plans kept up,
    # two rounds of successive halving), which was no stronger than normal at three times its
    # cost. 24 rollouts for each of up to 25 single moves (the US) cost about as much again as
    # the shortlist's 8 x 128: a decision stays within the 2 s budget (README, Performance).
    # ``widen``: normal's own shortlist kept whole and the screen's 4 best others added, so hard
    # chooses otherwise only where a move beats all normal would weigh, on the same futures (the US
    # hard over normal +3.06 ± 2.42 with it, +1.75 ± 2.27 without, 240 paired games; NATO +1.56 ± 2.29
    # and Russia +0.30 ± 0.86 with it, 120 games: ahead, not clear of noise; README).
    # ``track``: the hidden values imagined around a belief carried from week to week, not around
    # the week's estimate alone. Without it NATO's hard level was level with normal (+0.00 ± 0.24,
    # 3,000 games against the documented moves): it bought credibility with Kremlin readiness it
    # could not see was near the documented Kremlin's bars, and lost where the ending changed
    # (README, "The levels").
    "hard": {"rollouts": 128, "candidates": 8, "samples": 12, "screen": 24, "widen": 4, "track": 1},
}


@dataclass(frozen=True)
class PlannerSettings:
    """What ``planner:KEY=VALUE,...`` (and a persona, ``hawk:...``) may set; the defaults are the normal level."""

    rollouts: int = 128
    candidates: int = 8
    samples: int = 12
    blend: float = 0.3
    opponents: str = MIXTURE
    rollout: str = "historical"
    risk: float = 0.0
    escalation: float = 0.0
    halving: int = 0
    screen: int = 0
    widen: int = 0
    # The answer to a demand waits for its last week (but for a first counter, another addressee
    # still to answer: ``held_answers``), and the rollouts' own continuation never answers (the
    # answer is the judged move's alone): together they lifted the US planner clear of its best
    # script (docs/HISTORY.md, "Is it a game?"); freeing the first counter cleared it of greedy against
    # thinking opponents (README, Exploitability).
    hold: int = 1
    answers: int = 0
    # With ``widen``: the screen's added candidates must beat normal's own pick by ``switch``
    # standard errors of their paired lead (``clear_leads``), or hard plays what normal would.
    switch: float = 0.0
    # With ``widen``: an added candidate hard would play is first played again against normal's pick
    # on ``verify`` new futures with the others as ``checker`` (a thinking model, not the scripts the
    # rollouts assume), and kept only if it leads there too.
    verify: int = 0
    checker: str = CHECKER
    # With ``widen``: an added candidate is struck out where its worst ``tail`` share of the futures
    # (its mean there) is worse than normal's pick's in its own worst share: hard leaves normal's line
    # only for a move that does not make the bad futures worse (``guarded_tails``).
    tail: float = 0.0
    # ``track=1``: the hidden values (NATO's view of the Kremlin's readiness) imagined around a
    # belief carried from week to week through the engine (``tracking.Tracker``), not around this
    # week's estimate alone, whose noise is drawn afresh every week.
    track: int = 0


DEFAULTS = PlannerSettings()


class Planner(Lookahead):
    """Shortlist one turn ahead, then judge the shortlist by rollouts to the end."""

    def __init__(self, rules: Rules, role: str, rollouts: int = 128, candidates: int = 8, samples: int = 12,
                 blend: float = 0.3, opponents: str = MIXTURE, rollout: str = "historical", risk: float = 0.0,
                 escalation: float = 0.0, halving: int = 0, screen: int = 0, hold: int = 1, answers: int = 0,
                 widen: int = 0, switch: float = 0.0, verify: int = 0, checker: str = CHECKER,
                 tail: float = 0.0, track: int = 0, name: str = "planner"):
        if answers not in (0, 1, 2):
            raise PolicyError(f"{name}: answers must be 0 (the continuation never answers a demand), "
                              "1 (it answers as it would) or 2 (both, the better counting)")
        super().__init__(rules, role, opponents=opponents, rollout=rollout, risk=risk, escalation=escalation,
                         seed_name="planner", answers=answers, track=track)
        self.rollouts, self.candidates, self.samples = max(1, rollouts), max(2, candidates), max(1, samples)
        self.blend = min(max(blend, 0.0), 1.0)
        self.halving, self.screen, self.hold, self.widen = halving, screen, hold, widen
        if not switch >= 0:  # NaN too
            raise PolicyError(f"{name}: switch must be 0 or more (standard errors)")
        if not 0 <= tail < 1:  # NaN too
            raise PolicyError(f"{name}: tail must be from 0 (off) to below 1 (a share of the futures)")
        if (switch or verify or tail) and halving:
            raise PolicyError(f"{name}: switch, verify and tail need halving=0 "
                              "(they weigh the added candidates against normal's pick)")
        if track not in (0, 1):
            raise PolicyError(f"{name}: track must be 0 (hidden values imagined around the week's estimate) "
                              "or 1 (around a belief carried from week to week)")
        self.switch, self.tail = switch, tail
        self.verify = verify
        self.checker: Lookahead | None = None
        if verify:
            self.checker = Lookahead(rules, role, opponents=checker, rollout=rollout, risk=risk, escalation=escalation,
                                     seed_name="planner-check", answers=answers)
            self.checker.hold = hold
        self.opponents = opponents
        self.name = name

    @classmethod
    def of(cls, rules: Rules, role: str, settings: PlannerSettings, name: str) -> Planner:
        """The planner with these settings."""
        s = settings
        return cls(rules, role, rollouts=s.rollouts, candidates=s.candidates, samples=s.samples, blend=s.blend,
                   opponents=s.opponents, rollout=s.rollout, risk=s.risk, escalation=s.escalation,
                   halving=s.halving, screen=s.screen, hold=s.hold, answers=s.answers, widen=s.widen,
                   switch=s.switch, verify=s.verify, checker=s.checker, tail=s.tail, track=s.track, name=name)

    def think(self, obs: ObservationBatch) -> np.ndarray:
        # Rollouts assume the others play as modelled; the one-turn judge has seen many
        # ways of playing on. Like AlphaGo's leaf evaluation, trust a blend of the two,
        # leaning on the rollouts as far as the others have so far played as modelled.
        trust = self.trust_in_model(obs)[:, None]
        if self.screen and self.widen:
            everything, quick, ranking, plain = self.screened(obs, trust, plain=True)
            best = widened_best(everything, quick, ranking, plain, self.candidates, self.widen)
        elif self.screen:
            everything, quick, ranking, _ = self.screened(obs, trust)
            best = distinct_best(everything, ranking, self.candidates)
        else:
            everything, quick = self.one_turn_ahead(obs, self.samples)
            best = distinct_best(everything, quick, self.candidates)
        shortlist = np.take_along_axis(everything, best[:, :, None], axis=1)
        quick = np.take_along_axis(quick, best, axis=1)
        outcomes = self.rollout_outcomes(obs, shortlist, self.rollouts, 0)
        final = trust * self.best_continuation(outcomes) + (1 - trust) * quick
        widened = self.screen and self.widen  # normal's shortlist first: the added candidates can be told apart
        if widened and (self.switch or self.tail):
            values = outcomes.max(axis=1)  # (G, C, S): each future under the candidate's best continuation
            if self.switch:
                final = clear_leads(final, values, trust, self.candidates, self.switch)
            if self.tail:
                final = guarded_tails(final, values, self.candidates, self.tail)
        if self.checker is not None and widened:
            final = self.checked(obs, shortlist, final)
        for round_ in range(1, self.halving + 1):
            # Successive halving, a bandit at the root: the better half of the shortlist
            # (no orders always kept, as the yardstick) meets as many new futures again.
            keep = max(2, (shortlist.shape[1] + 1) // 2)
            if keep >= shortlist.shape[1]:
                break
            rest = np.argsort(-final[:, 1:], axis=1, kind="stable")[:, :keep - 1] + 1
            alive = np.concatenate([np.zeros((obs.size, 1), dtype=np.int64), rest], axis=1)
            shortlist = np.take_along_axis(shortlist, alive[:, :, None], axis=1)
            quick = np.take_along_axis(quick, alive, axis=1)
            outcomes = np.concatenate([np.take_along_axis(outcomes, alive[:, None, :, None], axis=2),
                                       self.rollout_outcomes(obs, shortlist, self.rollouts, round_)], axis=3)
            final = trust * self.best_continuation(outcomes) + (1 - trust) * quick
        return self.choose(obs, shortlist, final)

    def checked(self, obs: ObservationBatch, shortlist: np.ndarray, final: np.ndarray) -> np.ndarray:
        """``final`` with the added candidates struck out in every game where the one hard would play
        does not lead normal's pick when both are played on against ``checker`` (new futures)."""
        assert self.checker is not None
        keep = self.candidates
        best, pick = final.argmax(axis=1), final[:, :keep].argmax(axis=1)
        rows = np.flatnonzero(best >= keep)
        if not len(rows):
            return final
        pair = np.stack([shortlist[rows, pick[rows]], shortlist[rows, best[rows]]], axis=1)
        try:
            values = self.checker.outcomes(obs.subset(rows), pair, self.verify, horizon=None)
        finally:
            for models in self.checker.mixture.policies:  # the checking models' own memories of imagined games
                for model in models:
                    model.forget()
        lead = (values[:, 1] - values[:, 0]).mean(axis=1)
        out = final.copy()
        out[rows[lead <= 0], keep:] = -np.inf
        return out

    def screened(self, obs: ObservationBatch, trust: np.ndarray,
                 plain: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        """Candidates (G, C, A), their one-turn utilities (G, C), a ranking (G, C) that also plays
        every single move to the end, and how many of the first candidates are the normal level's.

        The one-turn judge shortlists by what a move does this week; a move that pays later
        (a deployment that deters the invasion a Kremlin weighs in February) looks poor to it
        and never reaches the rollouts, nor do the sets it would be part of. So each single
        move first gets ``screen`` rollouts of its own (new futures, not the ones the shortlist
        is judged on: the screening's luck does not flatter the final choice), and the
        combinations are made of the best singles by the same blend the final choice uses.
        With ``plain`` the normal level's candidates come first (no orders, the singles, the sets
        of the one-turn judge's best singles, with its very utilities: the same imagined games),
        so ``widened_best`` can shortlist exactly what normal would; else the count is 0.
        """
        singles = self.singles(obs)
        n = singles.shape[1]
        single_outcomes = self.outcomes(obs, singles, self.samples, horizon=1)
        quick_singles = self.utility(single_outcomes)
        # draws after every round of the final rollouts (halving included): new futures
        first_draw = (self.halving + 1) * self.rollouts
        far = self.best_continuation(np.stack([self.outcomes(obs, singles, self.screen, horizon=None, then=k,
                                                             first_draw=first_draw)
                                               for k in range(len(self.then))], axis=1))
        ranked_singles = trust * far + (1 - trust) * quick_singles
        sets = [self.combinations(obs, singles, quick_singles)] if plain else []
        sets.append(self.combinations(obs, singles, ranked_singles))
        combos = np.concatenate(sets, axis=1)
        outcomes = np.concatenate([single_outcomes, self.outcomes(obs, combos, self.samples, horizon=1)], axis=1)
        quick = self.utility(outcomes)
        lift = combination_lift(combos[:, :, self.mine], (ranked_singles - quick_singles)[:, 1:])
        ranking = np.concatenate([ranked_singles, quick[:, n:] + lift], axis=1)
        return np.concatenate([singles, combos], axis=1), quick, ranking, n + sets[0].shape[1] if plain else 0

    def rollout_outcomes(self, obs: ObservationBatch, shortlist: np.ndarray, rollouts: int, round_: int) -> np.ndarray:
        """(G, K, C, rollouts): each candidate played to the end once per imagined future, the
        role going on as each of its ``K`` continuations (the same futures for all)."""
        return np.stack([self.outcomes(obs, shortlist, rollouts, horizon=None, then=k, first_draw=round_ * rollouts)
                         for k in range(len(self.then))], axis=1)

    def best_continuation(self, outcomes: np.ndarray) -> np.ndarray:
        """(G, C): each candidate's utility under the continuation that serves it best, as gains
        over no orders played on as well as it can be (a rollout with several base policies
        is at least as good as the best of them: Bertsekas's multi-heuristic rollout)."""
        G, K, C, S = outcomes.shape
        if K == 1:
            return self.utility(outcomes[:, 0])
        rows = np.arange(G)
        base = outcomes[rows, outcomes[:, :, 0].mean(axis=2).argmax(axis=1), 0]  # (G, S)
        gains = np.stack([self.utility(np.concatenate([base[:, None], outcomes[:, k]], axis=1))[:, 1:]
                          for k in range(K)], axis=1)
        return gains.max(axis=1)

    def trust_in_model(self, obs: ObservationBatch) -> np.ndarray:
        """(G,) the weight of the rollouts: ``blend`` until the others have shown how they play,
        then from 0.2 to 1 as the opponent model foresaw their moves (``fit``: the geometric mean
        of the chance it gave what they did and did not do; a coin toss, 0.5, counts as
        knowing nothing, and certainty as knowing all)."""
        fit = self.beliefs.fit if self.beliefs is not None and len(self.beliefs.fit) == obs.size else self.mixture.fit(obs)
        known = np.clip(2 * fit - 1, 0, 1)
        return np.where(np.isnan(fit), self.blend, 0.2 + 0.8 * known)


def combination_lift(members: np.ndarray, lift: np.ndarray) -> np.ndarray:
    """(G, C): what the rollouts add to each combination's one-turn utility: the largest lift of
    its parts (``members`` (G, C, n) which singles it holds, ``lift`` (G, n) each single's
    rollout ranking minus its one-turn utility); 0 for an empty one. The largest, not the sum:
    the parts' rollouts overlap (each played the rest of the game the same way after it), so
    adding them would count the same later weeks twice.

    >>> combination_lift(np.array([[[True, True, False], [False, False, False]]]), np.array([[2.0, -1.0, 5.0]]))
    array([[2., 0.]])
    """
    best = np.where(members, lift[:, None, :], -np.inf).max(axis=2, initial=-np.inf)
    return np.where(np.isfinite(best), best, 0.0)


def clear_leads(final: np.ndarray, values: np.ndarray, trust: np.ndarray, keep: int, z: float) -> np.ndarray:
    """``final`` (G, C) with each candidate after the first ``keep`` (normal's shortlist) lowered by
    ``z`` standard errors of its lead over normal's pick, the best of those ``keep``: paired, rollout
    by rollout (``values`` (G, C, S), the same futures for every candidate), weighted by ``trust`` (G, 1).

    Among twelve candidates the best-looking is more often merely the luckiest than among normal's
    eight, and the rollouts' model of the others flatters some moves it never saw played: so hard
    leaves normal's line only on a clear lead.

    >>> values = np.array([[[0.0, 0.0], [1.0, 1.2], [2.0, 0.2], [1.3, 1.3]]])  # none, normal's pick, two added
    >>> clear_leads(np.array([[0.0, 1.1, 1.1, 1.3]]), values, np.ones((1, 1)), 2, 2.0).round(2).tolist()
    [[0.0, 1.1, -0.9, 1.1]]
    """
    G, _, S = values.shape
    if S < 2:
        return final
    rows = np.arange(G)
    pick = final[:, :keep].argmax(axis=1)
    lead = values[:, keep:, :] - values[rows, pick][:, None, :]  # (G, C - keep, S)
    error = trust * lead.std(axis=2, ddof=1) / np.sqrt(S)
    out = final.copy()
    out[:, keep:] -= z * error
    return out


def guarded_tails(final: np.ndarray, values: np.ndarray, keep: int, share: float) -> np.ndarray:
    """``final`` (G, C) with each candidate after the first ``keep`` (normal's shortlist) struck out
    (-inf) where the mean of its worst ``share`` of the futures is below the same for normal's pick
    (the best of those ``keep``); ``values`` (G, C, S) are the candidates' outcomes on the futures.

    NATO's hard level led normal's in the games whose ending stayed and lost it in those where a
    settlement became an invasion (README, "The levels"): a move that looks better on average but
    makes the worst futures worse is the one to leave alone.

    >>> values = np.array([[[0.0] * 4, [5, 5, 5, 5], [9, 9, 9, 1], [6, 6, 6, 5]]])  # none, pick, two added
    >>> guarded_tails(np.array([[0.0, 5.0, 7.0, 5.75]]), values, 2, 0.25).tolist()
    [[0.0, 5.0, -inf, 5.75]]
    """
    G, C, S = values.shape
    worst = max(1, int(np.ceil(share * S)))
    tails = np.sort(values, axis=2)[:, :, :worst].mean(axis=2)  # (G, C)
    pick = final[:, :keep].argmax(axis=1)
    below = tails[:, keep:] < tails[np.arange(G), pick][:, None]
    out = final.copy()
    out[:, keep:][below] = -np.inf
    return out


def widened_best(candidates: np.ndarray, quick: np.ndarray, ranking: np.ndarray, plain: int, keep: int,
                 widen: int) -> np.ndarray:
    """(G, keep + widen): the normal level's shortlist (the ``keep`` best different ones of the first
    ``plain`` candidates by their one-turn utility ``quick``), then the ``widen`` best others by
    ``ranking`` (different from those and from each other). Games with fewer repeat their last one.

    Normal's shortlist is kept whole, so the final rollouts (the same futures for every candidate)
    can choose something else only where it beats everything normal would have weighed.

    >>> orders = np.array([[[0, 0], [1, 0], [0, 1], [1, 1]]], dtype=bool)  # none, a, b, a and b
    >>> widened_best(orders, np.array([[0.0, 2.0, 1.0, 0.5]]), np.array([[0.0, 1.0, 3.0, 4.0]]), 3, 2, 1).tolist()
    [[0, 1, 3]]
    """
    G = candidates.shape[0]
    first = distinct_best(candidates[:, :plain], quick[:, :plain], keep)
    out = np.zeros((G, keep + widen), dtype=np.int64)
    ranked = np.argsort(-ranking, axis=1, kind="stable")
    for g in range(G):
        chosen = list(dict.fromkeys(int(c) for c in first[g]))
        chosen = add_distinct(candidates[g], chosen, ranked[g], len(chosen) + widen)
        out[g] = chosen + [chosen[-1]] * (keep + widen - len(chosen))
    return out


def make_planner(spec: str, rules: Rules, role: str) -> Planner:
    return Planner.of(rules, role, parse_params(spec, DEFAULTS, LEVELS), name=spec)
