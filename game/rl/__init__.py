"""Learning agents and research environments.

``features`` (the observation vector), ``orders`` (the catalogue of a role's
possible orders) and ``learn`` (a policy-gradient learner) need numpy only.
``parallel_env`` (PettingZoo) and ``single_agent_env`` (Gymnasium) need the
``research`` extra: ``pip install "brinkmanship[research]"``.
"""

from __future__ import annotations
