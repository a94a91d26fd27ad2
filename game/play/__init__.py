"""Around the engine: a played game and everything that runs it.

- ``session``: a match plus the messages and the facilitator's acts, replayed from a save;
- ``negotiation``: messages and the statements the engine understands;
- ``saves``: the save file (moves, not positions), written atomically;
- ``facilitator`` and ``clock``: the white cell's powers and the turn's countdown;
- ``public``: what every role may see (the projector);
- ``hints``: tutorial hints for a role's view.

Faces (terminal, window, LAN host, reports) import from here; nothing here imports a face.
"""
