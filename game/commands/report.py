"""``brink report SAVE --out FILE.html``: the after-action report of a saved game."""

from __future__ import annotations

import argparse

from ..report.times import ZoneError, zone_named
from .common import CommandError, add_lang_argument, load_session, parse_ai, positive_int


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("report", help="write the after-action report of a save (HTML)",
                       description="Write a self-contained, printable after-action report of a saved game for the debrief.")
    p.add_argument("save", metavar="SAVE", help="a save file")
    p.add_argument("--out", required=True, metavar="FILE", help="the HTML file to write")
    p.add_argument("--games", type=positive_int, default=200, metavar="N",
                   help="Monte Carlo games per turn for the ending outlook (default 200)")
    p.add_argument("--ai", action="append", metavar="ROLE=POLICY",
                   help="how a role plays the comparison path and the outlook instead of 'historical' "
                        "(repeatable), e.g. ROLE=historical:drop=ACTION")
    p.add_argument("--summary", action="store_true",
                   help="write only the debrief's two-page summary (to print and hand out)")
    p.add_argument("--tz", metavar="ZONE",
                   help="show times in this time zone, e.g. Europe/Berlin (default: this computer's)")
    add_lang_argument(p)
    who = p.add_mutually_exclusive_group()
    who.add_argument("--role", metavar="ROLE", help="before the end: the game so far as ROLE saw it")
    who.add_argument("--public", action="store_true", help="before the end: the game so far as every role saw it")
    who.add_argument("--reveal", action="store_true",
                     help="before the end: the full report anyway (for the white cell's debrief of a game stopped early)")
    return p


def run(args) -> int:
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..play.saves import write_text_atomic
    from ..report.aar import aar_html, summary_page
    from ..report.interim import interim_html

    try:
        zone = zone_named(args.tz)
    except ZoneError as exc:
        raise CommandError(f"--tz: {exc}") from None
    session = load_session(args.save, args.lang)
    if not session.match.over and not (args.role or args.public or args.reveal):
        raise CommandError(f"the game in {args.save} is not over: the full report would reveal its hidden values, "
                           "every order and the white cell's acts. Use --role ROLE (what one team saw) or --public "
                           "(what everyone saw); the full report is written once the game has ended (--reveal writes it now)")
    if args.role or args.public:
        if args.summary:
            raise CommandError("--summary reveals the hidden values: it is written at the end (or with --reveal)")
        try:
            html = interim_html(session, args.role, zone)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
    elif args.summary:
        html = summary_page(session, zone)
    else:
        html = aar_html(session, games=args.games, specs=parse_ai(args.ai, session.rules), zone=zone)
    try:
        write_text_atomic(args.out, html)
    except OSError as exc:
        raise CommandError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    print(f"Wrote {args.out}")
    return 0
