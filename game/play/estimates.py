"""Why an intelligence estimate moved since the last turn, from what the role may see.

Each turn a role is given a fresh estimate of what it cannot see: the true value plus noise of a
spread the scenario sets (the same every turn). So two estimates a turn apart differ by noise
alone by up to 1.645 x sqrt(2) x that spread, nine times in ten. A move within that may mean
nothing; a larger one means the true value has probably moved too: by something the role saw
(its own orders, public moves and events, whose effects the scenario's rules say) or by
something hidden from it (another side's private orders, an event it was not told of, drift).

Built from the role's observation (its estimates now and a turn before) and its visible report
only: it says what the rules and the role's own view imply, never the truth.

>>> from game.scenario import load_rules
>>> from game.play.runner import Game
>>> from game.play.events import Seal
>>> rules = load_rules("winter-2021")
>>> game = Game.new(rules, {"us": "human"}, seed=1)
>>> _ = game.send(Seal("us", ()))
>>> moves = estimate_moves(rules, game.view("us"))
>>> all(m.before is not None and m.noise > 0 for m in moves)
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..engine.report import Entry
from ..engine.rules import Effects, Rules

NOISE_90 = 1.645 * math.sqrt(2)  # 90% of the differences of two independent estimates lie within this many sds


@dataclass(frozen=True)
class EstimateMove:
    """How one estimate moved, and why it probably did."""

    var: str
    label: str
    before: float
    after: float
    noise: float  # noise alone moves the estimate by up to this much, nine times in ten
    seen_up: tuple[str, ...]  # what the role saw this turn that raises the true value, by the rules
    seen_down: tuple[str, ...]

    @property
    def change(self) -> float:
        return self.after - self.before

    @property
    def beyond_noise(self) -> bool:
        return abs(self.change) > self.noise

    def words(self, turn_word: str = "turn") -> str:
        """The move and its likely cause in two or three sentences (tooltips, papers, the terminal).

        >>> EstimateMove("x", "Readiness", 49, 75, 18.4, (), ()).words("week")[:67]
        'Readiness: your estimate went from about 49 to about 75 (+26), more'
        """
        up = self.change > 0
        digits = 1 if round(abs(self.change)) == round(self.noise) else 0  # "-19.4, more than ±18.6", not "-19 ... ±19"
        went = (f"{self.label}: your estimate went from about {self.before:.0f} to about {self.after:.0f} "
                f"({'+' if up else '-'}{abs(self.change):.{digits}f})")
        noise = f"the ±{self.noise:.{digits}f} by which noise alone moves a fresh estimate each {turn_word}"
        raises = "raises" if up else "lowers"
        same, other = (self.seen_up, self.seen_down) if up else (self.seen_down, self.seen_up)
        if not self.beyond_noise:
            out = f"{went}, within {noise}: perhaps no change at all."
            if same:
                out += f" {_listed(same)} {raises} it, by the rules."
            return out
        out = f"{went}, more than {noise}: the true value has probably {'risen' if up else 'fallen'}."
        if same:
            out += f" What you saw that {raises} it: {_listed(same)}."
        else:
            out += (f" Nothing you saw {raises} it: a move hidden from you (another side's private order, an "
                    "event you were not told of), or a rare large swing of noise.")
        if other:
            out += f" ({_listed(other)} {'lowers' if up else 'raises'} it.)"
        return out


def _listed(items: tuple[str, ...]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def estimate_moves(rules: Rules, view) -> list[EstimateMove]:
    """Every estimate of ``view`` (a role's View) that moved since the last turn, the largest
    (against its noise) first."""
    report = view.last_report
    r = rules.role_index(view.role)
    out = []
    for v in view.obs.variables:
        if v.exact or v.value is None or v.previous is None or not v.sd:
            continue
        if abs(v.value - v.previous) < 0.5:
            continue
        up: list[str] = []
        down: list[str] = []
        if report is not None:
            index = rules.var_index[v.id]
            for entry in report.entries:
                sign, label = _pushes(rules, entry, index, r)
                if sign and label not in (up if sign > 0 else down):
                    (up if sign > 0 else down).append(label)
        out.append(EstimateMove(v.id, v.label, v.previous, v.value, NOISE_90 * v.sd, tuple(up), tuple(down)))
    return sorted(out, key=lambda m: -abs(m.change) / max(m.noise, 1e-9))


def sign_over_range(rules: Rules, expr) -> int:
    """+1 or -1 when a formula of variables has that sign (or is zero) at both ends of every variable's range
    (what the rules alone say, which every reader has), else 0."""
    names = sorted(expr.names)
    if not names or not all(n in rules.var_index for n in names):
        return 0
    signs = set()
    for end in (rules.vmin, rules.vmax):
        env = {n: float(end[rules.var_index[n]]) for n in names}
        try:
            value = float(expr.evaluate(env))
        except (TypeError, ValueError, KeyError):
            return 0
        if value:
            signs.add(1 if value > 0 else -1)
    return signs.pop() if len(signs) == 1 else 0  # one sign (or none and zero) over the whole range


def _pushes(rules: Rules, entry: Entry, var: int, reader: int) -> tuple[int, str]:
    """(+1, -1 or 0, its name): which way the rules say ``entry`` moves variable ``var``."""
    effects: Effects | None = None
    label = entry.headline
    if entry.kind in ("action", "response") and entry.role is not None:
        try:
            action = rules.action(rules.roles[entry.role], entry.id)
        except KeyError:
            return 0, ""
        effects = action.effects
        name = rules.role_names[entry.role]
        label = action.label if entry.role == reader else f"{name}{chr(39) if name.endswith('s') else chr(39) + 's'} {action.label}"
    elif entry.kind in ("event", "reaction"):
        event = next((e for e in rules.events if e.id == entry.id), None)
        effects = event.effects if event is not None else None
    elif entry.kind == "drift" and entry.id == rules.variables[var].id:
        return 0, ""  # drift's amount depends on the state; the paper's background line says it
    if effects is None:
        return 0, ""
    delta = float(effects.constant[var])
    if delta:
        return (1 if delta > 0 else -1), label or entry.id
    for target, expr in effects.formulas:
        if target == var:
            return sign_over_range(rules, expr), label or entry.id
    return 0, ""
