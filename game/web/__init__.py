"""The web client: a team's seat or the projector in any browser, with nothing installed.

``brink host`` serves it on the game's own port (``pages.page_handler``, websockets'
``process_request`` hook): ``GET /`` is the page (``static/``: plain HTML, CSS and
JavaScript, no build step, nothing fetched from anywhere else), ``/?code=CODE`` joins at
once, and the page speaks the LAN protocol (``game.net.protocol``) over a websocket to
the same port, so a browser receives exactly the frames ``brink join`` receives.
Besides the page's files the host answers two questions over HTTP, both for a valid
code only: the scenario's look (``look.json``: role colours, shapes and tags, the
ladder's rungs; what any briefing prints) and the map of what that code may see
(``map.svg``, drawn from the very frame the code's websocket receives: ``maps``).
"""
