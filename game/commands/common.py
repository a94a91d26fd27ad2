"""Helpers shared by subcommands: loading scenarios and policies with clear errors."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from ..cli import CommandError

if TYPE_CHECKING:  # the heavy modules load when a command runs, not when the parser is built
    from ..engine.rules import Rules
    from ..scenario import LoadedScenario


def load_or_report(ref: str) -> LoadedScenario | None:
    """Load a scenario, or print its located problems to stderr and return None."""
    from ..scenario import ScenarioError, load_scenario

    try:
        return load_scenario(ref)
    except ScenarioError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return None


def parse_ai(pairs: list[str] | None, rules: Rules) -> dict[str, str]:
    """``["us=random", ...]`` -> ``{"us": "random"}``, checked against the scenario."""
    from ..ai import PolicyError, make_policy

    out: dict[str, str] = {}
    for pair in pairs or []:
        role, sep, spec = pair.partition("=")
        role, spec = role.strip(), spec.strip()
        if not sep or not role or not spec:
            raise CommandError(f"--ai expects ROLE=POLICY, got '{pair}'")
        if role not in rules.roles:
            raise CommandError(f"--ai: unknown role '{role}' (roles: {', '.join(rules.roles)})")
        try:
            make_policy(spec, rules, role)
        except PolicyError as exc:
            raise CommandError(f"--ai {role}: {exc}") from None
        out[role] = spec
    return out


def positive_int(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, got {value}")
    return value


def seed_int(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError("the seed must be between 0 and 2**63 - 1")
    return value


def load_session(path: str):
    """The Session a save file describes (orders and acts replayed), or a CommandError."""
    from ..play.saves import SaveError, read_save
    from ..play.session import from_save

    try:
        return from_save(read_save(path), path)
    except SaveError as exc:
        raise CommandError(str(exc)) from None
