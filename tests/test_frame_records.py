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
