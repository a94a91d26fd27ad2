"""``brink lsp``: the scenario language server, over stdin and stdout (see README, Editor support).

It needs the optional ``lsp`` extra (pygls); without it the command says how to install it.
"""

from __future__ import annotations

import argparse
import importlib.util

from .common import CommandError

INSTALL_HINT = 'the language server needs pygls: pip install "brinkmanship[lsp]" (or: pip install pygls)'


def add_parser(sub) -> argparse.ArgumentParser:
    return sub.add_parser(
        "lsp", help="run the scenario language server (for editors)",
        description="Run the language server for scenario files over stdin/stdout: every error and warning of "
        "`brink validate` as you type, completion of ids, hover, go to definition, find references and rename. "
        "Your editor starts it; see the README's Editor support section for VS Code, Neovim and Helix.",
    )


def run(args) -> int:
    if importlib.util.find_spec("pygls") is None:
        raise CommandError(INSTALL_HINT)
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..lsp.server import main

    main()
    return 0
