"""The scenario ``brink new`` writes: small, valid, playable, with a comment on each section.

The text is built from the role ids so the example demand, lever and orders
fit any set of roles, and its map from a region of the world map (see
``authoring.mapstart``). The result passes ``brink validate`` without warnings,
and its own ``brink test`` cases pass.

>>> text = scenario_template("my-crisis", [("us", "US"), ("ussr", "USSR")])
>>> "id: my-crisis" in text and "demand_concession" in text and "name: USSR" in text
True
"""

from __future__ import annotations

import datetime as dt
import re

from .mapstart import map_section


def role_name(written: str) -> str:
    """A role's name as the author wrote it; a bare lower-case id reads as a name ('blue' -> 'Blue', 'us' -> 'US').

    >>> role_name("USSR"), role_name("Soviet Union"), role_name("us"), role_name("red_team")
    ('USSR', 'Soviet Union', 'US', 'Red Team')
    >>> role_name("ussr"), role_name("prc"), role_name("dprk"), role_name("cuba"), role_name("red")
    ('USSR', 'PRC', 'DPRK', 'Cuba', 'Red')
    """
    if written != written.lower():
        return written
    if written.isalpha() and (len(written) <= 2 or (len(written) <= 4 and not set(written[1:]) & set("aeiouy"))):
        # us, eu, uk; ussr, prc, dprk: no vowel after the first letter, so no word: an acronym
        # (write NATO or ROC as you want them read)
        return written.upper()
    return written.replace("_", " ").title()


def role_id(written: str) -> str:
    """The id of a role written as a name: 'United States' -> 'united_states', 'USSR' -> 'ussr'."""
    return re.sub(r"[^a-z0-9]+", "_", written.strip().lower()).strip("_")


def scenario_template(scenario_id: str, roles: list, schema_ref: str | None = None, start: dt.date | None = None,
                      bounds: tuple[float, float, float, float] | None = None) -> str:
    """The YAML text of a new scenario called ``scenario_id``.

    ``roles`` are ids, or (id, name) pairs; ``bounds`` (lon_min, lat_min, lon_max, lat_max) is the
    map's region (left out: the whole world).
    """
    start = start or dt.date.today()
    names = dict((r, role_name(r)) if isinstance(r, str) else r for r in roles)
    roles = list(names)
    first, others = roles[0], roles[1:]

    def name_of(role: str) -> str:
        return names[role]
    out: list[str] = []
    add = out.append
    if schema_ref:
        add(f"# yaml-language-server: $schema={schema_ref}")
    add(f"""# {scenario_id}: a new Brinkmanship scenario, written by `brink new`.
#
# Every section below has a comment saying what it is for. Change the content,
# then check your work as you go:
#   brink validate {scenario_id}.yaml          errors and warnings, with line and column
#   brink validate --deep {scenario_id}.yaml   plays thousands of games: what never happens?
#   brink test {scenario_id}.yaml              runs the tests at the end of this file
#   brink play {scenario_id}.yaml --text --watch   play; saving this file reloads the game
# The authoring guide is scenarios/README.md. The first line gives your editor
# completion and help for every key; `brink lsp` adds the ids, and every error
# and warning as you type (README, Editor support).
format: 1
id: {scenario_id}
title: "{scenario_id.replace('-', ' ').replace('_', ' ').title()}"
summary: >-
  One paragraph on what the crisis is about: shown in menus and briefings.

# When the game starts, how long a turn is (7 days = weekly) and how many turns.
calendar:
  start: {start.isoformat()}
  days_per_turn: 7
  turns: 4

# The player roles. Each may be played by a person or an AI; `budget` is the
# action points a role may spend each turn.
roles:""")
    for role in roles:
        add(f"  {role}:\n    name: {_quoted(name_of(role))}\n    budget: 2")
    add("""
# The documents the scenario is modelled on. Every item below names one with
# `source:` (and may quote it with `quote:`); an item without a source gets
# warning W501.
sources:
  my-source:
    title: "The document this scenario is modelled on (replace me)"
    date: "2022-01-01"

# The numbers the game tracks. Expressions use these ids. `visible_to` says who
# sees the true value; others see an estimate with `intel_noise`, or nothing.
variables:
  tension:
    label: Tension
    unit: points
    min: 0
    max: 100
    initial: 40
    description: How close the crisis is to open conflict.
    rungs:
      - {at: 0, name: Calm}
      - {at: 50, name: Crisis}
      - {at: 80, name: The brink}
    source: my-source
  talks_progress:
    label: Progress of talks
    unit: points
    initial: 10
    visible_to: all
    description: How far the diplomatic off-ramp has come.
    source: my-source
""")
    step = -(-20 // len(roles))  # talking every turn reaches a settlement, whatever the number of roles
    add(f"""# Templates: pieces that items reuse. An item that writes `extends: talks`
# starts from the template and writes only what differs; mappings such as
# `effects` merge key by key ('Templates and includes' in the guide).
templates:
  talks:
    label: Open talks
    description: Send diplomats to the table. Moves the talks forward and calms things down.
    max_uses: null
    effects: {{talks_progress: {step}, tension: -3}}
    source: my-source
  goals:
    summary: Avoid war; a settlement is best.
    each_turn:
      - {{label: Calm, value: "(100 - tension) / 100", weight: 1}}

# Diplomatic moves: each role can talk. Effects add to variables; a number or
# an expression such as "5 if tension > 50 else 2".
diplomacy:""")
    for role in roles:
        add(f"""  talks_{role}:
    extends: talks
    role: {role}
    headline: {name_of(role)} opens talks""")
    add(f"""
# Military moves. `when` makes an action legal only when its condition holds;
# `max_uses` limits how often it may be taken in a game.
deployments:
  mobilize:
    role: {first}
    label: Mobilize forces
    description: Raise the pressure. Tension rises sharply.
    max_uses: 3
    effects: {{tension: 15}}
    spread: {{tension: 2}}
    headline: {name_of(first)} mobilizes
    source: my-source""")
    if others:
        second = others[0]
        addressees = ", ".join(others)
        add(f"""
# A sanctions lever: first threatened, then imposed. When `trigger` holds, the
# threat comes due; not imposing it within `grace` turns costs `audience_cost`.
levers:
  sanctions:
    role: {second}
    label: Economic sanctions
    source: my-source
    trigger: "tension >= 70"
    grace: 1
    audience_cost: {{tension: 5}}
    threaten:
      cost: 1
      description: Warn of sanctions if the crisis escalates.
      effects: {{tension: 2}}
      headline: {name_of(second)} threatens sanctions
    impose:
      cost: 1
      description: Impose the sanctions.
      effects: {{tension: 5, talks_progress: -5}}
      headline: {name_of(second)} imposes sanctions

# A demand one role makes of others. Each addressee answers with one of the
# responses (its action id is demand_concession.accept and so on); the on_*
# effects apply once all have answered, or when it expires unanswered.
demands:
  demand_concession:
    by: {first}
    to: [{addressees}]
    label: Make a concession
    description: Demand a concession, in writing.
    expires_after: 2
    effects: {{tension: 5}}
    source: my-source
    responses:
      accept:
        description: Give in to the demand.
        effects: {{tension: -10}}
      reject:
        description: Refuse, flatly.
        effects: {{tension: 5}}
      counter:
        description: Refuse, and offer talks instead.
        effects: {{talks_progress: 10}}
    on_accepted: {{tension: -10}}
    on_expired: {{tension: 5}}""")
    add("""
# Events happen by themselves: on a turn or date, when a condition holds, with a
# chance. `inject: true` lists a scheduled event ahead of time.
events:
  summit_announced:
    turn: 2
    inject: true
    headline: A summit is announced
    effects: {talks_progress: 5}
    source: my-source

# Drift: how variables move each turn on their own.
drift:
  - var: tension
    add: -1
    note: Tension eases a little when nothing happens
    source: my-source

# Endings, checked after every turn in this order; the `default` one applies
# when the calendar runs out.
endings:
  war:
    title: War
    text: The crisis ends in open conflict.
    when: "tension >= 90"
    source: my-source""")
    if others:
        add("""  concession:
    title: A concession under pressure
    text: The demand was met.
    when: "accepted.demand_concession > 0"
    source: my-source""")
    add("""  settlement:
    title: A settlement
    text: Talks produce an agreement.
    when: "talks_progress >= 60"
    source: my-source
  standoff:
    title: A standoff
    text: Time runs out with nothing settled.
    default: true
    source: my-source

# How each role scores: terms each turn, terms at the end, points per ending.
objectives:""")
    for role in roles:
        war = -20
        add(f"""  {role}:
    extends: goals
    endings: {{war: {war}, settlement: 20, standoff: 0{', concession: ' + ('20' if role == first else '-10') if others else ''}}}""")
    add("""
# What each role did in history, turn by turn: the `historical` AI plays it.
historical:""")
    add(f"""  {first}:
    - {{turn: 1, orders: [mobilize{', demand_concession' if others else ''}], source: my-source}}
    - {{turn: 2, orders: [talks_{first}], source: my-source}}""")
    for role in others:
        answer = ", demand_concession.counter" if others else ""
        add(f"""  {role}:
    - {{turn: 1, orders: [talks_{role}], source: my-source}}
    - {{turn: 2, orders: [talks_{role}{answer}], source: my-source}}""")
    add("""
""" + map_section(bounds, first, name_of(first), others[0] if others else None,
                    {r: name_of(r) for r in names}) + """
# Briefings: what each role (and, under `public`, everyone) is told at the start.
briefings:
  public:
    situation: The situation at the start, as everyone knows it.

# Hints shown to human players at the start of a turn (for tutorials).
hints:
  - turn: 1
    text: Choose your orders within your budget, then end your turn.

# The scenario's own tests, run by `brink test`: given orders, after the turns
# a variable is in a range, an event fired, an ending was reached; or, with
# AI `policies`, an ending happens in a share of many games.
tests:
  - name: Mobilizing raises tension
    turns:
      - {""" + first + """: [mobilize]}
    expect:
      values: {tension: [48, 60]}
  - name: Talking every turn ends in a settlement""")
    add("    turns:")
    both = ", ".join(f"{r}: [talks_{r}]" for r in roles)
    for _ in range(3):
        add(f"      - {{{both}}}")
    add("""    expect:
      ending: settlement
  - name: Random play ends in more than one way
    policies: {""" + ", ".join(f"{r}: random" for r in roles) + """}
    games: 500
    expect:
      endings: {standoff: [1, 99]}
""")
    return "\n".join(out)


def _quoted(text: str) -> str:
    """A YAML scalar for a name: plain when it is safe, else in double quotes."""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9 .'()-]*", text) and text.lower() not in ("yes", "no", "true", "false", "null", "on", "off"):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
