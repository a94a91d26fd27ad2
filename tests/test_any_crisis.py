"""No shipped scenario in generic code (issue 17): a crisis unlike winter-2021 plays by its own words.

``CUBA`` is a three-role crisis with daily turns in which the alliance is not NATO and two roles
take decisions by consensus, each decision with its own blocs; its orders sit in the groups
the author wrote, its role names are written as the author wrote them ("USSR", not "Ussr").
"""

from __future__ import annotations

import re

import pytest

from game.commands.new import parse_roles
from game.play.runner import Game
from game.report.briefing import briefing_html
from game.scenario import load_scenario

from minis import write

CUBA = """\
format: 1
id: cuba-days
title: Thirteen days
summary: A blockade, missiles and two alliances.
calendar: {start: 1962-10-16, days_per_turn: 1, turns: 13}
roles:
  usa: {name: United States, budget: 2}
  ussr: {name: USSR, budget: 2}
  cuba: {name: Cuba, budget: 1}
sources:
  doc: {title: A document}
variables:
  alert: {label: Alert, initial: 40, source: doc}
  unity: {label: Unity, initial: 60, source: doc}
consensus:
  blocs:
    oas: {label: The OAS, agree: "unity / 100"}
    nato_allies: {label: NATO allies, agree: 0.9}
    warsaw: {label: Warsaw Pact, agree: 0.8}
decisions:
  quarantine: {role: usa, blocs: [oas], label: Declare a quarantine, effects: {alert: 5}, source: doc}
  berlin: {role: ussr, blocs: [warsaw], label: Cut off Berlin, group: Pressure elsewhere, effects: {alert: 10},
           source: doc}
diplomacy:
  letter: {role: ussr, label: Send a letter, group: Letters to the White House, effects: {alert: -5}, source: doc}
  appeal: {role: cuba, label: Appeal to the UN, effects: {unity: 2}, source: doc}
endings:
  war: {title: War, text: It ends in war., when: "alert >= 95", source: doc}
  standoff: {title: Standoff, text: Nothing is settled., default: true, source: doc}
"""


@pytest.fixture(scope="module")
def cuba(tmp_path_factory):
    return load_scenario(write(tmp_path_factory.mktemp("cuba"), "cuba-days.yaml", CUBA))


def legal(loaded, role):
    return {a.id: a for a in Game.new(loaded.rules, {}, seed=1).view(role).obs.legal}


def test_a_decision_belongs_to_the_role_that_names_it(cuba):
    rules = cuba.rules
    owners = {a.id: rules.roles[a.role] for a in rules.actions if a.kind == "decision"}
    assert owners == {"quarantine": "usa", "berlin": "ussr"}
    assert "berlin" in legal(cuba, "ussr") and "berlin" not in legal(cuba, "usa")


def test_each_decision_asks_its_own_blocs(cuba):
    rules = cuba.rules
    # a bloc a decision does not ask agrees for certain (1.0): only its own blocs are in doubt
    for role, decision, asked in (("usa", "quarantine", "unity / 100"), ("ussr", "berlin", "0.8")):
        doubtful = [e.text for e in rules.action(role, decision).agree if e.constant != 1.0]
        assert doubtful == [asked], (decision, doubtful)
    # the OAS agrees as unity / 100 (0.6 at the start), the Warsaw Pact at 0.8: each decision its own odds
    assert legal(cuba, "usa")["quarantine"].consent == pytest.approx(0.6)
    assert legal(cuba, "ussr")["berlin"].consent == pytest.approx(0.8)


def test_orders_sit_in_the_groups_the_author_wrote(cuba):
    ussr = legal(cuba, "ussr")
    assert ussr["berlin"].group == "Pressure elsewhere" and ussr["letter"].group == "Letters to the White House"
    assert "Sanction" not in ussr["berlin"].group
    assert legal(cuba, "cuba")["appeal"].group == "Diplomacy"  # the kind's group
    assert legal(cuba, "usa")["quarantine"].group == "United States decisions"


def test_the_briefing_counts_days_in_good_english(cuba):
    html = briefing_html(cuba, "ussr")
    assert "13 days" in html
    assert not re.search(r"\b1 days\b|\b13 day\b|\bweeks?\b", html), re.findall(r".{30}\b(?:1 days|weeks?)\b.{30}", html)


def test_role_names_are_as_written(cuba):
    assert cuba.rules.role_names == ["United States", "USSR", "Cuba"]
    assert parse_roles("USA,USSR,Cuba,us,red_team") == [("usa", "USA"), ("ussr", "USSR"), ("cuba", "Cuba"), ("us", "US"),
                                                         ("red_team", "Red Team")]
