"""Talk as a game panel: statements and deals built from lists, the AI's answers accepted or rejected in
one click, playable actors to write to, and the key that opens it not typed."""

from __future__ import annotations

import pygame

from game.ui.screens.talk import TalkScreen, local_sender, offer_words

from ui_driver import click, frame, make_app, press

AI = {"russia": "historical", "nato": "historical"}


def open_talk(tmp_path, monkeypatch, seed: int = 3):
    app = make_app(tmp_path, monkeypatch)
    app.new_game(app.loaded, {"us": "human", **AI}, seed=seed)
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


DEAL_SEED = 4  # a game in which Russia (History) counters the deal of propose_a_deal


def pick(talk, side: str, action: str) -> None:
    """Click through the list of ``side`` until it shows ``action``, as a player would."""
    for _ in range(len(talk.deal.actions(side))):
        if talk.deal.picked(side)[0] == action:
            return
        talk.step_term(side)
    raise AssertionError(f"{action} is not on the {side} list")


def propose_a_deal(app):
    """US to an AI Russia, built from the lists: call Putin if Russia withdraws its troops, by week 6."""
    talk = app.top
    while talk.kind != "deal":
        talk.cycle("kind")
    assert talk.pick_button.text.startswith("With Russia")
    while talk.deal.by_turn != 6:
        talk.cycle("option")
    assert talk.option_button.text.startswith("By week 6")
    pick(talk, "give", "call_putin")
    talk.add_term("give")
    pick(talk, "ask", "withdraw_troops")
    talk.add_term("ask")
    assert talk.declare_button.text == "Propose to Russia"
    talk.declare()
    return talk


def pick_from_menu(app, side: str, action: str) -> None:
    """Open the drop-down of ``side`` and click ``action`` in it, with the mouse, as a player would."""
    talk = app.top
    click(app, talk.term_menus[side].rect.center)
    items = talk.term_menus[side].current_state.options_selection_list.item_list
    item = next(i for i in items if i["object_id"] == action)
    click(app, item["button_element"].rect.center)
    frame(app, 2)


def test_a_deal_term_is_picked_from_a_drop_down_in_two_clicks(tmp_path, monkeypatch):
    app = open_talk(tmp_path, monkeypatch)
    try:
        talk = app.top
        while talk.kind != "deal":
            talk.cycle("kind")
        frame(app)
        first = talk.term_menus["give"]
        assert first.selected_option[0] == "Give: pick an action" and first.visible
        listed = [ref for ref, _ in talk.term_lists["give"][1:]]
        assert listed == [ref for ref, _ in talk.deal.actions("give")]  # every US action, in one list
        far = listed[5]  # six steps down the old one-click-per-action list
        pick_from_menu(app, "give", far)
        click(app, talk.term_buttons["ask"][0].rect.center)  # the next term asked for: refrained from
        pick_from_menu(app, "ask", "mass_troops")
        assert talk.deal.terms == {"give": [{"ref": far, "do": True}], "ask": [{"ref": "mass_troops", "do": False}]}
        # the menu shows its word again and no longer offers what the deal holds
        assert first is not talk.term_menus["give"]
        assert talk.term_menus["give"].selected_option[0] == "Give: pick an action"
        assert far not in [ref for ref, _ in talk.term_lists["give"]]
        assert "Russia gives: refrain from" in " ".join(talk.deal.summary_lines())
        shots = tmp_path / "shots"
        shots.mkdir()
        pygame.image.save(app.surface, str(shots / "talk-deal-menus.png"))
        click(app, talk.term_menus["ask"].rect.center)  # open: the list of Russia's actions over the panel
        pygame.image.save(app.surface, str(shots / "talk-deal-menu-open.png"))
        assert talk.term_menus["ask"].current_state.options_selection_list.visible
        while talk.kind != "threat":
            talk.cycle("kind")
        assert not talk.term_menus["give"].visible and not talk.term_menus["ask"].visible
    finally:
        app.close()


def test_a_deal_is_built_from_lists_and_the_ai_counter_accepted_in_one_click(tmp_path, monkeypatch):
    app = open_talk(tmp_path, monkeypatch, seed=DEAL_SEED)
    try:
        talk = propose_a_deal(app)
        game = app.flow.game
        deal = next(m for m in game.messages_for("us") if m.statement is not None and m.statement.kind == "deal")
        assert [t.ref for t in deal.statement.give] == ["call_putin"] and [t.ref for t in deal.statement.ask] == ["withdraw_troops"]
        reply = next(m for m in game.messages_for("us") if m.statement is not None and m.statement.deal == deal.id)
        assert reply.sender == "russia" and reply.statement.verdict == "counter"  # the AI's answer, at once
        frame(app)
        assert talk.offer() == reply and talk.accept_button.visible and talk.reject_button.visible
        assert offer_words(app.loaded.rules, reply).startswith(f"#{reply.id} Russia counters your deal #{deal.id}: Russia will: ")
        assert "#f0c060" in talk.box.html_text  # the counter stands out in the messages
        talk.close()
        assert app.top.talk_button.text == "Talk (T) · deal"  # the game screen says a deal waits
        press(app, pygame.K_t)
        talk = app.top
        talk.answer("accept")
        mine = [m for m in game.messages_for("us") if m.sender == "us" and m.statement is not None]
        assert mine[-1].statement.kind == "commitment" or any(
            m.statement.kind == "reply" and m.statement.verdict == "accept" and m.statement.deal == reply.id for m in mine)
        commitments = [m for m in game.messages_for("russia") if m.statement is not None and m.statement.kind == "commitment"]
        assert {m.sender for m in commitments} == {"us", "russia"}  # the counter's terms now bind both sides
        frame(app)
        assert talk.offer() is None and not talk.accept_button.visible
    finally:
        app.close()


def test_a_deal_offered_to_you_is_rejected_in_one_click(tmp_path, monkeypatch):
    app = open_talk(tmp_path, monkeypatch, seed=DEAL_SEED)
    try:
        talk = propose_a_deal(app)
        offer = talk.offer()
        assert offer is not None
        talk.answer("reject")
        game = app.flow.game
        assert any(m.sender == "us" and m.statement is not None and m.statement.verdict == "reject"
                   and m.statement.deal == offer.id for m in game.messages_for("russia"))
        assert not any(m.statement is not None and m.statement.kind == "commitment" for m in game.messages_for("us"))
        assert talk.offer() is None
    finally:
        app.close()


def test_a_deal_needs_a_term_and_takes_each_once(tmp_path, monkeypatch):
    app = open_talk(tmp_path, monkeypatch)
    try:
        talk = app.top
        assert talk.deal.summary().startswith("Not yet a deal")
        assert talk.deal.add("give") is None and talk.deal.add("give") == "That term is in the deal already"
        talk.deal.toggle("ask")
        talk.deal.add("ask")
        assert "refrain from" in talk.deal.summary_lines()[1] and talk.deal.statement()["ask"][0]["do"] is False
        assert "refrain from" in talk.deal.summary()
        talk.deal.next_partner()  # another role: the terms asked of Russia go
        assert talk.deal.partner == "nato" and talk.deal.statement()["ask"] == []
    finally:
        app.close()


def test_the_to_list_offers_a_playable_actor(tmp_path, monkeypatch):
    app = make_app(tmp_path, monkeypatch)
    app.new_game(app.loaded, {"us": "human", **AI}, seed=3)
    try:
        while app.top.name != "game":
            press(app, pygame.K_RETURN)
        game = app.flow.game
        app.push(TalkScreen(app, game.rules, "us", lambda: game.messages_for("us"), local_sender(game, "us"),
                            actors=list(game.rules.playable_actors)))
        frame(app)
        talk = app.top
        assert talk.recipients[-1] == "ukraine"
        while talk.to != "ukraine":
            talk.next_recipient()
        assert talk.to_button.text == "To: Ukraine only"
        talk.entry.set_text("Hold the line in Kyiv.")
        talk.send()
        sent = game.messages_for("us")[-1]
        assert (sent.to, sent.text) == ("ukraine", "Hold the line in Kyiv.") and not sent.public
        assert "Sent to Ukraine" in app.toast_text
    finally:
        app.close()


def test_tab_skips_the_buttons_hidden_for_another_kind(tmp_path, monkeypatch):
    app = open_talk(tmp_path, monkeypatch)
    try:
        talk = app.top
        assert talk.kind == "threat" and not talk.accept_button.visible
        seen = []
        for _ in range(len(talk.focus.items)):
            talk.focus.focus(talk.focus.index + 1)
            seen.append(talk.focus.focused)
        assert seen and all(button.visible for button in seen)
        assert not any(button in seen for button in talk.term_buttons["give"])  # the deal builder's, hidden now
    finally:
        app.close()
