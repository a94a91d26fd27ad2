"""Helpers shared by subcommands: loading scenarios and policies with clear errors."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the heavy modules load when a command runs, not when the parser is built
    from ..engine.rules import Rules
    from ..scenario import LoadedScenario


class CommandError(Exception):
    """A problem with what the user asked for; ``brink`` prints it as 'brink: error: ...'."""


@contextmanager
def window_errors() -> Iterator[None]:
    """A window that cannot open ends the command with its message (``game.ui.WindowError``)."""
    # the window's package loads only for a command that opens a window
    from ..ui import WindowError

    try:
        yield
    except WindowError as exc:
        raise CommandError(str(exc)) from None


def load_or_report(ref: str, lang: str | None = None) -> LoadedScenario | None:
    """Load a scenario (its text in ``lang`` where it has a translation), or print its located
    problems to stderr and return None."""
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..scenario import ScenarioError, load_scenario

    try:
        loaded = load_scenario(ref, lang=lang)
    except ScenarioError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return None
    note = language_note(loaded, lang)
    if note:
        print(note, file=sys.stderr)
    return loaded


def add_lang_argument(p) -> None:
    """``--lang LANG``: the language of the scenario's text, for the commands that show it."""
    p.add_argument("--lang", metavar="LANG", type=language_code,
                   help="language of the scenario's text, e.g. de (where the scenario has a translation; "
                        "menus and buttons stay in English)")


def language_code(text: str) -> str:
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..scenario.locales import LANGUAGE

    if not LANGUAGE.fullmatch(text):
        shown = text[:20].encode("utf-8", "backslashreplace").decode("utf-8") + ("..." if len(text) > 20 else "")
        raise argparse.ArgumentTypeError(f"expected a language code such as en, de or pt-BR, got '{shown}'")
    return text


def language_note(loaded: LoadedScenario, lang: str | None) -> str:
    """What to tell the player when the text is not (all) in the language asked for ('' when it is)."""
    if not lang:
        return ""
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..scenario.locales import available, coverage, language_name

    if loaded.language.split("-")[0] != lang.split("-")[0]:
        have = ", ".join([loaded.model.language, *available(loaded.path)])
        return (f"{loaded.model.id} has no translation into '{lang}' (its languages: {have}); "
                f"its text is in {language_name(loaded.language)}")
    doc = loaded.document
    if doc is None or doc.translation is None:
        return ""
    missing = coverage(doc.written, doc.translation).missing
    if missing:
        return (f"{len(missing)} texts of {loaded.model.id} have no {language_name(loaded.language)} translation "
                f"and show in {language_name(loaded.model.language)}")
    return ""


def parse_ai(pairs: list[str] | None, rules: Rules) -> dict[str, str]:
    """``["us=random", ...]`` -> ``{"us": "random"}``, checked against the scenario."""
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..ai import PolicyError, make_policy
    from ..ai.choices import resolve as resolve_choice

    out: dict[str, str] = {}
    for pair in pairs or []:
        role, sep, spec = pair.partition("=")
        role, spec = role.strip(), spec.strip()
        if not sep or not role or not spec:
            raise CommandError(f"--ai expects ROLE=POLICY, got '{pair}'")
        if role not in rules.roles:
            raise CommandError(f"--ai: unknown role '{role}' (roles: {', '.join(rules.roles)})")
        spec = resolve_choice(spec)  # the menu's names (easy, normal, hard, history, ...) work too
        try:
            make_policy(spec, rules, role)
        except PolicyError as exc:
            raise CommandError(f"--ai {role}: {exc}") from None
        out[role] = spec
    return out


def add_search_arguments(p, games: int) -> None:
    """The arguments of the commands that search by playing many games (balance, exploit):
    SCENARIO, --games, --seed and --workers."""
    p.add_argument("scenario", metavar="SCENARIO", help="a shipped scenario id or a path")
    p.add_argument("--games", type=positive_int, default=games, help=f"main games (default {games})")
    p.add_argument("--seed", type=seed_int, default=0, help="seed (default 0)")
    p.add_argument("--workers", type=positive_int, default=1, metavar="K", help="worker processes (the result does not depend on K)")


def check_policy(option: str, spec: str, rules: Rules) -> None:
    """Raise CommandError unless ``spec`` makes a policy for every role (``option`` names where it was given)."""
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..ai import PolicyError, make_policy

    for role in rules.roles:
        try:
            make_policy(spec, rules, role)
        except PolicyError as exc:
            raise CommandError(f"{option}: {role}: {exc}") from None


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, got {value}")
    return value


def seed_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError("the seed must be between 0 and 2**63 - 1")
    return value


def load_session(path: str, lang: str | None = None):
    """The Session a save file describes (orders and acts replayed), its scenario's text in ``lang``
    where it has a translation; or a CommandError."""
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..play.saves import SaveError, read_save, scenario_of
    from ..play.session import from_save

    try:
        data = read_save(path)
        scenario = scenario_of(data, path, lang) if lang else None
        if scenario is not None:
            note = language_note(scenario, lang)
            if note:
                print(note, file=sys.stderr)
        return from_save(data, path, scenario)
    except SaveError as exc:
        raise CommandError(str(exc)) from None
