"""``brink schema``: the JSON Schema of the scenario format (draft-07, for editors), or of the
save file (``--saves``) and the LAN protocol's frames (``--frames``), both draft 2020-12.

``--install`` writes the scenario schema to the user's data folder, where the first
line of every scenario ``brink new`` writes points (see ``game.authoring.editor``).
All three are committed in ``schema/`` and tested to match what the game generates.
"""

from __future__ import annotations

import argparse


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "schema", help="print the JSON Schema of the scenario format",
        description="Print the JSON Schema of the scenario format (draft-07), generated from the format's models. "
        "Point your editor's YAML language server at it for completion and hover help.",
    )
    p.add_argument("--output", "-o", metavar="FILE", help="write the schema to FILE instead of printing it")
    p.add_argument("--markdown", action="store_true", help="print the field reference in Markdown instead (as in scenarios/README.md)")
    kind = p.add_mutually_exclusive_group()
    kind.add_argument("--saves", action="store_true", help="the schema of a save file instead (schema/save.schema.json)")
    kind.add_argument("--frames", action="store_true",
                      help="the schema of the LAN protocol's frames instead (schema/frames.schema.json)")
    p.add_argument("--install", action="store_true", help="write the schema to your data folder (where `brink new` points "
                   "new scenarios) and print the first line to put in a scenario")
    return p


def run(args) -> int:
    if args.install:
        # loaded when the command runs: `brink` builds every command's parser at start-up
        from ..authoring.editor import install_schema, modeline

        path, changed = install_schema()
        print(f"{'Installed' if changed else 'Up to date:'} {path}")
        print(f"First line for a scenario file:\n{modeline(path)}")
        return 0
    if args.markdown:
        # loaded when the command runs: `brink` builds every command's parser at start-up
        from ..authoring.guide import field_reference

        text = field_reference()
    elif args.saves:
        # loaded when the command runs: `brink` builds every command's parser at start-up
        from ..play.saves import save_schema, schema_json

        text = schema_json(save_schema())
    elif args.frames:
        # loaded when the command runs: `brink` builds every command's parser at start-up
        from ..play.frames import frames_schema
        from ..play.saves import schema_json

        text = schema_json(frames_schema())
    else:
        # loaded when the command runs: `brink` builds every command's parser at start-up
        from ..scenario.schema import schema_text

        text = schema_text()
    if args.output:
        # loaded when the command runs: `brink` builds every command's parser at start-up
        from ..play.saves import write_text_atomic

        write_text_atomic(args.output, text)
    else:
        print(text, end="")
    return 0
