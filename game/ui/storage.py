"""Where the window keeps saves: the user's data directory (platformdirs), never the working one.

On Linux that is ``$XDG_DATA_HOME/brinkmanship/saves`` (``~/.local/share/...``).

>>> autosave_path().name
'autosave.json'
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "brinkmanship"


def saves_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "saves"


def autosave_path() -> Path:
    return saves_dir() / "autosave.json"


def reports_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "reports"


def write_report(session, games: int = 200, now: dt.datetime | None = None) -> Path:
    """Write the after-action report of a ``game.play.session.Session`` to the reports folder; returns its path."""
    # loaded when first used: the window's first frame comes sooner
    from ..play.saves import write_text_atomic
    from ..report.aar import aar_html

    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    path = reports_dir() / f"{session.rules.id}-report-{stamp}.html"
    write_text_atomic(path, aar_html(session, games=games))
    return path


def settings_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "settings.json"


def new_save_path(scenario: str, turn: int, now: dt.datetime | None = None, turn_word: str = "week") -> Path:
    """A fresh file name for a manual save, named for the turn being played, e.g.
    ``winter-2021-week05-20260101-120000.json`` (a monthly scenario's: ``month05``)."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    word = "".join(ch for ch in turn_word.lower() if ch.isalnum()) or "turn"
    return saves_dir() / f"{scenario}-{word}{turn:02d}-{stamp}.json"


@dataclass
class SaveInfo:
    path: Path
    label: str
    modified: float


def list_saves() -> list[SaveInfo]:
    """Saves in the data directory, newest first, each with a one-line description."""
    out: list[SaveInfo] = []
    folder = saves_dir()
    if not folder.is_dir():
        return out
    for path in folder.glob("*.json"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            humans = [r for r, p in data.get("players", {}).items() if p == "human"] or ["AI only"]
            played = len(data.get("turns", []))
            kind = "Autosave" if path.name == "autosave.json" else "Saved"
            label = f"{kind} · {data.get('scenario', '?')} · after {data.get('turn_word', 'turn')} {played} · {', '.join(humans)}"
        except (OSError, ValueError, AttributeError):
            label = f"{path.name} (unreadable)"
        mtime = path.stat().st_mtime
        when = dt.datetime.fromtimestamp(mtime).strftime("%d %b %H:%M")
        out.append(SaveInfo(path, f"{label} · {when}", mtime))
    return sorted(out, key=lambda s: s.modified, reverse=True)


def load_settings() -> dict:
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def save_settings(settings: dict) -> None:
    # loaded when first used: the window's first frame comes sooner
    from ..play.saves import write_json_atomic

    write_json_atomic(settings_path(), settings)
