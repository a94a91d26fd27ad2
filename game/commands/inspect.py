"""``brink inspect SCENARIO [--json]``: the compiled scenario, for people or tools."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from .common import load_or_report

if TYPE_CHECKING:
    from ..engine.rules import Rules


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("inspect", help="show the compiled scenario", description="Show a compiled scenario: roles, variables, actions, events and endings.")
    p.add_argument("scenario", metavar="SCENARIO", help="a shipped scenario id or a path")
    p.add_argument("--json", action="store_true", help="print JSON")
    return p


def inspect_json(rules: Rules) -> dict:
    return {
        "id": rules.id,
        "title": rules.title,
        "turns": rules.turns,
        "roles": list(rules.roles),
        "variables": [
            {"id": v.id, "label": v.label, "min": float(rules.vmin[i]), "max": float(rules.vmax[i]),
             "initial": float(rules.initial[i]),
             "visible_to": [r for k, r in enumerate(rules.roles) if rules.visible[k, i]]}
            for i, v in enumerate(rules.variables)
        ],
        "actions": [
            {"id": a.id, "role": rules.roles[a.role], "kind": a.kind, "cost": a.cost, "source": a.cite.source}
            for a in rules.actions
        ],
        "events": [{"id": e.id, "source": e.cite.source, **({"actor": e.actor} if e.actor else {})} for e in rules.events],
        "endings": [{"id": e.id, "title": e.title} for e in rules.endings],
    }


def run(args) -> int:
    loaded = load_or_report(args.scenario)
    if loaded is None:
        return 1
    data = inspect_json(loaded.rules)
    if args.json:
        print(json.dumps(data, indent=1, ensure_ascii=False))
        return 0
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(f"[bold]{loaded.rules.title}[/] ({data['id']}), {data['turns']} turns, roles: {', '.join(data['roles'])}")
    for section, columns in (("variables", ("id", "min", "max", "initial", "visible_to")),
                             ("actions", ("id", "role", "kind", "cost", "source")),
                             ("events", ("id", "source")), ("endings", ("id", "title"))):
        table = Table(title=section.capitalize(), title_justify="left")
        for c in columns:
            table.add_column(c)
        for row in data[section]:
            table.add_row(*(", ".join(row[c]) if isinstance(row.get(c), list) else str(row.get(c, "")) for c in columns))
        console.print(table)
    return 0
