"""Around the engine: a played game and everything that runs it, written once for every face.

- ``runner``: the game runner (``Game``): the session, the AI players, the clock, late
  orders, drafts and the save hook; faces send it inputs and render its events;
- ``events``: the inputs a face sends and the events a game emits; ``views``: a role's
  ``View``, all a face may draw for it;
- ``session``: a match plus the messages and the facilitator's acts, replayed from a save;
- ``acts``, ``saves``, ``frames``: typed records (pydantic) of the acts, the save file and
  the LAN protocol's frames;
- ``negotiation``: messages and the statements the engine understands;
- ``facilitator`` and ``clock``: the white cell's powers over a game, the turn's countdown;
- ``public``: what every role may see (the projector); ``words``: the words of the
  engine's causes; ``hints``: tutorial hints for a role's view.

Faces (terminal, window, LAN host, reports) import from here; nothing here imports a face.
"""
