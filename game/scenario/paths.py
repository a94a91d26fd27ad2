"""Paths into a scenario's data as written (keys and list indexes): the value at a path, every path below one.

Templates, includes and translations all walk the written data by path; they share these two.

>>> data = {"a": [{"b": 1}]}
>>> value_at(data, ("a", 0, "b")), value_at(data, ("a", 5)), value_at(data, ("a", "b"))
(1, None, None)
>>> list(paths_below(data))
[(), ('a',), ('a', 0), ('a', 0, 'b')]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

DataPath = tuple[str | int, ...]
"""A path into a scenario's data as written: mapping keys (always text: the YAML loader makes them so) and list indexes."""
_Entry = TypeVar("_Entry")


def value_at(data: Any, path: DataPath) -> Any:
    """The value at ``path`` in ``data`` (None when there is none)."""
    node = data
    for part in path:
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return node


def paths_below(value: Any, prefix: DataPath = ()) -> Iterator[DataPath]:
    """``prefix`` and the path of everything inside ``value`` below it, parents first."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths_below(child, prefix + (key,))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from paths_below(child, prefix + (i,))


def copy_entry(table: dict[DataPath, _Entry], into: dict[DataPath, _Entry], where: DataPath, moved: DataPath) -> None:
    """``into[moved] = table[where]`` when ``table`` has an entry at ``where`` (a document's positions and spans
    move with the values an include or a translation brings)."""
    if where in table:
        into[moved] = table[where]
