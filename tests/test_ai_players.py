"""AI players see only their role's observation, give legal orders, and are ranked by strength."""

from __future__ import annotations

import numpy as np
import pytest

from game.ai import PolicyError, make_policy
from game.engine import Match
from game.engine.observe import observe_batch
from game.tournament import tournament

from batches import behind_the_view, mid_game

THINKING = ["greedy", "planner:easy", "planner:rollouts=16,candidates=3", "hawk", "dove"]
ALL = ["passive", "random", "historical"] + THINKING


def reachable_arrays(obj, seen=None) -> list:
    """Every number and array reachable from a policy's observation (not the rules, which are public)."""
    import dataclasses

    from game.engine.rules import Rules

    seen = set() if seen is None else seen
    if id(obj) in seen or isinstance(obj, Rules):
        return []
    seen.add(id(obj))
    if isinstance(obj, np.ndarray):
        return [obj.base if obj.base is not None else obj, obj]
    if isinstance(obj, (int, float, np.number)):
        return [obj]
    if isinstance(obj, dict):
        return [x for v in obj.values() for x in reachable_arrays(v, seen)]
    if isinstance(obj, (list, tuple)):
        return [x for v in obj for x in reachable_arrays(v, seen)]
    if dataclasses.is_dataclass(obj) or hasattr(obj, "__dict__"):
        return [x for v in vars(obj).values() for x in reachable_arrays(v, seen)]
    return []


def same(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.array_equal(np.asarray(a), np.asarray(b), equal_nan=np.asarray(a).dtype.kind == "f")
    return a == b


PRIVATE = {"winter-2021": ["us", "nato"], "vilnius-2023": ["us", "russia"]}


@pytest.mark.parametrize("scenario, role", [(s, r) for s, roles in PRIVATE.items() for r in roles])
def test_a_view_holds_nothing_of_the_hidden_state(scenario, role):
    """Everything reachable from a policy's observation (arrays, the bases of views, numbers) is the
    same whatever the role may not know; the true state itself differs, so a leak would show. What
    it shares with the game (bookkeeping the role knows in full) it sees through read-only views."""
    from game.scenario import load_rules

    rules = load_rules(scenario)
    state = mid_game(rules)
    other = behind_the_view(rules, state, role)
    assert not np.array_equal(state.values, other.values) and not np.array_equal(state.answers, other.answers)
    if scenario == "vilnius-2023":  # it has a private (Russian) action and a private event: their traces differ too
        assert not np.array_equal(state.fired, other.fired)
        assert np.array_equal(state.uses, other.uses) == (role == "russia")
    seen, seen_other = observe_batch(rules, state, role), observe_batch(rules, other, role)
    mine, theirs = reachable_arrays(seen), reachable_arrays(seen_other)
    assert len(mine) == len(theirs) and all(same(a, b) for a, b in zip(mine, theirs))
    # what it shares with the game it cannot write to; the hidden values and answers it does not share
    truth = [getattr(state, f) for f in vars(state) if isinstance(getattr(state, f), np.ndarray)]
    for x in (x for x in mine if isinstance(x, np.ndarray) and x.base is not None):
        assert not any(np.shares_memory(x, t) for t in truth) or not x.flags.writeable
    for private in (state.values, state.estimates, state.answers):
        assert not any(np.shares_memory(x, private) for x in mine if isinstance(x, np.ndarray))
    assert seen.seed != state.seed  # its own seed cannot recompute the game's draws
    sub, sub_other = seen.subset(np.array([0, 2])), seen_other.subset(np.array([0, 2]))
    assert all(same(a, b) for a, b in zip(reachable_arrays(sub), reachable_arrays(sub_other)))


@pytest.mark.parametrize("spec", ["random", "historical", *THINKING])
@pytest.mark.parametrize("role", ["us", "nato"])
def test_orders_do_not_change_when_hidden_variables_change_behind_the_same_view(rules, spec, role):
    state = mid_game(rules)
    other = behind_the_view(rules, state, role)
    assert not np.array_equal(state.values, other.values) and not np.array_equal(state.answers, other.answers)
    seen, seen_other = observe_batch(rules, state, role), observe_batch(rules, other, role)
    assert np.array_equal(seen.values, seen_other.values, equal_nan=True)
    assert np.array_equal(seen.legal, seen_other.legal)
    policy = make_policy(spec, rules, role)
    assert np.array_equal(policy.decide(seen), policy.decide(seen_other))


def test_the_planner_does_notice_what_it_can_see(rules):
    """The invariance above is not trivial: the same planner reacts to its visible variables."""
    state = mid_game(rules, games=8)
    changed = state.copy()
    v = rules.var_index["russia_troops_border"]
    changed.values = changed.values.copy()
    changed.values[:, v] = rules.vmin[v]
    changed.estimates = changed.estimates.copy()
    changed.estimates[:, rules.role_index("russia"), v] = rules.vmin[v]
    planner = make_policy("planner:easy", rules, "russia")
    before = planner.decide(observe_batch(rules, state, "russia"))
    after = planner.decide(observe_batch(rules, changed, "russia"))
    assert not np.array_equal(before, after)


@pytest.mark.parametrize("spec", ALL)
def test_every_policy_gives_orders_a_match_accepts(rules, spec):
    for role in rules.roles:
        policy = make_policy(spec, rules, role)
        match = Match(rules, seed=2)
        for _ in range(3):
            if match.over:
                break
            ids = policy.choose_ids(match.observe_batch(role))
            match.check(role, ids)  # raises OrderError when illegal or over budget
            match.play_turn({role: ids})


def test_a_thinking_policy_decides_each_game_alone(rules):
    """A game's orders do not depend on which other games share its batch."""
    state = mid_game(rules, games=5)
    planner = make_policy("planner:easy", rules, "us")
    together = planner.decide(observe_batch(rules, state, "us"))
    for g in range(5):
        alone = planner.decide(observe_batch(rules, state.take(np.array([g])), "us"))
        assert np.array_equal(alone[0], together[g])


@pytest.mark.parametrize("spec, message", [
    ("planner:rollouts=abc", "rollouts expects a int"),
    ("planner:bogus=1", "unknown setting 'bogus'"),
    ("planner:extreme", "unknown setting 'extreme'"),
    ("greedy:samples=0", "between 1 and 100000"),
    ("hawk:risk=x", "risk expects a float"),
])
def test_bad_policy_settings_are_explained(rules, spec, message):
    with pytest.raises(PolicyError, match=message):
        make_policy(spec, rules, "us")


def test_levels_set_the_planner_strength(rules):
    easy, normal, hard = (make_policy(f"planner:{level}", rules, "us") for level in ("easy", "normal", "hard"))
    assert easy.rollouts < normal.rollouts <= hard.rollouts
    assert easy.candidates < normal.candidates <= hard.candidates and easy.samples < normal.samples <= hard.samples
    # easy screens every move a little (8 rollouts each), hard a lot (24); normal's 8 x 128
    # rollouts of its shortlist are still several times as many rollouts as easy's 4 x 32 and its screen
    assert normal.screen == 0 < easy.screen < hard.screen
    assert easy.screen * len(easy.mine) + easy.rollouts * easy.candidates < normal.rollouts * normal.candidates


def test_personas_differ_from_the_role_objectives(rules):
    hawk, dove = make_policy("hawk", rules, "russia"), make_policy("dove", rules, "russia")
    assert hawk.risk > 0 > dove.risk and hawk.escalation > 0 > dove.escalation
    assert make_policy("hawk:risk=2", rules, "russia").risk == 2.0


@pytest.fixture(scope="module")
def small_tournament(rules):
    """A small, seeded tournament against historical opponents (played once for the module, on two
    worker processes: each match plays the same games, game.tournament.play_match, in either).
    6 games keep every order below clear at half the cost of 12 (seed 1, main at f34a995;
    12 games in brackets): US planner 33.9 (40.0) over passive 12.2 (12.1) and random 5.1 (2.7),
    greedy 26.2 (31.1); Russia planner 44.6 (48.1) over random 28.3 (28.7), greedy 35.3 (37.8) over
    passive 25.9 (26.1); NATO planner 53.9 (52.6) over random 41.5 (45.2), greedy 58.8 (63.6) over
    passive 28.9 (30.3); the planner above greedy's ci95 low end everywhere (13.9, 31.7, 38.6)."""
    return tournament(rules, 6, seed=1, policies=("planner", "greedy", "random", "passive"), opponents=("historical",),
                      workers=2)


@pytest.mark.parametrize("role", ["us", "russia", "nato"])
def test_strength_order_against_historical_opponents(small_tournament, role):
    """The planner beats random and passive, greedy beats passive, on the same 6 games.

    Planner against greedy is only checked for 'not worse beyond noise': on the current
    winter-2021 both reach the same ceiling for Russia, and for the US they are within
    each other's intervals (see README, AI players).
    """
    cells = small_tournament.to_json()["roles"][role]
    mean = {policy: cell["mean_score"] for policy, cell in cells.items()}
    assert mean["planner"] > max(mean["random"], mean["passive"]), mean
    assert mean["greedy"] > mean["passive"], mean
    if role != "russia":
        # Russia's gains come at the end (what an invasion holds back, what the talks
        # give), which greedy's one-turn judge sees poorly: random play, which
        # sometimes invades, does as well (README, AI players).
        assert mean["greedy"] > mean["random"], mean
    assert mean["planner"] >= cells["greedy"]["ci95"][0], mean


def test_tournament_json_has_exactly_the_promised_shape(rules):
    data = tournament(rules, 6, policies=("random", "passive"), opponents=("historical", "passive")).to_json()
    assert set(data) == {"scenario", "games", "roles"}
    assert set(data["roles"]) == set(rules.roles)
    for policies in data["roles"].values():
        for cell in policies.values():
            assert set(cell) == {"mean_score", "ci95", "games"}
            assert cell["games"] == 12 and cell["ci95"][0] <= cell["mean_score"] <= cell["ci95"][1]


def test_the_planner_trusts_its_rollouts_as_far_as_the_others_play_as_modelled(rules):
    """Sure of ``historical``, the planner trusts its rollouts fully against historical play
    and much less against random play; before the others have moved, it trusts them ``blend``."""
    trust = {}
    for others in ("historical", "random"):
        planner = make_policy("planner:easy,opponents=historical", rules, "us")
        models = {role: make_policy(others, rules, role) for role in rules.roles if role != "us"}
        for seed in range(4, 40):  # the first seed whose game lasts five weeks
            match = Match(rules, seed=seed)
            for _ in range(4):
                if not match.over:
                    orders = {role: p.choose_ids(match.observe_batch(role)) for role, p in models.items()}
                    match.play_turn(orders | {"us": planner.choose_ids(match.observe_batch("us"))})
            if not match.over:
                break
        planner.decide(match.observe_batch("us"))  # reads the fourth week's moves
        trust[others] = float(planner.trust_in_model(match.observe_batch("us"))[0])
    fresh = make_policy("planner", rules, "us")
    assert fresh.trust_in_model(Match(rules, seed=4).observe_batch("us"))[0] == 0.3
    assert trust["historical"] > 0.9 and trust["random"] < 0.7, trust
