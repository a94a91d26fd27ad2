"""The ``brink`` command (also ``python -m game``): one module per subcommand.

Each module in ``game.commands`` offers ``add_parser(subparsers)`` and
``run(args) -> int``. Errors a user can cause end with a clear message and a
non-zero exit, never a traceback.

>>> main(["validate", "winter-2021"])  # doctest: +ELLIPSIS
winter-2021: ok (winter-2021: ... actions, ... events, ... endings...)
0
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

# numpy's OpenBLAS starts a thread per core for every matrix product and its idle threads spin; the
# AI's products are small, so the threads only burn CPU (a planner used twice the CPU with them, for
# no less wall time: README, Performance). One thread, unless the user says otherwise: read when
# OpenBLAS loads, so set before anything imports numpy (nothing above does).
for _threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")

from . import __version__  # noqa: E402 (after the threads are set)
from .commands.common import CommandError  # noqa: E402

COMMANDS = [
    "play", "validate", "inspect", "simulate", "replay", "explain", "tournament", "analyze", "bench",
    "briefing", "report", "host", "join", "schema", "new", "test", "lsp", "balance", "translate", "exploit",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="brink",
        description="Brinkmanship: a turn-based crisis-diplomacy game (Dec 2021 - Feb 2022 and after).",
    )
    parser.add_argument("--version", action="version", version=f"brinkmanship {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMANDS:
        module = importlib.import_module(f"game.commands.{name}")
        command = module.add_parser(sub)
        command.set_defaults(run=module.run)
    return parser


def joined_negative_values(argv: list[str]) -> list[str]:
    """``--map -90,15,-70,30`` -> ``--map=-90,15,-70,30``: argparse would read a value that starts
    with a minus sign as an option.

    >>> joined_negative_values(["new", "x", "--map", "-90,15,-70,30", "--force"])
    ['new', 'x', '--map=-90,15,-70,30', '--force']
    """
    out: list[str] = []
    for arg in argv:
        if out and out[-1].startswith("--") and "=" not in out[-1] and len(arg) > 1 and arg[0] == "-" and (arg[1].isdigit() or arg[1] == "."):
            out[-1] = f"{out[-1]}={arg}"
        else:
            out.append(arg)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(joined_negative_values(sys.argv[1:] if argv is None else list(argv)))
    try:
        return int(args.run(args) or 0)
    except CommandError as exc:
        print(f"brink: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nbrink: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
