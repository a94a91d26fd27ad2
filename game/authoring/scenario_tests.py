"""Running the test cases a scenario carries in its ``tests:`` section.

Two kinds, one runner (see ``ScenarioTest`` in the format): a DATC-style case
plays the listed turns from the given values and checks the state after them;
a statistical case then plays every game to its end with AI policies and checks
how often each ending happened. Games run as one batch through the same engine
as play and simulation.

>>> from game.scenario import load_scenario
>>> results = run_scenario_tests(load_scenario("tutorial"))
>>> all(r.passed for r in results)
True
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from ..ai.policies import PolicyError
from ..engine.env import Env, evaluate
from ..engine.rules import Rules
from ..engine.state import BatchState, initial_state, refresh_estimates
from ..engine.step import legal_mask, step
from ..scenario import LoadedScenario
from ..scenario.errors import Problem, ScenarioError
from ..scenario.expr import parse_expression
from ..scenario.models import Expect, ScenarioTest
from ..scenario.validate import validate_document
from ..scenario.yamlsafe import Document, load_yaml_file
from ..simulation import play_batch, policies_for

EPS = 1e-9


@dataclass
class TestResult:
    """The outcome of one scenario test: what failed, and where the test is written."""

    index: int
    name: str
    failures: list[str] = field(default_factory=list)
    line: int = 1
    column: int = 1
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return not self.failures

    def problems(self, path: str) -> list[Problem]:
        """Each failure as a located problem (``PATH:LINE:COL: error: test 'NAME': ...``)."""
        return [Problem(path, self.line, self.column, f"test '{self.name}': {f}", code="T001") for f in self.failures]


def run_scenario_tests(loaded: LoadedScenario, name_filter: str | None = None) -> list[TestResult]:
    """Run the scenario's tests (those whose name contains ``name_filter``, when given)."""
    results = []
    for i, test in enumerate(loaded.model.tests):
        if name_filter and name_filter.lower() not in test.name.lower():
            continue
        result = run_test(loaded.rules, test, i)
        if loaded.document is not None:
            result.line, result.column = loaded.document.position(("tests", i))
        results.append(result)
    return results


def with_tests_from(loaded: LoadedScenario, tests_path: str | Path) -> LoadedScenario:
    """The scenario with its ``tests`` replaced by those of another file (a mapping with a ``tests:`` list).

    Test sets can live apart from the scenario (an instructor's checks, a proposal
    for a scenario someone else is editing). Problems in them are reported at
    their own file's lines; raises ScenarioError.
    """
    extra = load_yaml_file(tests_path)
    if not isinstance(extra.data, dict) or set(extra.data) != {"tests"}:
        raise ScenarioError([extra.problem((), "a tests file must be a mapping with one key, 'tests:', holding a list of test cases", code="E203")])
    assert loaded.document is not None
    data = dict(loaded.document.data)
    data["tests"] = extra.data["tests"]
    merged = Document(str(tests_path), data, {**loaded.document.positions, **extra.positions},
                      {**loaded.document.key_positions, **extra.key_positions}, loaded.document.quoted | extra.quoted, extra.text,
                      extra.spans)  # the text is the tests file's: only its own characters can be placed exactly
    model = validate_document(merged)
    return replace(loaded, model=model, document=merged)


def run_test(rules: Rules, test: ScenarioTest, index: int = 0) -> TestResult:
    """Play one test case and compare the outcome with its ``expect``."""
    start = time.perf_counter()
    result = TestResult(index, test.name)
    try:
        state = play_test(rules, test)
    except PolicyError as exc:
        result.failures.append(str(exc))
    else:
        result.failures = check_expectations(rules, state, test.expect)
    result.seconds = time.perf_counter() - start
    return result


def play_test(rules: Rules, test: ScenarioTest) -> BatchState:
    """The batch of games a test describes, played: given values, listed turns, then policies."""
    state = initial_state(rules, test.seed, test.games)
    if test.values:
        for var, value in test.values.items():
            state.values[:, rules.var_index[var]] = value
        refresh_estimates(rules, state)
    for orders in test.turns:
        if not state.active.any():
            break
        state, _ = step(rules, state, orders_array(rules, orders, state.size))
    if test.policies is not None:
        state = play_batch(rules, policies_for(rules, test.policies), state)
    return state


def orders_array(rules: Rules, orders: dict[str, list[str]], games: int) -> np.ndarray:
    """Orders by role and action id as the (games, actions) array the engine takes."""
    out = np.zeros((games, len(rules.actions)), dtype=bool)
    for role, ids in orders.items():
        for action_id in ids:
            out[:, rules.action(role, action_id).index] = True
    return out


def _span(values: np.ndarray) -> str:
    low, high = float(values.min()), float(values.max())
    return f"{low:g}" if abs(high - low) < EPS else f"{low:g} to {high:g} across games"


def check_expectations(rules: Rules, state: BatchState, x: Expect) -> list[str]:
    """Every expectation that does not hold, as a readable line (empty when all hold)."""
    failures = []
    G = state.size
    for var, (low, high) in x.values.items():
        column = state.values[:, rules.var_index[var]]
        if ((column < low - EPS) | (column > high + EPS)).any():
            failures.append(f"{var} is {_span(column)}; expected between {low:g} and {high:g}")
    for var, (low, high) in x.mean.items():
        mean = float(state.values[:, rules.var_index[var]].mean())
        if not low - EPS <= mean <= high + EPS:
            failures.append(f"mean {var} is {mean:.4g}; expected between {low:g} and {high:g}")
    for ev in x.fired:
        count = int((state.fired[:, rules.event_index[ev]] > 0).sum())
        if count < G:
            failures.append(f"event '{ev}' fired in {count} of {G} games; expected in every game")
    for ev in x.not_fired:
        count = int((state.fired[:, rules.event_index[ev]] > 0).sum())
        if count:
            failures.append(f"event '{ev}' fired in {count} of {G} games; expected in none")
    if x.legal or x.illegal:
        legal = legal_mask(rules, state)
        for want, table in ((True, x.legal), (False, x.illegal)):
            for role, ids in table.items():
                for action_id in ids:
                    column = legal[:, rules.action(role, action_id).index]
                    wrong = int((column != want).sum())
                    if wrong:
                        word = "not legal" if want else "legal"
                        failures.append(f"{role}'s '{action_id}' is {word} next turn in {wrong} of {G} games")
    env = Env(rules, state)
    for text in x.check:
        holds = evaluate(parse_expression(text), env, G) != 0
        if not holds.all():
            failures.append(f"'{text}' does not hold in {int((~holds).sum())} of {G} games")
    counts = np.bincount(state.ending[state.ending >= 0], minlength=len(rules.endings))
    if x.over is not None:
        ended = int((state.ending >= 0).sum())
        if x.over and ended < G:
            failures.append(f"{G - ended} of {G} games have not ended")
        if not x.over and ended:
            failures.append(f"{ended} of {G} games have ended")
    if x.ending is not None:
        hits = int(counts[rules.ending_index[x.ending]])
        if hits < G:
            failures.append(f"ending '{x.ending}' in {hits} of {G} games; expected in every game ({_tally(rules, counts)})")
    for ending, (low, high) in x.endings.items():
        share = 100.0 * counts[rules.ending_index[ending]] / G
        if not low - EPS <= share <= high + EPS:
            failures.append(f"ending '{ending}' in {share:.1f}% of {G} games; expected {low:g}-{high:g}% ({_tally(rules, counts)})")
    if x.most_likely is not None:
        mine = counts[rules.ending_index[x.most_likely]]
        others = np.delete(counts, rules.ending_index[x.most_likely])
        if others.size and mine <= others.max():
            failures.append(f"ending '{x.most_likely}' is not the most likely ({_tally(rules, counts)})")
    return failures


def _tally(rules: Rules, counts: np.ndarray) -> str:
    shown = [f"{e.id} {int(counts[e.index])}" for e in rules.endings if counts[e.index]]
    return ", ".join(shown) or "no game ended"
