"""The opponents a person can pick in the game menu (window and terminal), in plain words.

Each choice is a policy spec with a short label and one line that says what
playing against it is like. The levels come first and ``normal`` is the
default; the documented path and the personas follow, named for what they do.
Any other policy name (``greedy``, ``planner:rollouts=64``, ``fixed:...``)
still works wherever a policy is asked for; the menu offers these.

>>> [c.label for c in CHOICES][:3]
['Easy', 'Normal', 'Hard']
>>> choice("history").spec, DEFAULT.spec
('historical', 'planner')
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    """One opponent in the menu: ``key`` is what a person types, ``spec`` the policy it plays."""

    key: str
    spec: str
    label: str
    description: str

    @property
    def short(self) -> str:
        """The label up to its colon, for a button: ``History`` for "History: the documented moves"."""
        return self.label.partition(":")[0]


CHOICES = (
    Choice("easy", "planner:easy", "Easy", "Plans a little ahead and is easy to surprise."),
    Choice("normal", "planner", "Normal", "Plans to the end of the crisis and reads how you play."),
    Choice("hard", "planner:hard", "Hard", "Plays every move to the end; pieces together what it cannot see."),
    Choice("history", "historical", "History: the documented moves", "The documented moves, reacting a little to what you do."),
    Choice("hardliner", "hawk", "Hardliner", "Escalates readily and takes gambles rather than a quiet deal."),
    Choice("peacemaker", "dove", "Peacemaker", "Calms things down and avoids gambles, even at some cost."),
)
DEFAULT = CHOICES[1]
_BY_KEY = {c.key: c for c in CHOICES}
_BY_SPEC = {c.spec: c for c in CHOICES}


def choice(key: str) -> Choice:
    """The menu choice a person typed (its key, any case), e.g. ``choice("Hard").spec == "planner:hard"``."""
    try:
        return _BY_KEY[key.strip().lower()]
    except KeyError:
        raise KeyError(f"no opponent '{key}' (choose {', '.join(_BY_KEY)})") from None


def resolve(name: str) -> str:
    """A menu key becomes its policy spec; anything else (a policy spec) is kept as given.

    >>> resolve("hard"), resolve("greedy")
    ('planner:hard', 'greedy')
    """
    found = _BY_KEY.get(name.strip().lower())
    return found.spec if found else name


def label_of(spec: str, short: bool = False) -> str:
    """How the menu names a policy: its label (or short label) when it is a choice, else the spec itself.

    >>> label_of("planner:easy"), label_of("greedy"), label_of("historical", short=True)
    ('Easy', 'greedy', 'History')
    """
    found = _BY_SPEC.get(spec)
    if found is None:
        return spec
    return found.short if short else found.label


def of_spec(spec: str) -> Choice | None:
    """The menu choice that plays ``spec``, if any."""
    return _BY_SPEC.get(spec)
