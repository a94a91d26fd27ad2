"""Save files: a scenario reference, a seed and the orders of every turn, as a typed record.

Like a chess PGN, a save holds moves, not positions: loading replays the orders
through the engine, so a save can never hold a state the rules could not reach.
Saves are written atomically (a temporary file, then a rename) and checked
thoroughly on the way in: the shape by the ``SaveFile`` model (its JSON Schema is
published as ``schema/save.schema.json``, ``brink schema --saves``), the content by
replaying it. A bad save is refused with one clear line, never a traceback.

Format (JSON, ``format`` 1)::

    {"format": 1, "game": "brinkmanship", "scenario": "winter-2021",
     "scenario_path": "...", "scenario_hash": "<sha256 of the file>",
     "seed": 42, "players": {"us": "human", "russia": "historical", "nato": "historical"},
     "turns": [{"us": ["video_summit"], "russia": [], "nato": []}, ...],
     "extra": {}, "turn_word": "week"}

``turn_word`` only labels the save in lists (loading reads the scenario instead).

Format 2 is the same with ``extra["session"] = {"version": 1, "acts": [...]}``: the
messages, statements and facilitator adjustments of a seminar, each with its turn and
time, replayed with the orders (see ``game.play.session``, ``game.play.acts``). Saves
without acts are still written as format 1, so older versions of the game keep
reading them. ``extra`` may also hold ``lan`` (a LAN host's codes and the orders of the
turn under way) and ``branch_of`` (a second future branched off a seminar game).

>>> from game.engine.match import Match
>>> data = save_file(Match(load_rules("winter-2021"), seed=1), {"us": "human"})
>>> data.format, data.turns
(1, [])
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, TextIO

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError

from ..engine.match import Match
from ..scenario import LoadedScenario, ScenarioError, load_rules, load_scenario  # noqa: F401 (doctest)
from .acts import Act, act_json

FORMAT = 2  # 2 adds extra["session"]: the acts of a seminar; 1 still loads
MAX_SAVE_BYTES = 20_000_000
MAX_ORDERS = 200  # per role and turn: far more than any budget allows


class SaveError(Exception):
    """A save that cannot be read or does not fit its scenario."""


class SessionLog(BaseModel):
    """The acts of a played game (messages, statements, control), replayed with the orders."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    acts: list[Act] = Field(default_factory=list)


class ClockSettings(BaseModel):
    """The host's clock as saved: its lengths, and the turn under way's time left (a restart resumes paused)."""

    model_config = ConfigDict(extra="forbid")

    default_seconds: float | None = None
    per_turn: dict[str, float] = Field(default_factory=dict, description="turn -> its own length in seconds")
    left: float | None = Field(None, description="seconds left in the turn under way")
    paused: bool = False
    waiting: bool = False


class LanState(BaseModel):
    """What a LAN host needs to resume: the join codes, the orders of the turn under way, the clock."""

    model_config = ConfigDict(extra="forbid")

    codes: dict[str, str] = Field(description="role, 'projector' or 'observer:ROLE' -> join code ('' once revoked)")
    turn: StrictInt = Field(description="the turn the drafts and sealed orders are for")
    drafts: dict[str, list[str]] = Field(default_factory=dict)
    sealed: dict[str, list[str]] = Field(default_factory=dict)
    turn_seconds: float | None = None
    late: Literal["standing", "nothing"] = "standing"
    clock: ClockSettings | None = None
    standing: dict[str, list[str]] = Field(default_factory=dict, description="the white cell's standing orders")
    sealers: dict[str, str] = Field(default_factory=dict, description="role -> the only seat that may seal")
    assistant: list[str] | None = Field(None, description="the console commands the white cell's assistant may use "
                                                          "(None: the default ones)")


class BranchOf(BaseModel):
    """Where a branch (a second future of a seminar game) left the original."""

    turn: StrictInt
    seed: StrictInt
    note: str = ""


class RolledBack(BaseModel):
    """A future the white cell rolled back: kept whole (its orders and acts replay it), marked, with the reason."""

    model_config = ConfigDict(extra="forbid")

    at: str = Field(description="ISO 8601 UTC, when it was rolled back")
    from_turn: StrictInt = Field(description="the turn the game had reached")
    to_turn: StrictInt = Field(description="the turn play went back to the start of")
    reason: str = ""
    turns: list[dict[str, list[str]]] = Field(description="every resolved turn's orders of the abandoned game")
    sealed: dict[str, list[str]] = Field(default_factory=dict, description="orders sealed in the turn under way")
    acts: list[Act] = Field(default_factory=list, description="the abandoned game's acts")
    ending: str | None = None


class Restart(BaseModel):
    """The host started again from its save (after a crash, a closed laptop, a new machine)."""

    model_config = ConfigDict(extra="forbid")

    at: str = Field(description="ISO 8601 UTC, when it started again")
    turn: StrictInt = Field(description="the turn under way")
    reason: str = ""


class Extra(BaseModel):
    """Everything a save holds besides the moves; other keys are kept as they are."""

    model_config = ConfigDict(extra="allow")

    session: SessionLog | None = None
    lan: LanState | None = None
    branch_of: BranchOf | None = None
    rolled_back: list[RolledBack] | None = Field(None, description="the futures rolled back, oldest first")
    restarts: list[Restart] | None = Field(None, description="each time the host started again from this save")


class SaveFile(BaseModel):
    """A save: which scenario, which seed, and the orders of every turn (and the acts, format 2)."""

    model_config = ConfigDict(extra="ignore", title="Brinkmanship save")

    format: Literal[1, 2]
    game: Literal["brinkmanship"]
    scenario: str = Field(description="the scenario's id")
    scenario_path: str | None = Field(None, description="the scenario file, when it is not a shipped one")
    scenario_hash: str = Field(description="sha256 of the scenario file: a save replays only on the same rules")
    seed: StrictInt = Field(ge=0, description="the game's seed (with the orders, it reproduces the game exactly)")
    players: dict[str, str] = Field(default_factory=dict, description="role -> 'human' or the AI policy")
    turns: list[dict[str, list[str]]] = Field(description="the orders of every resolved turn, role by role")
    extra: Extra = Field(default_factory=Extra)
    turn_word: str | None = Field(None, description="what the scenario calls a turn (labels the save in lists)")

    @property
    def acts(self) -> list[Act]:
        return self.extra.session.acts if self.extra.session is not None else []

    def extra_meta(self) -> dict[str, Any]:
        """The extra fields besides the acts, as plain data (a session keeps them to write them back)."""
        return self.extra.model_dump(mode="json", exclude={"session"}, exclude_none=True)

    def to_json(self) -> dict:
        data = self.model_dump(mode="json", exclude={"extra"})
        data["extra"] = self.extra.model_dump(mode="json", exclude={"session", "rolled_back"}, exclude_none=True)
        if self.extra.rolled_back:
            data["extra"]["rolled_back"] = [{**r.model_dump(mode="json", exclude={"acts"}), "acts": [act_json(a) for a in r.acts]}
                                            for r in self.extra.rolled_back]
        if self.extra.session is not None:
            data["extra"]["session"] = {"version": self.extra.session.version,
                                        "acts": [act_json(a) for a in self.extra.session.acts]}
        return data


def save_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of a save file (published as ``schema/save.schema.json``)."""
    schema = SaveFile.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_json(schema: dict[str, Any]) -> str:
    """A schema as the text the ``schema/`` folder holds."""
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def save_file(match: Match, players: dict[str, str], extra: dict | None = None,
              scenario_path: str | None = None) -> SaveFile:
    """The save of ``match`` (``extra`` may hold ``session``, ``lan``, ``branch_of`` and other keys)."""
    extra = dict(extra or {})
    return SaveFile(
        format=FORMAT if extra.get("session") else 1, game="brinkmanship", scenario=match.rules.id,
        scenario_path=scenario_path, scenario_hash=match.rules.content_hash, seed=match.seed,
        players=dict(players), turns=[dict(t) for t in match.orders_log], extra=Extra.model_validate(extra),
        turn_word=match.rules.turn_word,
    )


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text_atomic(path: str | Path, text: str, private: bool = False) -> None:
    """Write ``path`` so that readers see the old file or the new one, never half of it (``private``:
    readable by its owner only)."""
    with atomic_writer(path, private) as f:
        f.write(text)


def write_json_atomic(path: str | Path, data: Any, private: bool = False) -> None:
    """Write JSON atomically (see ``write_text_atomic``)."""
    write_text_atomic(path, json.dumps(data, indent=1, ensure_ascii=False), private)


@contextmanager
def atomic_writer(path: str | Path, private: bool = False) -> Iterator[TextIO]:
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
        # mkstemp makes 0600: kept for a private file (a LAN host's save holds the join codes); others are shared
        os.chmod(tmp, 0o600 if private else 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_save_file(path: str | Path, save: SaveFile) -> None:
    """Write a save atomically; one holding a LAN host's join codes is readable by its owner only."""
    write_json_atomic(path, save.to_json(), private=save.extra.lan is not None)


def write_save(path: str | Path, match: Match, players: dict[str, str], extra: dict | None = None,
               scenario_path: str | None = None) -> None:
    write_save_file(path, save_file(match, players, extra, scenario_path))


def read_save(path: str | Path) -> SaveFile:
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
    except RecursionError:
        raise SaveError(f"{path}: save is nested too deeply to be a save") from None
    try:  # JSON may carry lone surrogates; such a save could be read but never written again
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise SaveError(f"{path}: save holds text that is not valid Unicode (a lone surrogate)") from None
    return parse_save(data, path)


def parse_save(data: Any, path: str | Path = "save") -> SaveFile:
    """A save's JSON data, checked; raises SaveError naming the first thing wrong."""
    if not isinstance(data, dict) or data.get("game") != "brinkmanship":
        raise SaveError(f"{path}: not a Brinkmanship save")
    fmt = data.get("format")
    if not isinstance(fmt, int) or isinstance(fmt, bool):
        raise SaveError(f"{path}: save has no format version")
    if fmt > FORMAT:
        raise SaveError(f"{path}: save format {fmt} is newer than this version of the game understands ({FORMAT}); upgrade Brinkmanship")
    if fmt < 1:
        raise SaveError(f"{path}: unknown save format {fmt}")
    try:
        save = SaveFile.model_validate(data)
    except ValidationError as exc:
        raise SaveError(f"{path}: {_first_problem(exc)}") from None
    for i, turn in enumerate(save.turns, start=1):
        if any(len(ids) > MAX_ORDERS for ids in turn.values()):
            raise SaveError(f"{path}: turn {i} of the save is malformed (too many orders)")
    return save


def _first_problem(exc: ValidationError) -> str:
    """One line for the first error pydantic found, in the words of the save's parts."""
    error = exc.errors()[0]
    loc = error["loc"]
    if loc and loc[0] == "turns" and len(loc) > 1:
        return f"turn {int(loc[1]) + 1} of the save is malformed"
    if loc[:3] == ("extra", "session", "acts") and len(loc) > 3:
        where = ".".join(str(x) for x in loc[5:]) if len(loc) > 5 else ""
        return f"recorded act #{int(loc[3]) + 1} is malformed: {where + ': ' if where else ''}{error['msg']}"
    if len(loc) == 1:
        return f"save field '{loc[0]}' is missing or of the wrong type"
    return f"save field '{'.'.join(str(x) for x in loc)}' is malformed: {error['msg']}"


def scenario_of(save: SaveFile, path: str | Path = "save", lang: str | None = None) -> LoadedScenario:
    """The save's scenario, loaded (its text in ``lang`` where it has a translation: a game can be
    replayed in any language, the rules being the same); raises SaveError."""
    ref = save.scenario_path or save.scenario
    try:
        return load_scenario(ref if ref and Path(str(ref)).exists() else save.scenario, lang=lang)
    except ScenarioError as exc:
        raise SaveError(f"{path}: the save's scenario cannot be loaded:\n{exc}") from None


def checked_scenario(save: SaveFile, path: str | Path = "save", scenario: LoadedScenario | None = None) -> LoadedScenario:
    """The save's scenario, loaded and checked against the save's id and content hash."""
    if scenario is None:
        scenario = scenario_of(save, path)
    rules = scenario.rules
    if rules.id != save.scenario:
        raise SaveError(f"{path}: save is for scenario '{save.scenario}', not '{rules.id}'")
    if rules.content_hash != save.scenario_hash:
        raise SaveError(
            f"{path}: the scenario file has changed since this game was saved "
            f"(hash {save.scenario_hash[:12]} vs {rules.content_hash[:12]}); it cannot be replayed exactly"
        )
    return scenario


def replay_save(save: SaveFile, path: str | Path = "save", scenario: LoadedScenario | None = None,
                upto: int | None = None) -> tuple[Match, LoadedScenario]:
    """Rebuild the match a save describes by replaying its orders (all turns, or ``upto``).

    A format-2 save also records a seminar's acts (statements, adjudications); they are
    replayed with the orders (see ``game.play.session``).
    """
    # a cycle: the session module imports this one at its top (it writes saves); this one replays sessions
    from .session import SessionError, replay

    scenario = checked_scenario(save, path, scenario)
    turns = save.turns if upto is None else save.turns[:upto]
    try:
        session = replay(scenario.rules, save.seed, turns, save.acts)
    except SessionError as exc:
        raise SaveError(f"{path}: {exc}") from None
    return session.match, scenario
