"""Talk as a game panel: statements built from lists, and the key that opens it not typed."""

from __future__ import annotations

import pygame

from ui_driver import frame, make_app, press

AI = {"russia": "historical", "nato": "historical"}


def open_talk(tmp_path, monkeypatch):
    app = make_app(tmp_path, monkeypatch)
    app.new_game(app.loaded, {"us": "human", **AI}, seed=3)
    while app.top.name != "game":
        press(app, pygame.K_RETURN)
    # a real T: the key and the text it makes come in the same frame
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_t, mod=0, unicode="t", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text="t"))
    frame(app, 2)
    assert app.top.name == "talk"
    return app


def test_the_key_that_opens_talk_is_not_typed(tmp_path, monkeypatch):
    app = open_talk(tmp_path, monkeypatch)
    try:
        assert app.top.entry.get_text() == "" and app.top.entry.is_focused
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text="h"))
        frame(app)
        assert app.top.entry.get_text() == "h"  # typing goes to the line once it is open
    finally:
        app.close()


def test_a_statement_is_built_from_lists_and_declared(tmp_path, monkeypatch):
    app = open_talk(tmp_path, monkeypatch)
    try:
        talk = app.top
        assert talk.kinds[0] == "threat" and {"commit", "refrain"} <= set(talk.kinds)
        while talk.kind != "commit":
            talk.cycle("kind")
        talk.cycle("option")  # the second week on offer
        word, statement = talk.statement()
        assert word == "commit" and statement["by_turn"] == 2 and statement["do"]
        label = app.loaded.rules.action("us", statement["ref"]).label
        assert label in talk.pick_button.text.replace("…", "") or talk.pick_button.text.endswith("…›")
        talk.declare()
        messages = app.flow.game.messages_for("russia")
        assert messages and messages[-1].statement is not None
        assert messages[-1].statement.ref == statement["ref"] and messages[-1].public
        assert "Declared in public" in app.toast_text
    finally:
        app.close()
