"""The ``map:`` section of a scenario: the region, its places, areas, lines and markers.

Geometry comes from the bundled world map (``assets/map/world.json``, Natural Earth
1:110m); the section says which part of it to show, how to colour the countries,
and what to draw on top, each drawing bound to the game: a marker sized by a
variable, an area that appears when an action, an event or an ending says so.
Points are ``[lon, lat]`` in degrees, or the id of a place of the section.

>>> MapSection.model_validate({"region": {"bounds": [-90, 15, -70, 30]}}).region.projection is None
True
"""

from __future__ import annotations

from typing import Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .reuse_fields import Extends, extends_field

COLOR_PATTERN = r"^#[0-9a-fA-F]{6}$"
LonLat = tuple[float, float]
Where = Union[LonLat, str]
"""A point: [lon, lat] in degrees, or the id of one of the map's places."""


class Strict(BaseModel):
    """Unknown keys are errors (the same rule as ``models.Strict``; defined here so models.py can import this module)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Region(Strict):
    """The part of the world the map shows, and how it is projected."""

    bounds: tuple[float, float, float, float] = Field(
        description="[lon_min, lat_min, lon_max, lat_max] in degrees (west and south are negative). "
        "The whole box is shown; the map shows more along the longer side of the window's map.")
    projection: Literal["lambert", "mercator", "equirectangular"] | None = Field(
        None, description="Lambert conformal conic (mid latitudes), Mercator (near the equator) or plate carrée "
        "(large areas). Left out, it is chosen from the bounds.")

    @field_validator("bounds")
    @classmethod
    def _box(cls, b: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        lon_min, lat_min, lon_max, lat_max = b
        if not (-180 <= lon_min < lon_max <= 180):
            raise ValueError(f"longitudes must satisfy -180 <= lon_min < lon_max <= 180 (got {lon_min:g}, {lon_max:g})")
        if not (-85 <= lat_min < lat_max <= 85):
            raise ValueError(f"latitudes must satisfy -85 <= lat_min < lat_max <= 85 (got {lat_min:g}, {lat_max:g})")
        return b


class CountryStyle(Strict):
    """How some countries of the world map are drawn: in a role's colours, in a fill of their own, named or not."""

    extends: Extends = extends_field()

    countries: list[str] = Field(min_length=1, description="Country ids of the world map (e.g. ukraine, united_states), or parts (crimea, kaliningrad).")
    side: str | None = Field(None, description="Role whose territory they are: filled with a dark shade of the role's colour.")
    fill: str | None = Field(None, pattern=COLOR_PATTERN, description="Fill colour #rrggbb (instead of the side's shade).")
    label: bool = Field(False, description="Write each country's name on it (when it fits). Small countries are better named by a capital.")


class Place(Strict):
    """A named point: a city, a capital, a sea or a free label."""

    extends: Extends = extends_field()

    name: str = Field(description="Name shown on the map.")
    local: str | None = Field(None, description="Name in the local script, shown when the player turns on local names (L).")
    at: LonLat = Field(description="[lon, lat] in degrees. On a coarse coast, move a port a little inland.")
    kind: Literal["city", "capital", "sea", "label"] = Field(
        "city", description="city (small dot), capital (large dot), sea (italic, blue, no dot) or label (text only).")


class Bound(Strict):
    """What makes a drawing appear: actions or events the role has seen, or the ending reached."""

    actions: list[str] = Field(default_factory=list, description="Appears once the role has seen one of these actions taken (any role's).")
    events: list[str] = Field(default_factory=list, description="Appears once the role has seen one of these events or reactions happen.")
    endings: list[str] = Field(default_factory=list, description="Appears when the game has ended with one of these endings.")
    lasts: int | None = Field(None, ge=1, le=200, description="Turns it stays after it was last seen (left out: for the rest of the game).")

    @property
    def bound(self) -> bool:
        """Whether anything in the game shows it (else it is always on the map)."""
        return bool(self.actions or self.events or self.endings)


class Area(Bound):
    """A shaded area: claimed, occupied, contested. Always drawn, or when the game shows it."""

    extends: Extends = extends_field()

    label: str = Field(description="What the area is (hover text).")
    shape: str | None = Field(None, description="A country or part of the world map whose outline it takes (e.g. crimea).")
    polygon: list[Where] | None = Field(None, min_length=3, description="Its outline as points; with `within`, it may run past the country's border and is cut there.")
    within: str | None = Field(None, description="Country (or part) of the world map the polygon is cut to: draw past the border, the coast and the border stay exact.")
    held_by: str | None = Field(None, description="Role that holds the area: drawn in that role's colour.")
    color: str | None = Field(None, pattern=COLOR_PATTERN, description="Colour #rrggbb (instead of the holder's).")
    style: Literal["hatch", "fill", "outline"] = Field("hatch", description="Diagonal hatching (a cue besides colour), a translucent fill, or an outline.")
    legend: str | None = Field(None, description="Its entry in the map's legend (left out: 'held by ROLE' when `held_by` is given, else none).")

    @model_validator(mode="after")
    def _one_outline(self) -> "Area":
        if (self.shape is None) == (self.polygon is None):
            raise ValueError("give the area either 'shape' (a country or part of the world map) or 'polygon', not both")
        if self.within is not None and self.polygon is None:
            raise ValueError("'within' cuts a 'polygon'; a 'shape' needs no cutting")
        return self


class Line(Bound):
    """A line on the map: a front, a line of contact, a blockade, a border of interest."""

    extends: Extends = extends_field()

    label: str = Field(description="What the line is (hover text).")
    points: list[Where] = Field(min_length=2, description="Points the line runs through, in order.")
    color: str | None = Field(None, pattern=COLOR_PATTERN, description="Colour #rrggbb (default: a red that reads on land and sea).")
    style: Literal["solid", "dashed"] = Field("solid", description="solid or dashed.")
    legend: str | None = Field(None, description="Its entry in the map's legend (optional).")


class Marker(Bound):
    """A marker in a role's colour and shape: a force sized by a variable, a unit, a fleet, drills, aid, an arrow."""

    extends: Extends = extends_field()

    label: str = Field(description="What it stands for (hover text, e.g. 'Russian troops').")
    role: str = Field(description="Role whose colour and shape it takes.")
    kind: Literal["force", "unit", "fleet", "drills", "aid", "attack"] | None = Field(
        None, description="force (sized by `variable`), unit, fleet, drills (ringed), aid, attack (an arrow along `path`). "
        "Left out: force with a variable, attack with a path, unit otherwise.")
    at: Where | None = Field(None, description="Where it stands ([lon, lat] or a place id); every kind but attack needs it.")
    path: list[Where] | None = Field(None, min_length=2, description="For an attack: the arrow's points, from its tail to its head.")
    variable: str | None = Field(None, description="Variable whose value sizes the marker (an estimate is drawn as its 90% range).")
    full: float | None = Field(None, gt=0, description="Value drawn at full size (left out: the variable's max).")
    scale: Literal["size", "count"] = Field("size", description="size: one marker that grows with the value; count: one small marker per `per` units.")
    per: float = Field(1.0, gt=0, description="With scale: count, the units one marker stands for.")
    unit: str = Field("", description="Text after the value in the marker's tag (e.g. 'k' for thousands).")
    tag: str | None = Field(None, description="Short text beside the marker (left out: the value for a force, else a word for its kind).")

    @property
    def shape_kind(self) -> str:
        """The kind, with the default filled in."""
        if self.kind is not None:
            return self.kind
        return "force" if self.variable is not None else "attack" if self.path is not None else "unit"

    @model_validator(mode="after")
    def _placed(self) -> "Marker":
        kind = self.shape_kind
        if kind == "attack" and self.path is None:
            raise ValueError("an attack marker needs a 'path' (tail to head)")
        if kind != "attack" and self.at is None:
            raise ValueError(f"a {kind} marker needs 'at'")
        if kind == "force" and self.variable is None:
            raise ValueError("a force marker needs the 'variable' that sizes it")
        if self.scale == "count" and self.variable is None:
            raise ValueError("'scale: count' counts a 'variable'")
        return self


class MapSection(Strict):
    """The scenario's map: a region of the bundled world map and what is drawn on it."""

    region: Region = Field(description="The part of the world shown, and its projection.")
    countries: list[CountryStyle] = Field(default_factory=list, description="How countries are drawn (countries not named are plain grey land).")
    places: dict[str, Place] = Field(default_factory=dict, description="Cities, capitals, seas and labels, by id; markers, areas and lines may name them as points.")
    areas: dict[str, Area] = Field(default_factory=dict, description="Shaded areas (claimed, occupied ...), by id, drawn in the order written.")
    lines: dict[str, Line] = Field(default_factory=dict, description="Lines (fronts, lines of contact), by id.")
    markers: dict[str, Marker] = Field(default_factory=dict, description="Markers bound to variables, actions, events and endings, by id.")
