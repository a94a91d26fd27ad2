"""``brink new NAME``: write a small, valid, playable scenario to start from."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from .common import CommandError


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "new", help="write a new scenario to start from",
        description="Write NAME.yaml (in the current folder, or at the path given): a small, valid, playable "
        "scenario with a comment explaining each section.",
    )
    p.add_argument("name", metavar="NAME", help="the scenario id (e.g. my-crisis), or a path ending in .yaml")
    p.add_argument("--roles", default="Blue,Red,Green",
                   help="comma-separated role names as players should read them (US,USSR,Cuba), or id=Name pairs "
                   "(us=United States); ids are the names in lower case (default Blue,Red,Green)")
    p.add_argument("--map", metavar="LON_MIN,LAT_MIN,LON_MAX,LAT_MAX", type=parse_bounds,
                   help="the map's region in degrees (west and south negative), e.g. -90,15,-70,30 for the "
                   "Caribbean (default: the whole world)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    return p


def target_path(name: str) -> tuple[Path, str]:
    """The file to write and the scenario id, from NAME or a path."""
    path = Path(name)
    if path.suffix not in (".yaml", ".yml"):
        path = path.with_name(path.name + ".yaml")
    scenario_id = path.stem
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..scenario.models import SCENARIO_ID_PATTERN

    if not re.match(SCENARIO_ID_PATTERN, scenario_id):
        raise CommandError(f"'{scenario_id}' is not a valid scenario id (lower-case letters, digits, _ and -, starting with a letter)")
    return path, scenario_id


NAME_PATTERN = r"^[A-Za-z][A-Za-z0-9 .'()-]*$"


def parse_roles(text: str) -> list[tuple[str, str]]:
    """``"US,USSR,cuba=Republic of Cuba"`` -> [("us", "US"), ("ussr", "USSR"), ("cuba", "Republic of Cuba")]."""
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..authoring.template import role_id, role_name
    from ..scenario.models import ID_PATTERN

    roles = []
    for item in (r.strip() for r in text.split(",")):
        if not item:
            continue
        rid, _, name = item.partition("=")
        rid, name = rid.strip(), name.strip()
        if not name:
            rid, name = role_id(item), role_name(item)
        if not re.match(ID_PATTERN, rid):
            raise CommandError(f"--roles: '{rid}' is not a valid id (lower-case letters, digits and _, starting with a letter)")
        if not re.match(NAME_PATTERN, name):
            raise CommandError(f"--roles: '{name}' is not a name the template can write (letters, digits, spaces and .'()-)")
        roles.append((rid, name))
    if not roles:
        raise CommandError("--roles needs at least one role")
    ids = [rid for rid, _ in roles]
    if len(set(ids)) != len(ids):
        twice = next(r for r in ids if ids.count(r) > 1)
        raise CommandError(f"--roles: role '{twice}' is named twice")
    return roles


def parse_bounds(text: str) -> tuple[float, float, float, float]:
    """``"-90,15,-70,30"`` -> (-90.0, 15.0, -70.0, 30.0), checked as the map's region is."""
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..scenario.mapmodels import Region

    parts = [p.strip() for p in text.split(",")]
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not four numbers LON_MIN,LAT_MIN,LON_MAX,LAT_MAX") from None
    if len(values) != 4 or not all(v == v and abs(v) != float("inf") for v in values):
        raise argparse.ArgumentTypeError(f"'{text}' is not four numbers LON_MIN,LAT_MIN,LON_MAX,LAT_MAX")
    try:
        Region(bounds=values)
    except ValueError as exc:
        message = str(exc).splitlines()[-1].removeprefix("  Value error, ").split(" [type=")[0]
        raise argparse.ArgumentTypeError(message) from None
    return values



def run(args) -> int:
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..authoring.editor import install_schema, schema_ref
    from ..authoring.template import scenario_template
    from ..play.saves import write_text_atomic

    path, scenario_id = target_path(args.name)
    roles = parse_roles(args.roles)
    if path.exists() and not args.force:
        raise CommandError(f"{path} already exists (use --force to overwrite it)")
    if not path.parent.exists():
        raise CommandError(f"folder {path.parent} does not exist")
    schema, _ = install_schema()  # the first line points here: an absolute place, so it survives moving the file
    write_text_atomic(path, scenario_template(scenario_id, roles, schema_ref(schema), bounds=args.map))
    print(f"Wrote {path} (its first line points your editor at {schema}).")
    print(f"Next: brink validate {path}; brink test {path}; brink play {path} --text --watch")
    return 0
