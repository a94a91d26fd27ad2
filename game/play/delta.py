"""What changed between two views: the host sends a seat this instead of the whole view (``ViewDeltaFrame``).

A view is JSON-ready data (dicts, lists, numbers, text). ``diff(old, new)`` describes ``new`` in terms of
``old`` and ``patch(old, delta)`` gives ``new`` back. A delta holds only pieces of ``new``, so it can tell a
seat nothing its full view would not: it is made from two views of the same role. Its nodes:

- ``{"=": value}``: the value, whole;
- ``{"{": {key: node}, "-": [keys]}``: a dict, its changed keys and the keys gone;
- ``{"[": [ref, ...]}``: a list of records with distinct ``id`` fields (messages, orders, indicators), in
  the new order: a ref is an ``id`` kept as it was, ``{"id": ID, "~": node}`` for one that changed, or
  ``{"+": record}`` for a new one. A long game's window of 60 messages costs 60 ids, not 60 messages.

Lists of anything else are sent whole when they change. The browser has the same ``patch`` in JavaScript
(``game/web/static/app.js``, ``applyDelta``).

>>> old = {"turn": 1, "messages": [{"id": 1, "text": "hi"}, {"id": 2, "text": "yo"}], "over": False}
>>> new = {"turn": 1, "messages": [{"id": 2, "text": "yo"}, {"id": 3, "text": "new"}], "over": False}
>>> d = diff(old, new)
>>> d
{'{': {'messages': {'[': [2, {'+': {'id': 3, 'text': 'new'}}]}}}
>>> patch(old, d) == new, diff(new, new)
(True, None)
"""

from __future__ import annotations

from typing import Any

Delta = dict[str, Any]


def diff(old: Any, new: Any) -> Delta | None:
    """How ``new`` differs from ``old`` (None: not at all)."""
    if type(old) is type(new) and old == new:
        return None
    if isinstance(old, dict) and isinstance(new, dict):
        changed = {}
        for key, value in new.items():
            if key not in old:
                changed[key] = {"=": value}
            else:
                node = diff(old[key], value)
                if node is not None:
                    changed[key] = node
        gone = [key for key in old if key not in new]
        out: Delta = {"{": changed}
        if gone:
            out["-"] = gone
        return out
    if isinstance(old, list) and isinstance(new, list) and _keyed(old) and _keyed(new):
        before = {item["id"]: item for item in old}
        refs: list[Any] = []
        for item in new:
            was = before.get(item["id"])
            if was is None:
                refs.append({"+": item})
                continue
            node = diff(was, item)
            refs.append(item["id"] if node is None else {"id": item["id"], "~": node})
        return {"[": refs}
    return {"=": new}


def patch(old: Any, delta: Delta | None) -> Any:
    """``old`` with ``delta`` applied (a new value; ``old`` is not changed). Raises ValueError for a delta
    that does not fit ``old`` (a client that missed a frame asks for a whole view).

    >>> patch({"a": 1, "b": 2}, {"{": {"a": {"=": 5}}, "-": ["b"]})
    {'a': 5}
    >>> patch([{"id": 1}], {"[": [7]})
    Traceback (most recent call last):
    ValueError: the delta names a record (7) the view does not hold
    """
    if delta is None:
        return old
    if not isinstance(delta, dict):
        raise ValueError("a delta node must be an object")
    if "=" in delta:
        return delta["="]
    if "{" in delta:
        if not isinstance(old, dict):
            raise ValueError("the delta changes fields of something that is not an object")
        out = dict(old)
        for key, node in delta["{"].items():
            out[key] = patch(old.get(key), node)
        for key in delta.get("-", []):
            out.pop(key, None)
        return out
    if "[" in delta:
        if not isinstance(old, list) or not _keyed(old):
            raise ValueError("the delta changes records of something that is not a list of records")
        before = {item["id"]: item for item in old}
        items = []
        for ref in delta["["]:
            if isinstance(ref, dict) and "+" in ref:
                items.append(ref["+"])
                continue
            key = ref.get("id") if isinstance(ref, dict) else ref
            if key not in before:
                raise ValueError(f"the delta names a record ({key}) the view does not hold")
            items.append(patch(before[key], ref.get("~")) if isinstance(ref, dict) else before[key])
        return items
    raise ValueError("an unknown delta node")


def _keyed(items: list) -> bool:
    """A list of records with distinct ids (hashable, never a dict: a ref that is a dict is a change)."""
    if not all(isinstance(item, dict) and isinstance(item.get("id"), (int, str)) for item in items):
        return False
    return len({item["id"] for item in items}) == len(items)
