"""The pure game engine: no pygame, no files, no printing.

State is a batch of games in numpy arrays; a match is a batch of one.
"""

from .match import Match, OrderError
from .observe import Observation, ObservationBatch, observe, observe_batch, visible_report
from .rules import Rules
from .state import BatchState, initial_state
from .step import PHASES, legal_mask, step

__all__ = [
    "BatchState", "Match", "Observation", "ObservationBatch", "OrderError", "PHASES", "Rules",
    "initial_state", "legal_mask", "observe", "observe_batch", "step", "visible_report",
]
