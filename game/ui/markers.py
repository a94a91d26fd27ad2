"""Map markers from a role's view: troops sized by the deployment variables, drills, fleets, battlegroups.

Pure data, no drawing: the markers for a role come only from its ``View``
(observed variables, estimates as ranges, and the actions its reports showed).

>>> MARKER_VARIABLES["russia_troops_border"].anchor
'russia_border_west'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .session import View


@dataclass(frozen=True)
class VariableMarker:
    """A force whose size follows a variable (in thousands)."""

    anchor: str
    side: str
    label: str
    full: float  # the value drawn at full size


@dataclass(frozen=True)
class ActionMarker:
    """A marker that appears once a role has seen an action carried out."""

    anchor: str
    side: str
    label: str
    kind: str  # 'drills', 'fleet', 'battlegroup', 'aid', 'attack'
    lasts: int = 99  # turns it stays on the map after it was last seen


MARKER_VARIABLES = {
    "russia_troops_border": VariableMarker("russia_border_west", "russia", "Russian troops", 200.0),
    "us_troops_alert": VariableMarker("poland_east", "us", "US troops", 30.0),
}

# standing forces, on the map from the start of the crisis
STANDING = [
    ActionMarker("black_sea_fleet", "russia", "Black Sea Fleet", "fleet"),
    ActionMarker("baltic_battlegroups", "nato", "NATO battlegroups", "battlegroup"),
]

MARKER_ACTIONS = {
    "drills_belarus": [ActionMarker("belarus_south", "russia", "Drills in Belarus", "drills", lasts=3)],
    "naval_drills": [ActionMarker("black_sea_fleet", "russia", "Naval drills", "drills", lasts=2)],
    "reinforce_eastern_flank": [ActionMarker("poland_east", "nato", "NATO reinforcements", "battlegroup"),
                                ActionMarker("romania_east", "nato", "NATO reinforcements", "battlegroup")],
    "deploy_eastern_europe": [ActionMarker("romania_east", "us", "US deployment", "battlegroup")],
    "arm_ukraine": [ActionMarker("ukraine_center", "us", "Anti-tank missiles", "aid")],
    "limited_incursion": [ActionMarker("donbas", "russia", "Incursion", "attack")],
    "full_invasion": [ActionMarker("ukraine_center", "russia", "Invasion", "attack"),
                      ActionMarker("crimea", "russia", "Invasion", "attack")],
}


@dataclass
class Marker:
    anchor: str
    side: str
    kind: str  # 'force', plus the ActionMarker kinds
    label: str
    size: float = 0.0  # 0..1 of full size (forces)
    low: float | None = None  # 0..1 range of an estimate
    high: float | None = None
    exact: bool = True
    recent: bool = False  # seen in the last report


def markers_for(view: View) -> list[Marker]:
    """The markers to draw on ``view``'s map."""
    out: list[Marker] = []
    by_id = {v.id: v for v in view.obs.variables}
    for var_id, spec in MARKER_VARIABLES.items():
        v = by_id.get(var_id)
        if v is None:
            continue
        if v.value is None:
            out.append(Marker(spec.anchor, spec.side, "force", f"{spec.label}: unknown", 0.35, exact=False))
            continue
        if v.exact and v.value < 0.5:
            continue
        size = min(1.0, v.value / spec.full)
        if v.exact:
            out.append(Marker(spec.anchor, spec.side, "force", f"{spec.label} {v.value:.0f}k", size))
        else:
            out.append(Marker(spec.anchor, spec.side, "force", f"{spec.label} ~{v.value:.0f}k ({v.low:.0f}–{v.high:.0f})",
                              size, min(1.0, v.low / spec.full), min(1.0, v.high / spec.full), exact=False))
    for spec in STANDING:
        out.append(Marker(spec.anchor, spec.side, spec.kind, spec.label))
    last_turn = view.last_report.turn if view.last_report else 0
    for action_id, turn in view.actions_seen().items():
        for spec in MARKER_ACTIONS.get(action_id, []):
            if last_turn - turn < spec.lasts:
                out.append(Marker(spec.anchor, spec.side, spec.kind, spec.label, recent=turn == last_turn))
    return out
