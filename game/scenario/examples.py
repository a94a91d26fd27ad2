"""One example of each part of the scenario format, as an author would write it.

The authoring guide shows them beside the field tables and the JSON Schema
carries them as ``examples`` (editors offer them); a test checks that each one
is valid for its model.

>>> sorted(EXAMPLES)[:3]
['Action', 'Actor', 'Area']
"""

from __future__ import annotations

EXAMPLES: dict[str, str] = {
    "Calendar": """\
start: 2021-12-06
days_per_turn: 7     # weekly turns
turns: 12
""",
    "Role": """\
name: United States
leader: President Joe Biden
budget: 3            # action points per turn
color: "#3b6fd6"
""",
    "Actor": """\
name: Germany
description: Stands for the EU members whose energy depends on Russian gas.
""",
    "Source": """\
title: "The Washington Times: US and NATO reject Russia's demand to halt expansion"
date: "2022-01-26"
""",
    "Variable": """\
label: Invasion readiness
unit: points
min: 0
max: 100
initial: 40
visible_to: [russia]   # the others see an estimate
intel_noise: 12        # standard deviation of that estimate
description: How ready Moscow is to invade.
source: news-2022-01-02
quote: "it is uncertain whether Mr. Putin has already decided to proceed"
""",
    "Rung": """\
at: 65
name: The brink
""",
    "Action": """\
role: russia
label: Joint war games in Belarus
max_uses: 2
effects: {invasion_readiness: 10, tension: 8}
spread: {tension: 2}
headline: Russian jets and paratroopers arrive in Belarus for war games
source: wt-2022-01-26
""",
    "Lever": """\
role: us
label: Sanction Putin personally
source: wt-2022-01-26
trigger: "used.full_invasion > 0"     # when the threat comes due
grace: 1
audience_cost: {western_credibility: -6}
threaten:
  effects: {tension: 4}
  headline: Biden threatens to sanction Putin personally
impose:
  effects: {tension: 6, russia_economy: -0.5}
""",
    "LeverStep": """\
cost: 1
description: Announce the sanction and what would trigger it.
effects: {tension: 3, invasion_readiness: "-4 * kremlin_cost_sensitivity / 50"}
""",
    "Decision": """\
role: nato
label: Give the written guarantee
cost: 2
blocs: [eastern_flank, germany]   # the blocs that must agree (left out: every bloc)
agree: {eastern_flank: 0.1}       # this bloc rarely agrees to this one
effects: {invasion_readiness: -15, western_credibility: -15}
on_fail: {nato_cohesion: -8}
source: blog-2021-12-06
""",
    "Consensus": """\
blocs:
  eastern_flank:
    label: "Eastern flank: Poland, the Baltic states"
    agree: "clamp(nato_cohesion / 80, 0.3, 0.95)"
    source: ijhs-2023
""",
    "Bloc": """\
label: Germany and the energy-dependent
agree: 0.7
source: wt-2022-01-26
""",
    "Demand": """\
by: russia
to: [us, nato]
expires_after: 2
source: news-2022-01-02
responses:
  accept: {effects: {western_credibility: -15}}
  reject: {effects: {invasion_readiness: 6}}
  counter: {effects: {talks_progress: 8}}
on_accepted: {tension: -15}
on_expired: {tension: 5}
""",
    "Response": """\
description: No to the guarantee, yes to a diplomatic path.
effects: {talks_progress: 10, invasion_readiness: -3}
source: wt-2022-01-26
""",
    "RedLine": """\
by: us
label: No move on Ukraine
declared_by: warn_heavy_price
trigger: "used.full_invasion > 0"
response: [sanction_banks]
audience_cost: {western_credibility: -10}
source: news-2022-01-02
""",
    "Event": """\
date: 2022-01-10
inject: true           # listed ahead for players and facilitators
when: "made.demand_no_expansion"
chance: 0.8
headline: Geneva talks open
effects: {talks_progress: 5}
source: news-2022-01-02
""",
    "Reaction": """\
actor: germany
when: "threatened.sanction_energy > 0"
once: true
headline: Berlin balks at putting gas on the table
effects: {nato_cohesion: -4}
source: wt-2022-01-26
""",
    "Drift": """\
var: invasion_readiness
add: "2 if russia_troops_border >= 100 else -1.5"
spread: 2
note: Forces near the border ready themselves for war
source: news-2022-01-02
""",
    "Ending": """\
title: Russia invades Ukraine
text: Russian columns cross the border from the north, east and south.
when: "used.full_invasion > 0"
source: ijhs-2023
""",
    "Objectives": """\
summary: Deter an invasion without war.
each_turn:
  - {label: Allies together, value: "nato_cohesion / 100", weight: 1}
at_end:
  - {label: Ukraine can defend itself, value: "ukraine_defense / 100", weight: 5}
endings: {full_invasion: -25, negotiated_settlement: 30}
""",
    "Term": """\
label: Allies together
value: "nato_cohesion / 100"
weight: 1
""",
    "HistoricalMove": """\
turn: 5
until: 12                            # a standing rule: every turn from 5 to 12
orders: [full_invasion]
when: "invasion_readiness >= 60"     # judged on the role's own view
otherwise: [recognize_republics]
source: ijhs-2023
note: The invasion, once Moscow is ready
""",
    "Briefing": """\
situation: You are the Kremlin. Your troops are on Ukraine's border.
objectives: Win the guarantee without ruining the economy.
knows: Everything about your own forces.
unknowns: How far the Americans will go.
""",
    "Hint": """\
turn: 1
role: us
points_to: sanction_banks.threaten
text: Try a threat. If it comes due and you do not carry it out, credibility pays.
""",
    "ScenarioTest": """\
name: A flat rejection raises readiness
turns:
  - {russia: [demand_no_expansion]}
  - {us: [demand_no_expansion.reject], nato: [demand_no_expansion.reject]}
expect:
  check: ["rejected.demand_no_expansion"]
  values: {invasion_readiness: [61, 61]}
""",
    "Expect": """\
values: {tension: [60, 70]}       # in every game
fired: [lavrov_retaliation]
endings: {full_invasion: [40, 80]}  # percent of games
""",
    "MapSection": """\
region: {bounds: [-92, 16, -66, 32]}     # the Caribbean
countries:
  - {countries: [united_states], side: us, label: true}
  - {countries: [cuba], side: ussr, label: true}
places:
  havana: {name: Havana, local: La Habana, at: [-82.39, 23.08], kind: capital}
markers:
  missiles: {label: Soviet missiles, role: ussr, kind: unit, tag: Missiles, at: [-83.05, 22.72], actions: [ship_missiles]}
""",
    "Region": """\
bounds: [17.8, 42.0, 42.6, 60.3]   # lon_min, lat_min, lon_max, lat_max
projection: lambert
""",
    "CountryStyle": """\
countries: [poland, romania]
side: nato
fill: "#34485e"
label: true
""",
    "Place": """\
name: Kyiv
local: Київ
at: [30.52, 50.45]
kind: capital
""",
    "Area": """\
label: Held by Russia in 2023
held_by: russia
within: ukraine          # the polygon runs into Russia and the sea; it is cut to Ukraine
polygon: [[37.95, 50.35], [38.30, 48.93], [37.25, 47.78], [35.35, 47.45], [33.35, 46.78], [31.55, 46.50],
          [31.0, 45.5], [36.8, 44.6], [40.8, 47.5], [40.8, 50.4]]
endings: [ukraine_collapse]   # drawn when the game ends this way
""",
    "Line": """\
label: The line of contact, 2015-2021
points: [[39.95, 48.80], [38.42, 48.55], [37.76, 48.10], [37.52, 47.90], [37.92, 47.08]]
legend: line of contact
""",
    "Marker": """\
label: Russian troops
role: russia
variable: russia_troops_border   # sized by it; an estimate is drawn as its 90% range
full: 200
unit: k
at: [35.6, 52.3]
""",
}
