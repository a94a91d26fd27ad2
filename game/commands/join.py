"""``brink join HOST:PORT --code CODE``: play one role of a LAN game (in the terminal for now)."""

from __future__ import annotations

import argparse
import asyncio


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("join", help="join a game hosted on the local network",
                       description="Join a LAN game with the code the host printed for your role.")
    p.add_argument("address", metavar="HOST:PORT", help="the address the host printed")
    p.add_argument("--code", required=True, help="your role's join code")
    return p


def run(args) -> int:
    from rich.console import Console

    from ..cli import CommandError
    from ..net.client import ClientError
    from ..net.terminal import run_terminal

    try:
        return asyncio.run(run_terminal(args.address, args.code, Console(highlight=False)))
    except ClientError as exc:
        raise CommandError(str(exc)) from None
