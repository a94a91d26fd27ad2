"""Editor support that lives outside the language server: the installed schema and the modeline.

``brink schema --install`` writes the format's JSON Schema to the user's data folder
(``~/.local/share/brinkmanship/schema/scenario.schema.json`` on Linux, via
platformdirs); ``brink new`` installs it too and points the new file's first line at
that absolute place, so the line keeps working when the file moves.

>>> schema_install_path().name
'scenario.schema.json'
>>> modeline(Path("/home/me/.local/share/brinkmanship/schema/scenario.schema.json"))
'# yaml-language-server: $schema=/home/me/.local/share/brinkmanship/schema/scenario.schema.json'
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from ..play.saves import write_text_atomic
from ..scenario.schema import schema_text

APP_NAME = "brinkmanship"


def schema_install_path() -> Path:
    """Where ``brink schema --install`` puts the schema (the user's data folder)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "schema" / "scenario.schema.json"


def install_schema() -> tuple[Path, bool]:
    """Write the schema of this version of the game to ``schema_install_path()``; (path, whether it changed).

    Written atomically and only when it differs, so an editor watching the file sees one change.
    """
    path = schema_install_path()
    text = schema_text()
    try:
        if path.read_text(encoding="utf-8") == text:
            return path, False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, text)
    return path, True


def schema_ref(path: Path) -> str:
    """How a modeline names the schema file: an absolute path (a file URI on Windows, whose drive letters
    the YAML language server would read as a URI scheme)."""
    path = Path(path).resolve() if not Path(path).is_absolute() else Path(path)
    return path.as_uri() if os.name == "nt" else path.as_posix()


def modeline(path: Path) -> str:
    """The first line that points the YAML language server at the schema at ``path``."""
    return f"# yaml-language-server: $schema={schema_ref(path)}"
