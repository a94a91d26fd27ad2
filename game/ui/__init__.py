"""The game window (pygame-ce + pygame_gui): menus, map, dashboard, orders, reports, endings.

``app.run_from_args`` is what ``brink play`` calls without ``--text``. Every
module here is a face: it draws what ``Match.observe(role)`` and
``Match.report_for(role)`` give and never reads the true state for a role.
"""

from __future__ import annotations

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # no banner on the player's terminal


class WindowError(RuntimeError):
    """The window cannot start (a clear message for the player, no traceback)."""


def installed_distributions() -> set[str]:
    """Lower-case names of the installed Python distributions."""
    # loaded when checked: importlib.metadata costs the window's start 0.2 s
    from importlib import metadata

    return {(d.metadata["Name"] or "").lower() for d in metadata.distributions()}


def check_pygame() -> None:
    """Fail clearly when the upstream ``pygame`` is installed alongside pygame-ce.

    Both install a package named ``pygame``; whichever was installed last wins,
    so the game could silently run on the wrong one.

    >>> check_pygame() is None
    True
    """
    names = installed_distributions()
    if "pygame" in names and "pygame-ce" in names:
        raise WindowError(
            "both 'pygame' and 'pygame-ce' are installed; they share the module name 'pygame'. "
            "Remove both, then reinstall pygame-ce: pip uninstall -y pygame pygame-ce && pip install pygame-ce"
        )
    if "pygame-ce" not in names:
        raise WindowError("the game window needs pygame-ce: pip install pygame-ce")
