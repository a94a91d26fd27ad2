"""Maps in a report page: each one an inline SVG figure, their font embedded once for the page.

Each map is drawn at the size it is shown at (16 px labels stay 16 px), so a row of
small maps is laid out small rather than shrunk.

>>> from game.scenario import load_rules
>>> from game.maps.sight import Sight
>>> rules = load_rules("tutorial")
>>> maps = MapFigures(rules.presentation)
>>> html = maps.figure(Sight.at_start(rules, "public"), "The region at the start", "As everyone sees it.")
>>> html.startswith("<figure") and "@font-face" in maps.head()
True
"""

from __future__ import annotations

from ..maps.scene import MapLayout, Scene, layout_for
from ..maps.shown import shown_for
from ..maps.sight import Sight
from ..maps.svg import REPORT_WIDTH, fonts_css, natural_size, scene_svg
from ..scenario.presentation import Presentation
from .html import esc

CSS = ("figure.map{margin:1em 0;break-inside:avoid;max-width:100%}"
       "figure.map svg{max-width:100%;height:auto;display:block}"
       "figure.map figcaption{font-size:.9em;color:#444;margin-top:.3em}"
       ".maps{display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start}.maps figure.map{flex:0 1 auto;margin:0}")


class MapFigures:
    """The maps of one page; ``head()`` is the style they need (put it in the page's head)."""

    def __init__(self, presentation: Presentation, width: int = REPORT_WIDTH, prefix: str = "map"):
        self.presentation = presentation
        self.width = width
        self.prefix = prefix
        self.layouts: dict[int, MapLayout] = {}
        self.scenes: list[Scene] = []

    def layout(self, width: int | None = None) -> MapLayout:
        width = width or self.width
        if width not in self.layouts:
            self.layouts[width] = layout_for(self.presentation, natural_size(self.presentation, width))
        return self.layouts[width]

    def scene(self, sight: Sight, width: int | None = None) -> Scene:
        """What ``sight`` may see, laid out ``width`` pixels wide."""
        return self.layout(width).scene(shown_for(sight, self.presentation.map))

    def figure(self, sight: Sight, title: str, caption: str, scene: Scene | None = None, width: int | None = None) -> str:
        """One map as a figure: its SVG (titled ``title``) and a caption that says whose view it is."""
        scene = scene or self.scene(sight, width)
        self.scenes.append(scene)
        svg = scene_svg(self.layout(scene.width), scene, title=title, id_prefix=f"{self.prefix}-{len(self.scenes)}")
        style = f' style="width:{scene.width}px"'
        return f'<figure class="map"{style}>{svg}<figcaption><b>{esc(title)}.</b> {esc(caption)}</figcaption></figure>'

    def head(self) -> str:
        """The page's style for its maps, with the glyphs their labels use embedded (nothing is fetched)."""
        return f"<style>{CSS}{fonts_css(self.scenes)}</style>" if self.scenes else ""
