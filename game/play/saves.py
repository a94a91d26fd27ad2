"""Save files: a scenario reference, a seed and the orders of every turn.

Like a chess PGN, a save holds moves, not positions: loading replays the
orders through the engine, so a save can never hold a state the rules could not
reach. Saves are written atomically (a temporary file, then a rename) and
checked thoroughly on the way in.

Format (JSON, ``format`` 1)::

    {"format": 1, "game": "brinkmanship", "scenario": "winter-2021",
     "scenario_path": "...", "scenario_hash": "<sha256 of the file>",
     "seed": 42, "players": {"us": "human", "russia": "historical", "nato": "historical"},
     "turns": [{"us": ["video_summit"], "russia": [], "nato": []}, ...],
     "extra": {}, "turn_word": "week"}

``turn_word`` only labels the save in lists (loading reads the scenario instead).

Format 2 is the same with ``extra["session"] = {"version": 1, "acts": [...]}``: the
messages, statements and facilitator adjustments of a seminar, each with its turn and
time, replayed with the orders (see ``game.play.session``). Saves without acts are still
written as format 1, so older versions of the game keep reading them.

>>> data = save_data(Match(load_rules("winter-2021"), seed=1), {"us": "human"})
>>> data["format"], data["turns"]
(1, [])
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from contextlib import contextmanager
from typing import Any, Iterator, TextIO

from ..engine.match import Match
from ..scenario import LoadedScenario, ScenarioError, load_rules, load_scenario  # noqa: F401 (doctest)

FORMAT = 2  # 2 adds extra["session"]: the acts of a seminar (game.play.session); 1 still loads
MAX_SAVE_BYTES = 20_000_000


class SaveError(Exception):
    """A save that cannot be read or does not fit its scenario."""


def save_data(match: Match, players: dict[str, str], extra: dict | None = None, scenario_path: str | None = None) -> dict:
    """The JSON-ready content of a save for ``match``."""
    return {
        "format": FORMAT if (extra or {}).get("session") else 1,
        "game": "brinkmanship",
        "scenario": match.rules.id,
        "scenario_path": scenario_path,
        "scenario_hash": match.rules.content_hash,
        "seed": match.seed,
        "players": dict(players),
        "turns": [dict(t) for t in match.orders_log],
        "extra": extra or {},
        "turn_word": match.rules.turn_word,
    }


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write ``path`` so that readers see the old file or the new one, never half of it."""
    with atomic_writer(path) as f:
        f.write(text)


def write_json_atomic(path: str | Path, data: Any) -> None:
    """Write JSON atomically (see ``write_text_atomic``)."""
    write_text_atomic(path, json.dumps(data, indent=1, ensure_ascii=False))


@contextmanager
def atomic_writer(path: str | Path) -> Iterator[TextIO]:
    """A text file to write bit by bit that appears at ``path`` only when complete
    (readers see the old file or the new one, never half of it).

    >>> import tempfile; d = tempfile.mkdtemp()
    >>> with atomic_writer(d + "/x.txt") as f: _ = f.write("done")
    >>> Path(d + "/x.txt").read_text()
    'done'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; saves and reports are meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_save(path: str | Path, match: Match, players: dict[str, str], extra: dict | None = None,
               scenario_path: str | None = None) -> None:
    write_json_atomic(path, save_data(match, players, extra, scenario_path))


def read_save(path: str | Path) -> dict:
    """Read and check a save's structure; raises SaveError with a clear message."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SaveError(f"{path}: cannot read save: {exc.strerror or exc}") from None
    if len(raw) > MAX_SAVE_BYTES:
        raise SaveError(f"{path}: save is too large ({len(raw):,} bytes)")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SaveError(f"{path}: not a save file (not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        raise SaveError(f"{path}:{exc.lineno}:{exc.colno}: save is corrupt or truncated: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("game") != "brinkmanship":
        raise SaveError(f"{path}: not a Brinkmanship save")
    fmt = data.get("format")
    if not isinstance(fmt, int):
        raise SaveError(f"{path}: save has no format version")
    if fmt > FORMAT:
        raise SaveError(f"{path}: save format {fmt} is newer than this version of the game understands ({FORMAT}); upgrade Brinkmanship")
    if fmt < 1:
        raise SaveError(f"{path}: unknown save format {fmt}")
    for key, kind in (("scenario", str), ("scenario_hash", str), ("seed", int), ("turns", list), ("players", dict)):
        if not isinstance(data.get(key), kind) or isinstance(data.get(key), bool):
            raise SaveError(f"{path}: save field '{key}' is missing or of the wrong type")
    for i, turn in enumerate(data["turns"], start=1):
        if not isinstance(turn, dict) or not all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(a, str) for a in v) for k, v in turn.items()
        ):
            raise SaveError(f"{path}: turn {i} of the save is malformed")
    return data


def checked_scenario(data: dict, path: str | Path = "save", scenario: LoadedScenario | None = None) -> LoadedScenario:
    """The save's scenario, loaded and checked against the save's id and content hash."""
    if scenario is None:
        ref = data.get("scenario_path") or data["scenario"]
        try:
            scenario = load_scenario(ref if ref and Path(str(ref)).exists() else data["scenario"])
        except ScenarioError as exc:
            raise SaveError(f"{path}: the save's scenario cannot be loaded:\n{exc}") from None
    rules = scenario.rules
    if rules.id != data["scenario"]:
        raise SaveError(f"{path}: save is for scenario '{data['scenario']}', not '{rules.id}'")
    if rules.content_hash != data["scenario_hash"]:
        raise SaveError(
            f"{path}: the scenario file has changed since this game was saved "
            f"(hash {data['scenario_hash'][:12]} vs {rules.content_hash[:12]}); it cannot be replayed exactly"
        )
    return scenario


def replay_save(data: dict, path: str | Path = "save", scenario: LoadedScenario | None = None,
                upto: int | None = None) -> tuple[Match, LoadedScenario]:
    """Rebuild the match a save describes by replaying its orders (all turns, or ``upto``).

    A format-2 save also records a seminar's acts (statements, adjudications); they are
    replayed with the orders (see ``game.play.session``).
    """
    from .session import SessionError, replay, session_acts

    scenario = checked_scenario(data, path, scenario)
    turns = data["turns"] if upto is None else data["turns"][:upto]
    try:
        session = replay(scenario.rules, data["seed"], turns, session_acts(data))
    except SessionError as exc:
        raise SaveError(f"{path}: {exc}") from None
    return session.match, scenario
