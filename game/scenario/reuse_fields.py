"""The ``extends`` field that every reusable item of the format has (``models.py`` and ``mapmodels.py``).

>>> extends_field().default is None
True
"""

from __future__ import annotations

from typing import Union

from pydantic import Field

Extends = Union[str, list[str], None]
EXTENDS_HELP = ("Template (from `templates`) or item this one starts from: a name, `SECTION.ID`, or a list applied in order. "
                "Mappings merge key by key; what the item writes replaces what it inherits; `key: null` removes an inherited key.")


def extends_field():
    """A fresh ``extends`` field (see ``game/scenario/extends.py`` for what it does)."""
    return Field(None, description=EXTENDS_HELP)
