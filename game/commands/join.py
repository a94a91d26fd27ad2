"""``brink join HOST:PORT --code CODE``: play one role of a LAN game in the window (``--text``: the terminal).

The projector's code opens the public picture instead of a role.
"""

from __future__ import annotations

import argparse
import sys

from .common import CommandError, language_code, window_errors
from .play import window_possible


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("join", help="join a game hosted on the local network",
                       description="Join a LAN game with the code the host printed for your role (or the projector's).")
    p.add_argument("address", metavar="HOST:PORT", help="the address the host printed")
    p.add_argument("--code", required=True, help="your role's join code")
    p.add_argument("--seat", metavar="NAME", help="this laptop's seat in the team, e.g. 'Secretary of State' "
                                             "(left out: the host names one; a laptop that rejoins under its name takes its seat back)")
    p.add_argument("--pin", metavar="PIN", help="the room's PIN, when the host was started with --pin")
    p.add_argument("--text", action="store_true", help="play in the terminal instead of the window")
    p.add_argument("--screenshot-dir", metavar="DIR", help="write a PNG of every screen shown (window only)")
    p.add_argument("--lang", metavar="LANG", type=language_code,
                   help="language of the scenario text the window draws itself (labels, map); the host's --lang "
                        "decides the reports everyone receives, so give the same one")
    return p


def run(args) -> int:
    # loaded when the command runs: `brink` builds every command's parser at start-up (asyncio alone costs 0.1 s)
    import asyncio

    from ..net.client import ClientError

    if not args.text and not window_possible():
        print("No display found for the game window; joining in the terminal (brink join --text).", file=sys.stderr)
        args.text = True
    try:
        if args.text:
            # loaded when the command runs: `brink` builds every command's parser at start-up
            from rich.console import Console

            from ..text.lan import run_terminal

            return asyncio.run(run_terminal(args.address, args.code, Console(highlight=False),
                                            seat=args.seat, pin=args.pin))
        return asyncio.run(run_window(args))
    except ClientError as exc:
        raise CommandError(str(exc)) from None


async def run_window(args) -> int:
    """Connect, then run the window on the same event loop as the connection."""
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..net.client import GameClient
    from ..scenario import ScenarioError, load_scenario
    from ..ui.app import open_app
    from ..ui.lan import Link

    client = GameClient(args.address, args.code, seat=args.seat, pin=args.pin)
    welcome = await client.connect()
    try:
        try:
            loaded = load_scenario(welcome["scenario"], lang=args.lang)
        except ScenarioError:
            raise CommandError(f"the host plays scenario '{welcome['scenario']}', which is not installed here; "
                               "join with --text, or install the scenario") from None
        with window_errors():
            app = open_app(args, loaded)
        try:
            app.start_lan(Link(client, loaded.rules))
            return await app.run_async()
        finally:
            app.close()
    finally:
        await client.close()
