"""Scenario text in other languages: translation files, their checks, the fallback, and the tutorial in German."""

from __future__ import annotations

import json
import os
import typing
from pathlib import Path

import pygame
import pytest

from game.cli import main
from game.lsp import grammar
from game.scenario import check_scenario, load_scenario, locales
from game.scenario.catalog import shipped_dir

from minis import HEAD, write

TUTORIAL_DE = shipped_dir() / "locales" / "tutorial.de.yaml"

MINI = HEAD + """\
templates:
  talks: {source: doc, headline: Talks are held, label: Talks}
variables:
  tension: {label: Tension, initial: 40, source: doc, rungs: [{at: 0, name: Calm}, {at: 50, name: Crisis}]}
diplomacy:
  talks_us: {extends: talks, role: us}
  talks_ru: {extends: talks, role: russia, label: Russian talks}
hints:
  - {text: First hint}
  - {text: Second hint}
endings:
  war: {title: War, text: It ends in war., when: "tension >= 90", source: doc}
  standoff: {title: Standoff, text: Nothing is settled., default: true, source: doc}
"""

GERMAN = """\
language: de
name: Deutsch
scenario: mini
text:
  title: Klein
  summary: Ein kleines Szenario.
  roles:
    us: {name: Vereinigte Staaten}
    russia: {name: Russland}
  templates:
    talks: {headline: Es wird verhandelt, label: Gespräche}
  variables:
    tension:
      label: Spannung
      rungs: [{name: Ruhe}, {name: Krise}]
  diplomacy:
    talks_ru: {label: Russische Gespräche}
  hints:
    - {text: Erster Hinweis}
    - {text: Zweiter Hinweis}
  endings:
    war: {title: Krieg, text: Es endet im Krieg.}
    standoff: {title: Patt, text: Nichts ist entschieden.}
"""


def folder_with(tmp_path: Path, german: str | None = GERMAN, scenario: str = MINI) -> Path:
    path = write(tmp_path, "mini.yaml", scenario)
    if german is not None:
        write(tmp_path, "locales/mini.de.yaml", german)
    return path


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# -- resolution ---------------------------------------------------------------------------------

def test_a_scenario_loads_in_the_language_asked_for(tmp_path):
    loaded = load_scenario(folder_with(tmp_path), lang="de")
    rules = loaded.rules
    assert loaded.language == "de" and rules.title == "Klein"
    assert rules.role_names == ["Vereinigte Staaten", "Russland"]
    assert [a.label for a in rules.actions] == ["Gespräche", "Russische Gespräche"]
    assert {a.headline for a in rules.actions} == {"Es wird verhandelt"}  # the template's text, translated once
    assert [h.text for h in loaded.model.hints] == ["Erster Hinweis", "Zweiter Hinweis"]
    assert [name for _, name in rules.variables[0].rungs] == ["Ruhe", "Krise"]


def test_the_rules_and_the_games_are_the_same_in_every_language(tmp_path, capsys):
    path = folder_with(tmp_path)
    english, german = load_scenario(path), load_scenario(path, lang="de")
    assert english.rules.content_hash == german.rules.content_hash
    assert english.rules.title == "Mini" and english.language == "en"
    from game.engine.match import Match

    a, b = Match(english.rules, 5), Match(german.rules, 5)
    for orders in ({"us": ["talks_us"]}, {"russia": ["talks_ru"]}, {}):
        a.play_turn(orders)
        b.play_turn(orders)
    assert (a.true_state.values == b.true_state.values).all()


FALLBACK = [
    ("no translation file: the scenario's own language", None, "de", "en", "Mini"),
    ("a language without a file", GERMAN, "fr", "en", "Mini"),
    ("a regional language falls back to its base", GERMAN, "de-AT", "de", "Klein"),
    ("the scenario's own language needs no file", GERMAN, "en", "en", "Mini"),
]


@pytest.mark.parametrize("german, lang, shown, title", [c[1:] for c in FALLBACK], ids=[c[0] for c in FALLBACK])
def test_which_language_is_shown(tmp_path, german, lang, shown, title):
    loaded = load_scenario(folder_with(tmp_path, german), lang=lang)
    assert (loaded.language, loaded.rules.title) == (shown, title)


def test_a_text_left_untranslated_shows_in_the_scenario_s_language_with_a_warning(tmp_path):
    partial = GERMAN.replace("  summary: Ein kleines Szenario.\n", "").replace("    - {text: Zweiter Hinweis}\n", "    - null\n")
    path = folder_with(tmp_path, partial)
    loaded = load_scenario(path, lang="de")
    assert loaded.model.summary == "A small scenario." and loaded.model.hints[1].text == "Second hint"
    checked = check_scenario(path)
    assert checked.ok
    assert [str(p).replace(str(tmp_path) + os.sep, "") for p in checked.warnings if p.code == "W601"] == [
        f"locales/mini.de.yaml:{line_of(partial, 'text:')}:1: warning: de: 2 of 16 texts have no translation and show in "
        "'en' (summary, hints[1].text); brink validate --coverage lists them [W601]"]
    (cover,) = checked.coverage
    assert (cover.total, cover.translated, cover.percent) == (16, 14, pytest.approx(87.5))


def translation_errors():
    """(name, change to GERMAN, expected problem at its line in the translation file)."""
    return [
        ("an item the scenario lacks", ("    talks_ru: {label", "    talkz_ru: {label"),
         lambda t: f"{line_of(t, 'talkz_ru')}:5: error: unknown key 'talkz_ru' in diplomacy (did you mean 'talks_ru'?)"),
        ("an id is not text to translate", ("    us: {name: Vereinigte Staaten}", "    us: {name: Vereinigte Staaten, budget: '3'}"),
         lambda t: f"{line_of(t, 'budget')}:44: error: roles.us.budget is not text that can be translated (only prose is: "
                   "labels, headlines, descriptions, briefings ...)"),
        ("an expression is not text to translate", ("    war: {title: Krieg,", "    war: {when: 'tension > 1', title: Krieg,"),
         lambda t: f"{line_of(t, 'when:')}:17: error: endings.war.when is not text that can be translated (only prose is: "
                   "labels, headlines, descriptions, briefings ...)"),
        ("a list of another length", ("    - {text: Zweiter Hinweis}\n", ""),
         lambda t: f"{line_of(t, '- {text: Erster')}:5: error: hints has 1 entries here and 2 in the scenario: a list is translated "
                   "item by item, in order (write null for one left untranslated)"),
        ("the wrong language", ("language: de", "language: fr"),
         lambda t: "1:11: error: language: this file is named for 'de', so it must say 'language: de'"),
        ("another scenario", ("scenario: mini", "scenario: maxi"),
         lambda t: "3:11: error: scenario: this file translates 'maxi', but the scenario beside it is 'mini'"),
        ("a number where text goes", ("  title: Klein", "  title: 5"),
         lambda t: f"{line_of(t, 'title: 5')}:10: error: title: expected text"),
        ("a translated text the format refuses", ("    us: {name: Vereinigte Staaten}", "    us: {name: Vereinigte Staaten, tag: SEHR_LANG}"),
         lambda t: f"{line_of(t, 'SEHR_LANG')}:41: error: roles.us.tag: string should have at most 6 characters"),
        ("an unknown key at the top", ("name: Deutsch", "nmae: Deutsch"),
         lambda t: "2:1: error: unknown key 'nmae' (did you mean 'name'?)"),
    ]


@pytest.mark.parametrize("change, expected", [c[1:] for c in translation_errors()], ids=[c[0] for c in translation_errors()])
def test_translation_mistakes_are_located_in_the_translation_file(tmp_path, change, expected):
    old, new = change
    assert old in GERMAN
    german = GERMAN.replace(old, new)
    checked = check_scenario(folder_with(tmp_path, german))
    assert not checked.ok and checked.loaded is None
    assert [str(p).replace(str(tmp_path) + os.sep, "") for p in checked.errors] == [f"locales/mini.de.yaml:{expected(german)}"]


def test_a_broken_translation_stops_loading_in_that_language_only(tmp_path):
    path = folder_with(tmp_path, GERMAN.replace("  title: Klein", "  title: [Klein"))
    assert load_scenario(path).rules.title == "Mini"
    from game.scenario import ScenarioError

    with pytest.raises(ScenarioError, match="mini.de.yaml"):
        load_scenario(path, lang="de")


def test_every_text_field_is_classified_for_translation():
    """A new text field of the format must say whether translators translate it (locales.TEXT, OPTIONAL or NOT_TEXT)."""
    unclassified = []
    for model in grammar.all_models():
        for name, info in model.model_fields.items():
            if not grammar.is_text_bearing(info.annotation) or grammar.field_spec(model, name) != grammar.FREE:
                continue
            if grammar.defines_ids(model, name) or name == "extends":
                continue
            if not locales.translatable(model, name) and not any(name in locales.NOT_TEXT.get(c.__name__, ()) for c in model.__mro__):
                unclassified.append(f"{model.__name__}.{name}")
    assert unclassified == [], "add these to game/scenario/locales.py (TEXT, OPTIONAL or NOT_TEXT)"


def test_the_translation_tables_name_only_fields_that_exist():
    fields = {(m.__name__, n) for m in grammar.all_models() for c in m.__mro__ for n in getattr(c, "model_fields", {})}
    fields |= {(c.__name__, n) for m in grammar.all_models() for c in m.__mro__ if hasattr(c, "model_fields") for n in c.model_fields}
    for table in (locales.TEXT, locales.OPTIONAL, locales.NOT_TEXT):
        assert {(model, name) for model, names in table.items() for name in names} <= fields
    assert typing.get_type_hints(locales.translatable)


# -- the commands -------------------------------------------------------------------------------

def test_validate_coverage_lists_what_is_missing(tmp_path, capsys):
    path = folder_with(tmp_path, GERMAN.replace("  summary: Ein kleines Szenario.\n", ""))
    assert main(["validate", str(path), "--coverage"]) == 0
    out = capsys.readouterr().out
    assert "  de (Deutsch): 15 of 16 texts translated (94%)\n    missing: summary\n" in out
    assert main(["validate", str(path), "--json"]) == 0
    (result,) = json.loads(capsys.readouterr().out)
    assert result["translations"] == [{"language": "de", "texts": 16, "translated": 15, "missing": ["summary"]}]


def test_brink_translate_writes_a_file_to_fill_in_and_keeps_what_is_done(tmp_path, capsys):
    path = folder_with(tmp_path, None)
    assert main(["translate", str(path), "--lang", "de"]) == 0
    target = tmp_path / "locales" / "mini.de.yaml"
    text = target.read_text(encoding="utf-8")
    assert "  # en: Mini\n  title: null\n" in text and "    talks:\n      # en: Talks are held\n      headline: null\n" in text
    assert check_scenario(path).coverage[0].translated == 0
    assert main(["translate", str(path), "--lang", "de"]) == 2  # it exists: --update
    assert "--update" in capsys.readouterr().err
    target.write_text(text.replace("  title: null", "  title: Klein"), encoding="utf-8")
    assert main(["translate", str(path), "--lang", "de", "--update"]) == 0
    assert "  title: Klein\n" in target.read_text(encoding="utf-8")
    assert load_scenario(path, lang="de").rules.title == "Klein"
    assert main(["translate", str(path), "--lang", "en"]) == 2  # its own language


def test_the_tutorial_s_translation_round_trips_through_brink_translate(tmp_path):
    out = tmp_path / "de.yaml"
    out.write_text(TUTORIAL_DE.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["translate", "tutorial", "--lang", "de", "--out", str(out), "--update"]) == 0
    assert out.read_text(encoding="utf-8") == TUTORIAL_DE.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [["briefing", "tutorial", "--role", "us"], ["briefing", "tutorial", "--role", "public"]])
def test_briefing_in_german(tmp_path, command):
    out = tmp_path / "b.html"
    assert main(command + ["--out", str(out), "--lang", "de"]) == 0
    html = out.read_text(encoding="utf-8")
    assert "Tutorial: Drei Wochen im Winter" in html and "Three Weeks" not in html


def test_a_language_without_a_translation_says_so(tmp_path, capsys):
    out = tmp_path / "b.html"
    assert main(["briefing", "winter-2021", "--role", "us", "--out", str(out), "--lang", "de"]) == 0
    assert "winter-2021 has no translation into 'de' (its languages: en); its text is in English" in capsys.readouterr().err


@pytest.mark.parametrize("code", ["Deutsch!", "../../etc/passwd", "de/../../x", "", "de\udc80", "d" * 40, "de\nfr"],
                         ids=["a word", "a way up the folders", "a path after a code", "empty", "a lone surrogate",
                              "huge", "two lines"])
def test_a_bad_language_code_is_a_usage_error(code, capsys):
    """--lang names a file (locales/STEM.LANG.yaml), so only a language code may reach the file system."""
    with pytest.raises(SystemExit):
        main(["briefing", "tutorial", "--role", "us", "--out", "x.html", "--lang", code])
    assert "expected a language code" in capsys.readouterr().err


# -- hostile translation files: refused in one located line, never read past a limit, never blocking ------

def hostile_translations():
    """(name, how to make locales/mini.de.yaml in a folder, the one problem expected)."""
    def text(body):
        return lambda folder: (folder / "locales" / "mini.de.yaml").write_text(body, encoding="utf-8")

    def outside(folder):
        target = folder.parent / "elsewhere.yaml"
        target.write_text(GERMAN, encoding="utf-8")
        (folder / "locales" / "mini.de.yaml").symlink_to(target)

    return [
        ("a lone surrogate escape", text(GERMAN.replace("title: Klein", 'title: "Kl\\ud800ein"')),
         "5:15: error: YAML syntax: found invalid Unicode character escape code"),
        ("a terminal escape sequence", text(GERMAN.replace("title: Klein", 'title: "Kl\\e[2Jein"')),
         "5:10: error: text holds a control character (U+001B), which a scenario may not hold"),
        ("NaN where text goes", text(GERMAN.replace("title: Klein", "title: .nan")),
         "5:10: error: '.nan' is not a finite number (NaN and infinity are not allowed)"),
        ("a huge file", text(GERMAN + "#" + "x" * 2_000_001 + "\n"), "1:1: error: file is too large (over 2,000,000 bytes)"),
        ("binary data", lambda folder: (folder / "locales" / "mini.de.yaml").write_bytes(b"\xff\xfe\x00x"),
         "1:1: error: file is binary, not YAML text"),
        ("an alias bomb", text("language: de\nname: &a [x, x, x, x, x, x, x, x, x, x]\n"
                               + "".join(f"n{i}: &a{i} [" + ", ".join(["*a" if i == 0 else f"*a{i - 1}"] * 10) + "]\n" for i in range(12))),
         "2:11: error: too many aliases (limit 100)"),
        ("a link out of the scenario's folder", outside,
         "1:1: error: translation file refused: it is a link that leads outside the scenario's folder"),
        ("a folder with the file's name", lambda folder: (folder / "locales" / "mini.de.yaml").mkdir(),
         "1:1: error: translation file refused: it is not a regular file"),
        ("a named pipe (reading would block forever)", lambda folder: os.mkfifo(folder / "locales" / "mini.de.yaml"),
         "1:1: error: translation file refused: it is not a regular file"),
    ]


@pytest.mark.parametrize("make, expected", [c[1:] for c in hostile_translations()], ids=[c[0] for c in hostile_translations()])
def test_hostile_translation_files_are_refused(tmp_path, make, expected):
    folder = tmp_path / "s"
    folder.mkdir()
    path = folder_with(folder, german=None)
    (folder / "locales").mkdir()
    make(folder)
    checked = check_scenario(path)
    assert [str(p).replace(str(folder) + os.sep, "") for p in checked.errors] == [f"locales/mini.de.yaml:{expected}"]
    assert load_scenario(path).rules.title == "Mini"  # the scenario itself still loads in its own language


def test_report_in_german(tmp_path):
    save = tmp_path / "g.json"
    assert main(["play", "tutorial", "--text", "--demo", "--seed", "2", "--save", str(save), "--exit-after-turns", "3"]) in (0, 1)
    out = tmp_path / "r.html"
    assert main(["report", str(save), "--out", str(out), "--games", "20", "--lang", "de"]) == 0
    html = out.read_text(encoding="utf-8")
    assert "Vereinigte Staaten" in html and "Spannung" in html


# -- the tutorial, played in German --------------------------------------------------------------

def test_the_shipped_tutorial_is_fully_translated():
    checked = check_scenario("tutorial")
    assert checked.ok, checked.problems
    (cover,) = checked.coverage
    assert cover.language == "de" and cover.missing == [] and cover.total > 100


def test_the_tutorial_in_german_in_the_terminal(capsys):
    assert main(["play", "tutorial", "--text", "--demo", "--as", "us", "--seed", "3", "--exit-after-turns", "1", "--lang", "de"]) == 0
    out = capsys.readouterr().out
    for german in ("Amerikanische und russische Beamte treffen sich in Genf", "Spannung", "Fortschritt der Gespräche"):
        assert german in out
    assert "US and Russian officials meet in Geneva" not in out


def test_the_tutorial_in_german_in_the_window(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    from game.ui.app import App

    from ui_driver import frame, press

    shots = tmp_path / "shots"
    shots.mkdir()
    app = App(load_scenario("tutorial", lang="de"), settings={}, screenshot_dir=str(shots))
    try:
        app.new_game(app.loaded, {"us": "human", "russia": "historical", "nato": "historical"}, seed=4)
        frame(app)
        for _ in range(4):
            if app.top.name == "game":
                break
            press(app, pygame.K_RETURN)
        assert app.top.name == "game"
        texts = " ".join(t for s in app.history for t in s.texts)
        assert "Sie sind der Präsident" in texts and "You are the President" not in texts  # the briefing
        rows = app.top.orders.rows  # the orders panel as the window lays it out
        assert [r.title for r in rows if r.action is None] == ["Sanktionen", "Diplomatie"]
        assert "Gespräche in Genf" in [r.action.label for r in rows if r.action is not None]
        assert any(p.name.endswith("game.png") for p in shots.iterdir())
    finally:
        app.close()


def test_the_settings_choose_the_language_of_scenario_text(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    from game.ui import storage
    from game.ui.app import App

    from ui_driver import click_button, frame

    app = App(lambda: load_scenario("tutorial"), settings={"tutorial_offered": True})
    try:
        app.main_menu()
        frame(app)
        click_button(app, "Settings")
        assert app.top.name == "settings"
        click_button(app, "Scenario text: English")
        assert app.language == "de" and app.loaded.language == "de" and app.loaded.rules.title.startswith("Tutorial: Drei")
        assert storage.load_settings()["language"] == "de"
        app.new_game(app.loaded, {"us": "human", "russia": "historical", "nato": "historical"}, seed=1)
        assert app.flow.game.match.rules.role_names[0] == "Vereinigte Staaten"
        app.flow.seal("us", ["geneva_talks"])
        log = [dict(t) for t in app.flow.game.match.orders_log]
        app.language = "en"
        app.apply_language()  # a running game is rebuilt in the new language, its turns kept
        match = app.flow.game.match
        assert match.rules.role_names[0] == "United States" and app.flow.loaded.language == "en"
        assert [dict(t) for t in match.orders_log] == log and len(match.reports) == 1
        assert app.toast_text == "The game continues in English"
    finally:
        app.close()
    again = App(lambda: load_scenario("tutorial"), settings=None)  # the stored setting is read at start
    try:
        assert again.language == "de"
    finally:
        again.close()


def test_a_translation_of_an_original_that_changed_is_flagged_until_updated(tmp_path, capsys):
    path = folder_with(tmp_path, None)
    assert main(["translate", str(path), "--lang", "de"]) == 0
    target = tmp_path / "locales" / "mini.de.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("  title: null", "  title: Klein"), encoding="utf-8")
    assert not [p for p in check_scenario(path).warnings if p.code == "W602"]
    path.write_text(MINI.replace("title: Mini", "title: Mini crisis"), encoding="utf-8")
    stale = [str(p).replace(str(tmp_path) + os.sep, "") for p in check_scenario(path).warnings if p.code == "W602"]
    assert stale == ["locales/mini.de.yaml:8:3: warning: the en text of title has changed since this was translated from "
                     "'Mini': update the translation, and the comment above it [W602]"]
    assert main(["translate", str(path), "--lang", "de", "--update"]) == 0  # keeps what it was made from
    assert [p.code for p in check_scenario(path).warnings if p.code == "W602"] == ["W602"]
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("  # en: Mini\n  title: Klein", "  # en: Mini crisis\n  title: Kleine Krise"), encoding="utf-8")
    assert not [p for p in check_scenario(path).warnings if p.code == "W602"]
