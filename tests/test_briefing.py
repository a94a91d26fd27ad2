"""Briefings: self-contained HTML that never tells a role another role's secrets."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
import yaml

from game.cli import main
from game.report.briefing import briefing_html
from game.scenario import load_scenario

ROLES = ["us", "russia", "nato"]


@pytest.fixture(scope="module")
def secret_scenario(tmp_path_factory):
    """The shipped scenario plus a private Russian action and a private US action."""
    src = Path("scenarios/winter-2021.yaml")
    doc = yaml.safe_load(src.read_text(encoding="utf-8"))
    doc["actions"]["covert_sabotage"] = {
        "role": "russia", "label": "Covert sabotage cell", "public": False, "cost": 1,
        "description": "A deniable operation only Moscow knows of.", "effects": {"tension": 1},
        "source": "wt-2022-01-26"}
    doc["actions"]["secret_backchannel"] = {
        "role": "us", "label": "Quiet back channel to the Kremlin", "public": False, "cost": 1,
        "effects": {"talks_progress": 1}, "source": "wt-2022-01-26"}
    path = tmp_path_factory.mktemp("sc") / "secret.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return load_scenario(path)


def secrets_of(loaded, owner: str, reader: str) -> list[str]:
    """Strings that belong to ``owner`` and that ``reader`` must never see."""
    rules, model = loaded.rules, loaded.model
    r, o = rules.role_index(reader), rules.role_index(owner)
    out = []
    for v, info in enumerate(rules.variables):
        unseen = not rules.visible[r, v] and np.isnan(rules.noise[r, v])
        if unseen and rules.visible[o, v]:
            out += [info.id, info.label]
    out += [x for a in rules.actions if a.role == o and not a.public for x in (a.id, a.label)]
    brief = model.briefings.get(owner)
    if brief is not None:
        out += [t for t in (brief.situation, brief.objectives, brief.levers, brief.knows, brief.unknowns) if t]
    if rules.objectives[o].summary:
        out.append(rules.objectives[o].summary)
    return out


def text_of(html: str) -> str:
    class Text(HTMLParser):
        chunks: list[str] = []

        def handle_data(self, data):
            self.chunks.append(data)

    parser = Text()
    parser.chunks = []
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.chunks))


@pytest.mark.parametrize("reader,owner", [p for p in itertools.permutations(ROLES, 2)])
def test_no_role_sees_another_roles_secrets(secret_scenario, reader, owner):
    html = briefing_html(secret_scenario, reader)
    text = re.sub(r"\s+", " ", html) + " " + text_of(html)
    leaks = [s for s in secrets_of(secret_scenario, owner, reader) if re.sub(r"\s+", " ", s.strip()) in text]
    assert not leaks


@pytest.mark.parametrize("owner", ROLES)
def test_public_paper_holds_no_role_secret(secret_scenario, owner):
    html = briefing_html(secret_scenario, "public")
    text = re.sub(r"\s+", " ", html) + " " + text_of(html)
    rules = secret_scenario.rules
    hidden = [x for v, info in enumerate(rules.variables) if not rules.visible[:, v].all() for x in (info.id, info.label)]
    for secret in secrets_of(secret_scenario, owner, [r for r in ROLES if r != owner][0]) + hidden:
        assert re.sub(r"\s+", " ", secret.strip()) not in text


@pytest.mark.parametrize("role", ROLES)
def test_a_role_reads_its_own_levers_and_secrets(secret_scenario, role):
    html = text_of(briefing_html(secret_scenario, role))
    rules = secret_scenario.rules
    mine = [a.label for a in rules.actions if a.role == rules.role_index(role)]
    assert all(label in html for label in mine)
    assert secret_scenario.model.briefings[role].situation.split(".")[0] in html
    for section in ("objectives", "levers", "What you know", "Sources"):
        assert section in html
    assert "the weeks left score as its last week did" in html  # how an early ending scores


def test_estimated_variable_shows_no_true_value(secret_scenario):
    html = briefing_html(secret_scenario, "us")
    row = re.search(r"<td>Invasion readiness</td><td>([^<]*)</td>", html)
    assert row and row.group(1) == "estimate"
    row = re.search(r"<td>Tension</td><td>([^<]*)</td>", html)
    initial = secret_scenario.rules.initial[secret_scenario.rules.var_index["tension"]]
    assert row and row.group(1).startswith(f"{initial:.0f}")


def test_command_writes_self_contained_html(tmp_path, capsys):
    out = tmp_path / "us.html"
    assert main(["briefing", "winter-2021", "--role", "us", "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html)


def test_command_refuses_unknown_role(tmp_path, capsys):
    out = tmp_path / "x.html"
    assert main(["briefing", "winter-2021", "--role", "ukraine", "--out", str(out)]) == 2
    assert "unknown role" in capsys.readouterr().err and not out.exists()
