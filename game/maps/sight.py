"""What one viewer of the map knows: a role, the public, or (after the end) the whole truth.

A ``Sight`` holds the variables as that viewer sees them (exact, an estimate with its
90% range, or unknown) and what its reports showed (``Seen``: the actions and events
with the last turn each was seen, and the ending). It keeps no report and no state,
so a map drawn from it cannot show more than its viewer knows.

>>> from game.scenario import load_rules
>>> from game.engine.match import Match
>>> rules = load_rules("winter-2021")
>>> match = Match(rules, seed=1)
>>> Sight.role(match, "us").variables["invasion_readiness"].exact
False
>>> Sight.public(match).variables["invasion_readiness"].value is None
True
>>> Sight.truth(match).variables["invasion_readiness"].value == float(match.true_state.values[0, rules.var_index["invasion_readiness"]])
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..engine.observe import VariableView, visible_report
from ..engine.report import TurnReport
from ..engine.rules import Rules
from ..engine.state import BatchState, initial_state

PUBLIC = "public"
TRUTH = "truth"
HIDDEN_KINDS = ("drift", "dropped")  # entries no role's report names (game.public)


@dataclass(frozen=True)
class Seen:
    """What a viewer's reports have shown: action and event ids with the last turn each was seen."""

    actions: dict[str, int]
    events: dict[str, int]
    ending: str | None
    turn: int  # the turn of the last report (0 before any)

    @classmethod
    def of_reports(cls, reports: Iterable[TurnReport], ending: str | None) -> Seen:
        actions: dict[str, int] = {}
        events: dict[str, int] = {}
        last = 0
        for report in reports:
            last = report.turn
            for entry in report.entries:
                if entry.kind in ("action", "response"):
                    actions[entry.id] = report.turn
                elif entry.kind in ("event", "reaction"):
                    events[entry.id] = report.turn
        return cls(actions, events, ending, last)

    @classmethod
    def of(cls, view) -> Seen:
        """From a face's view (anything with ``obs`` and ``reports``, such as ``game.play.views.View``)."""
        return cls.of_reports(view.reports, view.obs.ending)

    def last_seen(self, when) -> int | None:
        """The last turn ``when`` (a ``Binding``) was shown (0 for always; None: not shown)."""
        if when.always:
            return 0
        if self.ending is not None and self.ending in when.endings:
            return self.turn
        turns = [self.actions[a] for a in when.actions if a in self.actions]
        turns += [self.events[e] for e in when.events if e in self.events]
        if not turns:
            return None
        last = max(turns)
        if when.lasts is not None and self.turn - last >= when.lasts:
            return None
        return last


@dataclass(frozen=True)
class Sight:
    """One viewer's knowledge, as much as a map needs: ``who`` is a role id, ``public`` or ``truth``."""

    who: str
    variables: dict[str, VariableView]
    seen: Seen

    @classmethod
    def of(cls, view) -> Sight:
        """A face's view of a role (its observation and the reports it may see)."""
        return cls(view.role, {v.id: v for v in view.obs.variables}, Seen.of(view))

    @classmethod
    def role(cls, match, role: str, turns: int | None = None) -> Sight:
        """What ``role`` sees of ``match`` now (its observation, its reports up to ``turns``)."""
        reports = match.reports if turns is None else match.reports[:turns]
        obs = match.observe(role)
        mine = [visible_report(match.rules, r, role) for r in reports]
        ending = obs.ending if turns is None else _ending_of(reports)
        return cls(role, {v.id: v for v in obs.variables}, Seen.of_reports(mine, ending))

    @classmethod
    def public(cls, match, state: BatchState | None = None, turns: int | None = None) -> Sight:
        """What everyone sees: the variables every role sees exactly, the public headlines, the ending."""
        rules: Rules = match.rules
        state = match.true_state if state is None else state
        reports = match.reports if turns is None else match.reports[:turns]
        everyone = np.asarray(rules.visible.all(axis=0))
        public = [TurnReport(r.turn, r.date, [e for e in r.entries if e.public and e.kind not in HIDDEN_KINDS],
                             ending=r.ending) for r in reports]
        ending = _ending(rules, state) if turns is None else _ending_of(reports)
        return cls(PUBLIC, _exact(rules, state, everyone), Seen.of_reports(public, ending))

    @classmethod
    def truth(cls, match, state: BatchState | None = None, turns: int | None = None) -> Sight:
        """Everything, every true value and every private move: for reports made after the end."""
        rules: Rules = match.rules
        state = match.true_state if state is None else state
        reports = match.reports if turns is None else match.reports[:turns]
        every = np.ones(len(rules.variables), dtype=bool)
        ending = _ending(rules, state) if turns is None else _ending_of(reports)
        return cls(TRUTH, _exact(rules, state, every), Seen.of_reports(reports, ending))

    @classmethod
    def at_start(cls, rules: Rules, who: str) -> Sight:
        """Before any game (a briefing): what ``who`` (a role or ``public``) sees exactly at the start.

        An estimate is left unknown: it depends on the game's seed, and a second draw of it
        would tell a reader more than the game will.
        """
        state = initial_state(rules, seed=0)
        if who == PUBLIC:
            known = np.asarray(rules.visible.all(axis=0))
        else:
            known = rules.visible[rules.role_index(who)]
        return cls(who, _exact(rules, state, known), Seen.of_reports([], None))


def _exact(rules: Rules, state: BatchState, known: np.ndarray) -> dict[str, VariableView]:
    """Variables with their true value where ``known``, unknown elsewhere."""
    out = {}
    for v, info in enumerate(rules.variables):
        view = VariableView(info.id, info.label, info.unit, None, False, description=info.description)
        if known[v]:
            view.value, view.exact = float(state.values[0, v]), True
            view.rung = rules.rung(info.id, view.value)
        out[info.id] = view
    return out


def _ending_of(reports: list[TurnReport]) -> str | None:
    """The ending the last of ``reports`` announced (a map of the first turns shows no later ending)."""
    return reports[-1].ending if reports else None


def _ending(rules: Rules, state: BatchState) -> str | None:
    e = int(state.ending[0])
    return rules.endings[e].id if e >= 0 else None

