"""The map a web seat shows, as SVG: the window's map (``game.maps``), drawn from what that seat may see.

``role_svg(rules, frame)`` draws a role's map from its view frame (nothing the frame does not
carry: estimates as their range, unknowns as "?"), ``public_svg(rules, match)`` the projector's
(what everyone sees of the host's game; before a game, the start). Both are the same layout the
window paints and the reports print, so every face shows one map.

>>> from game.scenario import load_rules
>>> svg = public_svg(load_rules("tutorial"), match=None)
>>> svg.startswith("<svg") and "</svg>" in svg
True
"""

from __future__ import annotations

from ..engine.rules import Rules
from ..maps.sight import PUBLIC, Sight
from ..maps.svg import map_svg, svg_for
from ..play.frames import ViewFrame


def role_svg(rules: Rules, frame: ViewFrame) -> str:
    """A role's map: what its view frame shows."""
    sight = Sight.of(frame.to_view(list(rules.roles)))
    return map_svg(rules.presentation, sight, title=f"Map: what {frame.observation.role_name} sees",
                   id_prefix=f"map-{frame.observation.role}")


def public_svg(rules: Rules, match) -> str:
    """The projector's map: what every role sees of ``match`` (the host's game), or the start without one."""
    if match is None:
        return map_svg(rules.presentation, Sight.at_start(rules, PUBLIC), title="Map", id_prefix="map-public")
    return svg_for(match, PUBLIC, id_prefix="map-public")
