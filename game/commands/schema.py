"""``brink schema``: the JSON Schema of the scenario format (draft-07, for editors)."""

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
    return p


def run(args) -> int:
    if args.markdown:
        from ..authoring.guide import field_reference

        text = field_reference()
    else:
        from ..scenario.schema import schema_text

        text = schema_text()
    if args.output:
        from ..saves import write_text_atomic

        write_text_atomic(args.output, text)
    else:
        print(text, end="")
    return 0
