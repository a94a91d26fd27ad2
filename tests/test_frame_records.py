"""The LAN frames' records mirror the engine's views field for field.

They are kept apart on purpose: the records are the wire format (pydantic, with the field
descriptions the published frames schema carries, versioned by the protocol) and the engine
may not import pydantic; a view turns into its record with ``model_validate(from_attributes=True)``
and back with ``model_dump``. What keeps them one contract is this test: a field added to a view
and not to its record (or the reverse) fails here, not in a LAN game.
"""

from __future__ import annotations

import dataclasses
import importlib

import pytest

from game.play import frames
from game.play.runner import Game
from game.scenario import load_rules

from minis import HEAD, write

observe = importlib.import_module("game.engine.observe")  # the module (game.engine.observe is also the function)


@pytest.mark.parametrize("record, view", [
    (frames.VariableRecord, observe.VariableView),
    (frames.ActionRecord, observe.ActionView),
    (frames.DemandRecord, observe.DemandView),
    (frames.ThreatRecord, observe.ThreatView),
    (frames.ObservationRecord, observe.Observation),
], ids=lambda c: c.__name__)
def test_a_record_has_its_views_fields(record, view):
    assert set(record.model_fields) == {f.name for f in dataclasses.fields(view)}


def test_a_view_frame_names_its_sources_as_a_reader_cites_them(rules):
    """The browser has no scenario: the frame gives each order's and each report entry's source by
    its readable name ('The Washington Times, 26 Jan 2022'), beside the key the rules use."""
    from game.play.events import Seal
    from game.play.runner import Game
    from game.play.words import source_name

    game = Game.new(rules, {"us": "human"}, seed=1)
    game.send(Seal("us", ()))
    frame = frames.ViewFrame.of(rules, game.view("us"), ["us"])
    cited = [a.cite for a in frame.observation.legal if a.cite.source]
    assert cited and all(c.name == source_name(rules, c.source) != c.source for c in cited)
    entries = [e for e in frame.report.entries if e.source]
    assert entries and all(e.source_name == source_name(rules, e.source) for e in entries)
    assert frame.to_view(rules.roles).obs.legal[0].cite.source == game.view("us").obs.legal[0].cite.source


def test_a_view_without_the_public_state_is_refused_with_a_clear_error():
    rules = load_rules("winter-2021")
    view = dataclasses.replace(Game.new(rules, {"us": "human"}, seed=1).view("us"), public=None)
    with pytest.raises(ValueError, match="no public state"):
        frames.ViewFrame.of(rules, view, connected=["us"])


def test_an_action_that_names_no_source_crosses_the_wire(tmp_path):
    """A source is optional (a lint warning): the view frame of such an action once failed validation."""
    path = write(tmp_path, "mini.yaml", HEAD + """\
variables:
  tension: {label: Tension, initial: 10, min: 0, max: 100, source: doc}
actions:
  talk: {role: us, label: Talk, cost: 1, effects: {tension: -1}}
endings:
  calm: {title: Calm, text: It stays calm., default: true, source: doc}
""")
    rules = load_rules(path)
    view = Game.new(rules, {"us": "human"}, seed=1).view("us")
    frame = frames.HOST_FRAME.validate_json(frames.ViewFrame.of(rules, view, connected=["us"]).model_dump_json())
    talk = next(a for a in frame.to_view().obs.legal if a.id == "talk")
    assert talk.cite.source == ""


# (sender, statement) -> the host's words every frame carries with the message: Statement.describe's,
# as the window and the terminal show them (the browser shows these, having no scenario to word by)
STATEMENTS = [
    pytest.param("us", {"kind": "threat", "ref": "sanction_banks"},
                 "Threat: Cut major banks off from dollar transactions (comes due after Full-scale invasion or Limited "
                 "incursion into the Donbas)",
                 id="a threat, with the trigger that carries it out"),
    pytest.param("russia", {"kind": "red_line", "ref": "russia_no_membership"},
                 "Red line: NATO must not open its door to Ukraine (crossed after Offer Ukraine a membership pathway)",
                 id="a red line, with its trigger"),
    pytest.param("us", {"kind": "commitment", "ref": "call_putin", "do": False, "by_turn": 3},
                 "Commitment: will refrain from “Call Putin” by week 3", id="a commitment to refrain"),
    pytest.param("us", {"kind": "deal", "ref": "russia", "by_turn": 4, "give": [{"ref": "call_putin", "do": False}],
                        "ask": [{"ref": "withdraw_troops"}]},
                 "Deal offered to Russia: we will: refrain from “Call Putin”, if Russia will: “Withdraw the troops”, by week 4",
                 id="a deal"),
]


@pytest.mark.parametrize("sender, statement, words", STATEMENTS)
def test_every_frame_carries_a_statement_in_the_hosts_words(tmp_path, sender, statement, words):
    from game.net.server import GameServer
    from game.play.events import Say
    from game.scenario import load_scenario

    server = GameServer.new(load_scenario("winter-2021"), seed=1, save_path=tmp_path / "host.json", ai={"nato": "historical"})
    rules, game = server.fac.rules, server.fac.game
    game.send(Say(sender, "all", "For the record.", statement))
    said = next(m for m in game.session.messages() if m.sender == sender)  # (an AI may answer it: NATO concedes a red line)
    assert said.statement.describe(rules) == words  # the window's and the terminal's words
    other = "russia" if sender == "us" else "us"
    sent = [server.view_frame(other), server.public_frame(), server.history(other, said.id + 1, 10)]
    sent.append(frames.HOST_FRAME.validate_python(server.actor_view("ukraine")))
    for frame in sent:  # a team's view, the projector's, an older page, a playable actor's: as they cross the wire
        frame = frames.HOST_FRAME.validate_json(frame.model_dump_json())
        assert [m.words for m in frame.messages if m.id == said.id] == [words], frame.type
        assert all(m.words == m.statement.describe(rules) for m in frame.messages if m.statement is not None)
    assert frames.MessageRecord.of(rules, said.model_copy(update={"statement": None})).words == ""
