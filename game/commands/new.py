"""``brink new NAME``: write a small, valid, playable scenario to start from."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from ..cli import CommandError


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "new", help="write a new scenario to start from",
        description="Write NAME.yaml (in the current folder, or at the path given): a small, valid, playable "
        "scenario with a comment explaining each section.",
    )
    p.add_argument("name", metavar="NAME", help="the scenario id (e.g. my-crisis), or a path ending in .yaml")
    p.add_argument("--roles", default="us,russia,nato", help="comma-separated role ids (default us,russia,nato)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    return p


def target_path(name: str) -> tuple[Path, str]:
    """The file to write and the scenario id, from NAME or a path."""
    path = Path(name)
    if path.suffix not in (".yaml", ".yml"):
        path = path.with_name(path.name + ".yaml")
    scenario_id = path.stem
    from ..scenario.models import SCENARIO_ID_PATTERN

    if not re.match(SCENARIO_ID_PATTERN, scenario_id):
        raise CommandError(f"'{scenario_id}' is not a valid scenario id (lower-case letters, digits, _ and -, starting with a letter)")
    return path, scenario_id


def parse_roles(text: str) -> list[str]:
    from ..scenario.models import ID_PATTERN

    roles = [r.strip() for r in text.split(",") if r.strip()]
    if not roles:
        raise CommandError("--roles needs at least one role id")
    for role in roles:
        if not re.match(ID_PATTERN, role):
            raise CommandError(f"--roles: '{role}' is not a valid id (lower-case letters, digits and _, starting with a letter)")
    if len(set(roles)) != len(roles):
        raise CommandError("--roles: a role is named twice")
    return roles


def run(args) -> int:
    from ..authoring.editor import install_schema, schema_ref
    from ..authoring.template import scenario_template
    from ..saves import write_text_atomic

    path, scenario_id = target_path(args.name)
    roles = parse_roles(args.roles)
    if path.exists() and not args.force:
        raise CommandError(f"{path} already exists (use --force to overwrite it)")
    if not path.parent.exists():
        raise CommandError(f"folder {path.parent} does not exist")
    schema, _ = install_schema()  # the first line points here: an absolute place, so it survives moving the file
    write_text_atomic(path, scenario_template(scenario_id, roles, schema_ref(schema)))
    print(f"Wrote {path} (its first line points your editor at {schema}).")
    print(f"Next: brink validate {path}; brink test {path}; brink play {path} --text --watch")
    return 0
