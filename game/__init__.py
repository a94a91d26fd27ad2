"""Brinkmanship: a turn-based crisis-diplomacy game.

Layers (dependencies point one way): ``scenario`` (files to rules), ``engine``
(pure rules), ``ai`` (policies on observations), and the faces: ``text``,
``commands`` (the ``brink`` command), and later ``ui``, ``net`` and ``report``.
"""

__version__ = "0.1.0"
