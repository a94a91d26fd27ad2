"""``brink report SAVE --out FILE.html``: the after-action report of a saved game."""

from __future__ import annotations

import argparse

from ..cli import CommandError
from .common import add_lang_argument, load_session, parse_ai, positive_int


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("report", help="write the after-action report of a save (HTML)",
                       description="Write a self-contained, printable after-action report of a saved game for the debrief.")
    p.add_argument("save", metavar="SAVE", help="a save file")
    p.add_argument("--out", required=True, metavar="FILE", help="the HTML file to write")
    p.add_argument("--games", type=positive_int, default=200, metavar="N",
                   help="Monte Carlo games per turn for the ending outlook (default 200)")
    p.add_argument("--ai", action="append", metavar="ROLE=POLICY",
                   help="how a role plays the comparison path and the outlook instead of 'historical' "
                        "(repeatable), e.g. nato=historical:drop=written_reply")
    add_lang_argument(p)
    return p


def run(args) -> int:
    from ..report.aar import aar_html

    session = load_session(args.save, args.lang)
    html = aar_html(session, games=args.games, specs=parse_ai(args.ai, session.rules))
    from ..play.saves import write_text_atomic

    try:
        write_text_atomic(args.out, html)
    except OSError as exc:
        raise CommandError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    print(f"Wrote {args.out}")
    return 0
