"""``brink translate SCENARIO --lang LANG``: write the translation file a translator fills in.

The file goes to ``locales/STEM.LANG.yaml`` beside the scenario (``--out`` elsewhere):
every text players see, its original above it as a comment, ``null`` where no
translation exists yet. With ``--update``, an existing file is rewritten keeping its
translations and adding the texts that are new (comments written by hand are lost).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..cli import CommandError
from .common import language_code


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("translate", help="write a translation file of a scenario's text",
                       description="Write locales/STEM.LANG.yaml beside the scenario: every text players see, with its "
                       "original above it, null where no translation exists yet (brink validate --coverage counts them).")
    p.add_argument("scenario", metavar="SCENARIO", help="a shipped scenario id or a path")
    p.add_argument("--lang", required=True, type=language_code, metavar="LANG", help="the language to translate into, e.g. de")
    p.add_argument("--name", metavar="NAME", help="the language's own name, shown in the window's settings (default: known "
                   "names such as Deutsch, else the code)")
    p.add_argument("--out", metavar="FILE", help="where to write (default: locales/STEM.LANG.yaml beside the scenario)")
    p.add_argument("--update", action="store_true", help="rewrite an existing file, keeping its translations")
    return p


def run(args) -> int:
    from ..authoring.translate import skeleton
    from ..play.saves import write_text_atomic
    from ..scenario import ScenarioError, resolve
    from ..scenario.assemble import assemble, own_language
    from ..scenario.locales import LOCALES, coverage, language_name, read_translation

    try:
        path = resolve(args.scenario)
        doc = assemble(path)
    except ScenarioError as exc:
        raise CommandError(str(exc)) from None
    if not isinstance(doc.written, dict):
        raise CommandError(f"{path}: not a scenario (a mapping of sections)")
    own = own_language(doc)
    if args.lang.split("-")[0] == own.split("-")[0]:
        raise CommandError(f"{path} is written in '{own}' already")
    out = Path(args.out) if args.out else path.parent / LOCALES / f"{path.stem}.{args.lang}.yaml"
    entries, made_from, name = {}, {}, args.name or language_name(args.lang)
    if out.exists():
        if not args.update:
            raise CommandError(f"{out} exists: --update rewrites it keeping its translations")
        found = read_translation(doc.written, out, args.lang)
        errors = [p for p in found.problems if p.severity == "error"]
        if errors:
            raise CommandError("the translation file has errors; fix them first:\n" + "\n".join(str(p) for p in errors))
        found.read_origins(own)
        entries, made_from, name = found.entries, found.made_from, args.name or found.name
    text = skeleton(doc.written, args.lang, name, entries, own, made_from)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(out, text)
    except OSError as exc:
        raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from None
    counted = coverage(doc.written, read_translation(doc.written, out, args.lang))
    print(f"Wrote {out}: {counted.translated} of {counted.total} texts translated; fill in the nulls, then "
          f"brink validate {args.scenario} --coverage")
    return 0
