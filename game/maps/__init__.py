"""The scenario's map for any face: what a viewer may see on it, laid out once, drawn by each face.

``sight`` says what one viewer knows (a role, the public, or the whole truth after the end);
``shown`` picks the markers, areas and lines that viewer's map carries; ``scene`` projects
them and places every label where it hits nothing, as a list of drawable items; the window
(``game.ui.mapview``) and the SVG (``svg``, for reports and the browser) only draw that list,
so they cannot disagree. Nothing here imports pygame.
"""
