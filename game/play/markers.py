"""What a role's map shows this turn: now ``game.maps.shown`` (shared by the window, the SVG and the browser).

Kept so that ``from game.play.markers import shown_for`` goes on working.
"""

from ..maps.shown import MAX_COUNT, Marker, Shown, shown_for  # noqa: F401
from ..maps.sight import Seen  # noqa: F401
