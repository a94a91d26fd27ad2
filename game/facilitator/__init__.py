"""The white cell: a facilitator's control of a seminar game (pure core, terminal face)."""

from .clock import Clock
from .core import Facilitator, FacilitatorError

__all__ = ["Clock", "Facilitator", "FacilitatorError"]
