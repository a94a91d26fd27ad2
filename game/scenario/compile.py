"""Compile a validated Scenario into engine Rules: indices, arrays and closures.

>>> from game.scenario import load_scenario
>>> rules = load_scenario("winter-2021").rules
>>> rules.variables[rules.var_index["tension"]].label
'Tension'
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..engine import state as st
from ..engine.rules import (
    ActionRule,
    Cite,
    DemandRule,
    DriftRule,
    Effects,
    EndingRule,
    EventRule,
    Expr,
    HistoricalRule,
    ObjectiveRule,
    Rules,
    TermRule,
    ThreatRule,
    VariableInfo,
)
from .expr import Expression, parse_expression
from .models import Amount, Decision, Scenario
from .presentation import group_of, presentation_of
from .references import enumerate_actions

ANSWER_CODES = {"accept": st.ACCEPT, "reject": st.REJECT, "counter": st.COUNTER}


def _pretty(identifier: str) -> str:
    return identifier.replace(".", " ").replace("_", " ").capitalize()


def _cite(source: str | None, quote: str | None) -> Cite:
    """The engine's citation; a scenario may name no source (a lint warning, not an error): then ''."""
    return Cite(source or "", quote)


def compile_scenario(sc: Scenario, content_hash: str = "") -> Rules:
    """Build the Rules the engine plays from a scenario that passed validation."""
    roles = list(sc.roles)
    var_ids = list(sc.variables)
    vidx = {v: i for i, v in enumerate(var_ids)}
    V, R = len(var_ids), len(roles)

    def effects(mapping: Mapping[str, Amount], spread: Mapping[str, float] | None = None) -> Effects:
        const = np.zeros(V)
        formulas: list[tuple[int, Expr]] = []
        for var, amount in mapping.items():
            parsed = parse_expression(amount)
            if parsed.constant is not None:
                const[vidx[var]] += parsed.constant
            else:
                formulas.append((vidx[var], parsed))
        noise = [(vidx[var], float(sd)) for var, sd in (spread or {}).items() if sd > 0]
        return Effects(const, formulas, noise)

    def expr(text: Amount | None) -> Expression | None:
        return None if text is None else parse_expression(text)

    visible = np.zeros((R, V), dtype=bool)
    noise = np.full((R, V), np.nan)
    variables = []
    for i, (key, var) in enumerate(sc.variables.items()):
        seers = roles if var.visible_to == "all" else var.visible_to
        for r, role in enumerate(roles):
            visible[r, i] = role in seers
            if not visible[r, i] and var.intel_noise is not None:
                sd = var.intel_noise.get(role) if isinstance(var.intel_noise, dict) else var.intel_noise
                if sd is not None:
                    noise[r, i] = float(sd)
        variables.append(VariableInfo(key, var.label, var.unit, var.description or "",
                                      [(r.at, r.name) for r in var.rungs], _cite(var.source, var.quote),
                                      [(r.at, r.text) for r in var.reveal]))

    # Threats: one per lever (declared by its threaten step), then the red lines.
    threats: list[ThreatRule] = []
    threat_of_lever: dict[str, int] = {}
    specs = enumerate_actions(sc)
    index_of: dict[tuple[str, str], int] = {}  # (action id, role) -> its index
    for i, spec in enumerate(specs):
        index_of.setdefault((spec.id, spec.role), i)

    def find(role: str, action_id: str) -> int:
        return index_of[(action_id, role)]

    for key, lever in sc.levers.items():
        threat_of_lever[key] = len(threats)
        threats.append(ThreatRule(len(threats), key, "threat", roles.index(lever.role), f"{lever.label}",
                                  False, expr(lever.trigger), [find(lever.role, key)], lever.grace,
                                  effects(lever.audience_cost), _cite(lever.source, lever.quote)))
    red_line_declarers: dict[int, list[int]] = {}
    for key, rl in sc.red_lines.items():
        t = len(threats)
        threats.append(ThreatRule(t, key, "red_line", roles.index(rl.by), rl.label, rl.declared_by is None,
                                  expr(rl.trigger), [find(rl.by, a) for a in rl.response], rl.grace,
                                  effects(rl.audience_cost), _cite(rl.source, rl.quote)))
        if rl.declared_by is not None:
            red_line_declarers.setdefault(find(rl.by, rl.declared_by), []).append(t)

    demand_ids = list(sc.demands)
    slot_demand: list[int] = []
    slot_role: list[int] = []
    demands: list[DemandRule] = []
    for d, (key, dm) in enumerate(sc.demands.items()):
        slots = []
        for role in dm.to:
            slots.append(len(slot_demand))
            slot_demand.append(d)
            slot_role.append(roles.index(role))
        demands.append(DemandRule(d, key, roles.index(dm.by), [roles.index(r) for r in dm.to], slots,
                                  dm.expires_after, dm.label or _pretty(key), dm.text or dm.description or "",
                                  _cite(dm.source, dm.quote), effects(dm.on_accepted), effects(dm.on_rejected),
                                  effects(dm.on_countered), effects(dm.on_expired)))

    bloc_ids = list(sc.consensus.blocs) if sc.consensus else []
    actions: list[ActionRule] = []
    for i, spec in enumerate(specs):
        m = spec.model
        label = m.label or (sc.levers[spec.lever].label + (" (threaten)" if spec.step == "threaten" else "")
                            if spec.lever else _pretty(spec.id))
        if spec.answer and spec.demand is not None:  # an answer always names its demand
            label = m.label or f"{spec.answer.capitalize()}: {sc.demands[spec.demand].label or _pretty(spec.demand)}"
        who = sc.roles[spec.role].name
        source = m.source or spec.parent_source
        rule = ActionRule(
            index=i, id=spec.id, role=roles.index(spec.role), kind=spec.kind, phase=spec.phase, label=label,
            description=m.description or "", cost=m.cost, max_uses=m.max_uses or 0,
            when=expr(m.when), chance=parse_expression(m.chance), public=m.public,
            headline=m.headline or f"{who}: {label}", text=m.text or "",
            cite=_cite(source, m.quote), effects=effects(m.effects, m.spread),
            excludes=[find(spec.role, x) for x in m.excludes],
            lever=spec.lever, step=spec.step,
        )
        owner = m if (m.group or not spec.lever) else sc.levers[spec.lever]  # a lever's steps share its group
        rule.group_rank, rule.group = group_of(sc, spec.kind, owner, spec.role)
        if spec.lever and spec.step == "threaten":
            rule.declares.append(threat_of_lever[spec.lever])
        rule.declares.extend(red_line_declarers.get(i, []))
        if spec.demand is not None and spec.answer is None:
            rule.demand = demand_ids.index(spec.demand)
        if spec.answer is not None and spec.demand is not None:
            d = demand_ids.index(spec.demand)
            rule.slot = demands[d].slots[sc.demands[spec.demand].to.index(spec.role)]
            rule.answer = ANSWER_CODES[spec.answer]
            # One answer per demand: the other answers of this role exclude it.
            rule.excludes += [find(spec.role, f"{spec.demand}.{a}") for a in sc.demands[spec.demand].responses
                              if a != spec.answer]
        if isinstance(m, Decision):
            blocs = sc.consensus.blocs if sc.consensus else {}
            needed = set(m.blocs) if m.blocs is not None else set(bloc_ids)
            # a bloc this decision does not need agrees for certain (its draw is made all the same,
            # so adding `blocs:` to one decision leaves every other draw of the game as it was)
            rule.agree = [parse_expression(m.agree.get(b, blocs[b].agree) if b in needed else 1.0) for b in bloc_ids]
            rule.on_fail = effects(m.on_fail)
            rule.fail_headline = m.fail_headline or ""
        actions.append(rule)

    events: list[EventRule] = []
    for section in ("events", "reactions"):
        for key, ev in getattr(sc, section).items():
            turn = ev.turn
            if ev.date is not None:
                turn = (ev.date - sc.calendar.start).days // sc.calendar.days_per_turn + 1
            events.append(EventRule(
                len(events), key, getattr(ev, "actor", None), turn, expr(ev.when), parse_expression(ev.chance),
                ev.delay, ev.once, ev.public, ev.inject, ev.headline or _pretty(key), ev.text or "",
                _cite(ev.source, ev.quote), effects(ev.effects, ev.spread), ev.date,
            ))

    drift = [DriftRule(vidx[d.var], parse_expression(d.add), d.spread, expr(d.when),
                       d.note or f"{sc.variables[d.var].label} drifts", _cite(d.source, d.quote)) for d in sc.drift]
    ending_ids = list(sc.endings)
    endings = [EndingRule(i, key, e.title, e.text, expr(e.when), e.default, e.at_end_only, _cite(e.source, e.quote))
               for i, (key, e) in enumerate(sc.endings.items())]

    objectives = []
    for role in roles:
        obj = sc.objectives.get(role)
        points = np.zeros(len(ending_ids))
        if obj is None:
            objectives.append(ObjectiveRule("", [], [], points))
            continue
        for key, value in obj.endings.items():
            points[ending_ids.index(key)] = value
        objectives.append(ObjectiveRule(
            obj.summary or "",
            [TermRule(t.label, parse_expression(t.value), t.weight) for t in obj.each_turn],
            [TermRule(t.label, parse_expression(t.value), t.weight) for t in obj.at_end],
            points,
        ))

    historical = []
    for role in roles:
        moves = []
        for mv in sc.historical.get(role, []):
            moves.append(HistoricalRule(mv.turn, [find(role, a) for a in mv.orders], expr(mv.when),
                                        [find(role, a) for a in mv.otherwise], _cite(mv.source, mv.quote), mv.note or "",
                                        mv.until or mv.turn))
        historical.append(moves)

    return Rules(
        id=sc.id, title=sc.title, summary=sc.summary, content_hash=content_hash,
        start=sc.calendar.start, days_per_turn=sc.calendar.days_per_turn, turns=sc.calendar.turns,
        roles=roles, role_names=[sc.roles[r].name for r in roles],
        budgets=np.array([sc.roles[r].budget for r in roles], dtype=np.int64),
        variables=variables, var_index=vidx,
        vmin=np.array([v.min for v in sc.variables.values()]), vmax=np.array([v.max for v in sc.variables.values()]),
        initial=np.array([v.initial for v in sc.variables.values()]),
        initial_spread=np.array([v.initial_spread for v in sc.variables.values()]),
        visible=visible, noise=noise, actions=actions, events=events, demands=demands,
        slot_demand=np.array(slot_demand, dtype=np.int64), slot_role=np.array(slot_role, dtype=np.int64),
        threats=threats, drift=drift, endings=endings, objectives=objectives, historical=historical,
        bloc_ids=bloc_ids, actors={k: a.name for k, a in sc.actors.items()},
        playable_actors={k: a.informed_by for k, a in sc.actors.items() if a.playable},
        sources={k: s.model_dump() for k, s in sc.sources.items()}, scenario=sc, presentation=presentation_of(sc),
    )
