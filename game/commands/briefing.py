"""``brink briefing SCENARIO --role ROLE|public --out FILE.html``: a printable read-ahead."""

from __future__ import annotations

import argparse

from ..cli import CommandError
from .common import add_lang_argument, load_or_report


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("briefing", help="write a role's printable briefing (HTML)",
                       description="Write a self-contained, printable HTML briefing for one role, or the public situation paper.")
    p.add_argument("scenario", metavar="SCENARIO", help="a shipped scenario id or a path")
    p.add_argument("--role", required=True, metavar="ROLE", help="a role id, or 'public' for the shared situation paper")
    p.add_argument("--out", required=True, metavar="FILE", help="the HTML file to write")
    add_lang_argument(p)
    return p


def run(args) -> int:
    from ..report.briefing import PUBLIC, briefing_html

    loaded = load_or_report(args.scenario, args.lang)
    if loaded is None:
        return 1
    if args.role != PUBLIC and args.role not in loaded.rules.roles:
        raise CommandError(f"--role: unknown role '{args.role}' (roles: {', '.join(loaded.rules.roles)}, or public)")
    from ..play.saves import write_text_atomic

    try:
        write_text_atomic(args.out, briefing_html(loaded, args.role))
    except OSError as exc:
        raise CommandError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    print(f"Wrote {args.out}")
    return 0
