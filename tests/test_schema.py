"""The JSON Schema for editors: up to date, valid draft-07, complete, and true to the loader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli import main
from game.scenario import shipped_ids
from game.scenario.catalog import shipped_dir
from game.scenario.schema import SCHEMA_FILE, scenario_schema, schema_text
from game.scenario.yamlsafe import load_yaml_text

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/scenario.schema.json"
jsonschema = pytest.importorskip("jsonschema")


def test_committed_schema_is_up_to_date():
    committed = (ROOT / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == schema_text(), "regenerate it: brink schema -o schema/scenario.schema.json"


def test_schema_is_valid_draft_07():
    jsonschema.Draft7Validator.check_schema(scenario_schema())


def _described(node, where=""):
    """Every property of every object in the schema, with where it is."""
    if isinstance(node, dict):
        for key, prop in node.get("properties", {}).items():
            yield f"{where}.{key}", prop
        for key, value in node.items():
            yield from _described(value, f"{where}/{key}")
    elif isinstance(node, list):
        for item in node:
            yield from _described(item, where)


def test_every_field_and_definition_has_a_description():
    schema = scenario_schema()
    missing = [where for where, prop in _described(schema) if not prop.get("description")]
    missing += [name for name, d in schema["definitions"].items() if not d.get("description")]
    assert missing == []


def test_no_draft_2020_constructs_remain():
    text = schema_text()
    for construct in ('"$defs"', '"prefixItems"', '"$dynamicRef"'):
        assert construct not in text
    refs_with_siblings = [where for where, prop in _described(scenario_schema()) if "$ref" in prop and len(prop) > 1]
    assert refs_with_siblings == []


@pytest.mark.parametrize("scenario", shipped_ids())
def test_shipped_scenarios_begin_with_a_working_schema_line(scenario):
    path = shipped_dir() / f"{scenario}.yaml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == SCHEMA_LINE
    target = (path.parent / first.split("$schema=")[1]).resolve()
    assert target == (ROOT / SCHEMA_FILE).resolve() and target.exists()


@pytest.mark.parametrize("scenario", shipped_ids())
def test_shipped_scenarios_satisfy_the_schema(scenario):
    path = shipped_dir() / f"{scenario}.yaml"
    data = load_yaml_text(path.read_text(encoding="utf-8"), str(path)).data
    errors = [e.message for e in jsonschema.Draft7Validator(scenario_schema()).iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("mistake, snippet", [
    ("unknown key", "calendar: {start: 2022-01-01, turns: 3, dayz: 7}"),
    ("bad id", "calendar: {start: 2022-01-01, turns: 3}\nvariables: {Bad-Id: {label: x, initial: 1}}"),
    ("negative budget", "calendar: {start: 2022-01-01, turns: 3}\nroles: {us: {name: US, budget: -1}}"),
])
def test_schema_catches_what_the_loader_catches(mistake, snippet):
    base = {"id": "x", "title": "x", "summary": "x", "roles": {"us": {"name": "US", "budget": 1}},
            "variables": {"v": {"label": "v", "initial": 1}}, "endings": {"e": {"title": "e", "text": "e", "default": True}}}
    base.update(load_yaml_text(snippet).data)
    assert list(jsonschema.Draft7Validator(scenario_schema()).iter_errors(base)), mistake


def test_brink_schema_prints_the_committed_file(capsys, tmp_path):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads((ROOT / SCHEMA_FILE).read_text(encoding="utf-8"))
    out = tmp_path / "s.json"
    assert main(["schema", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == schema_text()


def test_brink_schema_install_puts_it_in_the_data_folder(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert main(["schema", "--install"]) == 0
    installed = tmp_path / "data" / "brinkmanship" / "schema" / "scenario.schema.json"
    assert installed.read_text(encoding="utf-8") == schema_text()
    out = capsys.readouterr().out
    assert f"Installed {installed}" in out and f"# yaml-language-server: $schema={installed.as_posix()}" in out
    assert main(["schema", "--install"]) == 0
    assert f"Up to date: {installed}" in capsys.readouterr().out
    installed.write_text("{}", encoding="utf-8")  # an older game's schema is replaced
    assert main(["schema", "--install"]) == 0 and installed.read_text(encoding="utf-8") == schema_text()


def test_the_modeline_of_a_new_scenario_survives_moving_the_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    assert main(["new", "moved"]) == 0
    (tmp_path / "elsewhere" / "deeper").mkdir(parents=True)
    moved = (tmp_path / "moved.yaml").rename(tmp_path / "elsewhere" / "deeper" / "moved.yaml")
    target = moved.read_text(encoding="utf-8").splitlines()[0].split("$schema=")[1]
    assert (moved.parent / target).exists()  # absolute: the same file from any folder
    assert json.loads((moved.parent / target).read_text(encoding="utf-8")) == scenario_schema()


@pytest.mark.parametrize("name", sorted(__import__("game.scenario.examples", fromlist=["EXAMPLES"]).EXAMPLES))
def test_every_example_is_valid_for_its_model_and_the_schema(name):
    from game.scenario import models
    from game.scenario.examples import EXAMPLES

    data = load_yaml_text(EXAMPLES[name]).data
    getattr(models, name).model_validate(data)
    schema = scenario_schema()
    one = {"$schema": schema["$schema"], "definitions": schema["definitions"], "$ref": f"#/definitions/{name}"}
    assert list(jsonschema.Draft7Validator(one).iter_errors(data)) == []
    assert schema["definitions"][name]["examples"] == [data]


# -- the save file and the LAN frames ---------------------------------------------------------------
SAVES = Path(__file__).parent / "data" / "saves"


@pytest.mark.parametrize("name, generate", [("save", "--saves"), ("frames", "--frames")])
def test_committed_save_and_frame_schemas_are_up_to_date(name, generate, capsys):
    committed = (Path(__file__).parent.parent / "schema" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert main(["schema", generate]) == 0
    assert capsys.readouterr().out == committed, f"regenerate it: brink schema {generate} -o schema/{name}.schema.json"
    jsonschema.Draft202012Validator.check_schema(json.loads(committed))


def _validator(name: str):
    schema = json.loads((Path(__file__).parent.parent / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("save", sorted(p.name for p in SAVES.glob("*.json")))
def test_saves_of_every_format_satisfy_the_save_schema(save):
    data = json.loads((SAVES / save).read_text(encoding="utf-8"))
    assert list(_validator("save").iter_errors(data)) == []
    broken = dict(data, seed="forty-two", turns=[{"us": "video_summit"}])
    assert len(list(_validator("save").iter_errors(broken))) == 2


def test_every_frame_a_host_sends_and_a_client_sends_satisfies_the_frame_schema():
    from game.play.events import Say, Seal
    from game.play.frames import HelloFrame, OrdersFrame, SayFrame, ViewFrame
    from game.play.public import public_view
    from game.play.runner import Game
    from game.scenario import load_rules

    rules = load_rules("winter-2021")
    game = Game.new(rules, {"us": "human", "russia": "human"}, seed=4)
    game.send(Say("us", "all", "Banks will pay", {"kind": "threat", "ref": "sanction_banks"}))
    game.send(Seal("us", ("video_summit",)))
    game.send(Seal("russia", ("mass_troops",)))
    frames = [ViewFrame.of(rules, game.view(r), ["us"]).model_dump(mode="json") for r in rules.roles]
    frames += [public_view(game.session), HelloFrame(code="abc").model_dump(mode="json"),
               OrdersFrame(turn=2, orders=["video_summit"], seq=1).model_dump(mode="json"),
               SayFrame(to="all", text="hi").model_dump(mode="json"), {"type": "pong"},
               {"type": "error", "error": "wrong code", "fatal": True}]
    validator = _validator("frames")
    assert all(list(validator.iter_errors(frame)) == [] for frame in frames)
    assert list(validator.iter_errors({"type": "orders", "turn": "2", "orders": []}))
    assert list(validator.iter_errors({"type": "view", "role": "us"}))
