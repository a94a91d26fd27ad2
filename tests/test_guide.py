"""The authoring guide (scenarios/README.md) stays true to the format and its examples run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.authoring.guide import SECTION_ORDER, field_reference
from game.authoring.scenario_tests import run_test
from game.cli import main
from game.scenario import load_rules
from game.scenario.models import ScenarioTest
from game.scenario.yamlsafe import load_yaml_text

GUIDE = Path(__file__).resolve().parents[1] / "scenarios" / "README.md"


def test_guide_holds_the_generated_reference():
    assert field_reference() in GUIDE.read_text(encoding="utf-8"), "regenerate: brink schema --markdown"


def test_reference_covers_every_model_and_field():
    reference = field_reference()
    for model in SECTION_ORDER:
        assert f"### {model.__name__}" in reference
        for name in model.model_fields:
            assert f"| `{name}` |" in reference


def test_brink_schema_markdown_prints_the_reference(capsys):
    assert main(["schema", "--markdown"]) == 0
    assert capsys.readouterr().out == field_reference()


def _yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.parametrize("index, scenario", [(1, "tutorial"), (2, "vilnius-2023")])
def test_the_guide_s_test_examples_pass_on_the_scenarios_they_come_from(index, scenario):
    block = _yaml_blocks()[index]
    data = load_yaml_text(block if block.startswith("tests:") else "tests:\n" + block).data
    for item in data["tests"]:
        result = run_test(load_rules(scenario), ScenarioTest.model_validate(item))
        assert result.passed, result.failures
