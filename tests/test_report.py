"""The after-action report: a real HTML file, opened and checked."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser

import pytest

from game.cli import main
from game.engine.adjudicate import Adjustment
from game.engine.match import Match
from game.play.session import Session


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images, self.links, self.text, self.headings, self._h = [], [], [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs.get("src", ""))
        if tag in ("a", "link", "script"):
            self.links.append(attrs)
        if tag in ("h2", "h3"):
            self._h = tag

    def handle_data(self, data):
        self.text.append(data)
        if self._h:
            self.headings.append(data.strip())
            self._h = None


@pytest.fixture(scope="module")
def seminar_save(rules, tmp_path_factory):
    s = Session(Match(rules, 21), {"us": "human", "russia": "human", "nato": "historical"})
    s.say("us", "russia", "A quiet word: we can talk about missiles.")
    s.say("russia", "all", "No drills next week", {"kind": "commitment", "ref": "drills_belarus", "by_turn": 2, "do": False})
    s.say("us", "all", "Banks will be cut off", {"kind": "threat", "ref": "sanction_banks"})
    s.adjudicate(Adjustment("set", "talks_progress", value=25), "the teams agreed a framework in the room")
    s.note("Week one: both sides tested each other")
    plan = [{"us": ["video_summit"], "russia": ["mass_troops"]}, {"russia": ["drills_belarus"]}, {"us": ["consult_allies"]}]
    for orders in plan:
        for role in rules.roles:
            s.submit(role, orders.get(role, []))
        s.resolve()
    path = tmp_path_factory.mktemp("aar") / "seminar.json"
    s.save(path)
    return path, s


@pytest.fixture(scope="module")
def report(seminar_save, tmp_path_factory):
    path, _ = seminar_save
    out = tmp_path_factory.mktemp("html") / "report.html"
    assert main(["report", str(path), "--out", str(out), "--games", "30", "--reveal"]) == 0  # the game goes on
    html = out.read_text(encoding="utf-8")
    page = Page()
    page.feed(html)
    return html, page


def test_self_contained_with_embedded_charts(report):
    html, page = report
    assert page.images and all(src.startswith("data:image/png;base64,") for src in page.images)
    for src in page.images:
        assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    assert not page.links and not re.search(r"""(src|href)\s*=\s*["'](https?:|//)""", html)


def test_sections(report):
    _, page = report
    for heading in ("The game", "How the key variables moved", "Where it turned", "Threats and red lines: said against done",
                    "Against the historical path", "Timeline, week by week", "The white cell's record",
                    "The reveal: what was hidden", "Debrief summary"):
        assert heading in page.headings
    assert any(h.startswith("Ending") or h == "No ending yet" for h in page.headings)
    assert [h for h in page.headings if h.startswith("Week ")][:3] == [h for h in page.headings if re.match(r"Week [123]:", h)]


def test_orders_messages_and_control_are_revealed(report, seminar_save, rules):
    _, page = report
    text = " ".join(page.text)
    for label in ("Biden-Putin video summit", "Consult allies and Kyiv"):
        assert label in text
    assert "A quiet word: we can talk about missiles." in text and "private to Russia" in text
    assert "the teams agreed a framework in the room" in text and "Week one: both sides tested each other" in text
    assert re.search(r"\w{3} \d\d \w{3} 2\d{3}, \d\d:\d\d \S+", text)  # messages and acts carry their local time
    assert "broken" in text  # Russia drilled after saying it would not
    assert "(wt-2022-01-26" in text or "(news-2022-01-02" in text  # consequences name their source


def test_outlook_rows_add_up(report, rules):
    html, _ = report
    rows = re.findall(r"<tr><td>week (\d+)</td>((?:<td>\d+%</td>)+)</tr>", html)
    assert [int(r[0]) for r in rows] == [1, 2, 3, 4]
    for _, cells in rows:
        shares = [int(x) for x in re.findall(r"(\d+)%", cells)]
        assert len(shares) == len(rules.endings) and 97 <= sum(shares) <= 103


def test_a_report_before_the_end_needs_a_role_or_public_and_reveals_nothing_hidden(seminar_save, tmp_path, capsys):
    path, session = seminar_save
    out = tmp_path / "r.html"
    assert main(["report", str(path), "--out", str(out)]) == 2
    assert "not over" in capsys.readouterr().err and not out.exists()
    assert main(["report", str(path), "--out", str(out), "--role", "nato"]) == 0
    nato = out.read_text(encoding="utf-8")
    assert "The game is not over" in nato and "NATO saw it" in nato
    # no private message between others, no white cell's reason, no ending outlook, no documented path
    assert "A quiet word: we can talk about missiles." not in nato
    assert "the teams agreed a framework in the room" not in nato and "Where it turned" not in nato
    assert "historical" not in nato and "Invasion readiness" not in nato
    assert main(["report", str(path), "--out", str(out), "--public"]) == 0
    public = out.read_text(encoding="utf-8")
    assert "as every role saw it" in public and "A quiet word" not in public and "Our orders" not in public
    assert main(["report", str(path), "--out", str(out), "--role", "mars"]) == 2


def test_bad_save_is_refused(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    out = tmp_path / "r.html"
    assert main(["report", str(bad), "--out", str(out)]) == 2
    assert "corrupt" in capsys.readouterr().err and not out.exists()


ENGINE_WORDED = ["fizzled", "dropped", "no_consensus", "demand_accepted", "demand_rejected", "demand_countered",
                 "demand_expired", "delayed", "threat_due", "threat_honored", "threat_broken", "commitment_kept",
                 "commitment_broken", "refrain_kept", "refrain_broken", "offer_kept", "offer_broken"]


@pytest.mark.parametrize("kind", ENGINE_WORDED)
def test_every_kind_the_engine_leaves_unworded_gets_words(rules, kind):
    """The engine records causes, not prose; game.play.words words each kind it records without a headline."""
    from game.engine.report import Entry
    from game.play.words import headline

    about = {"demand": rules.demands[0].id, "threat": rules.threats[0].id, "delayed": next(e.id for e in rules.events if e.delay)}
    key = "demand" if kind.startswith("demand") else "threat" if kind.startswith("threat") else "delayed" if kind == "delayed" else None
    thing = about[key] if key else rules.actions[0].id
    words = headline(rules, Entry("x", kind, thing, "", role=rules.actions[0].role, due=3))
    assert words and thing not in words and "None" not in words


def test_every_entry_of_played_games_is_worded_for_the_faces(rules):
    from game.engine.match import Match
    from game.play.words import headline
    from game.simulation import policies_for

    unworded = set()
    for seed in range(6):
        m = Match(rules, seed)
        policies = policies_for(rules, {role: "random" for role in rules.roles})
        while not m.over:
            report = m.play_turn({p.role: p.choose_ids(m.observe_batch(p.role)) for p in policies})
            for e in report.entries:
                words = headline(rules, e)
                assert words and words != e.id, (e.kind, e.id)
                if not e.headline:
                    unworded.add(e.kind)
    assert unworded and unworded <= set(ENGINE_WORDED)  # the engine leaves these to the faces, and only these


def test_the_report_replays_the_game_once_for_every_turn_start(rules):
    """One replay of orders and acts, stopped at each turn's start, gives each start as it was played."""
    import numpy as np

    from game.engine.adjudicate import Adjustment
    from game.engine.match import Match
    from game.play.session import Session
    from game.report.aar import turn_starts

    s = Session(Match(rules, 3), {r: "human" for r in rules.roles})
    s.adjudicate(Adjustment("set", "tension", value=70), "the room", turn=2)
    for _ in range(3):
        for role in rules.roles:
            s.submit(role, [])
        s.resolve()
    starts = turn_starts(s)
    assert len(starts) == 4 and starts[1].values[0, rules.var_index["tension"]] == 70
    for t, state in enumerate(starts[:3], start=1):
        np.testing.assert_array_equal(state.values, s.state_at(t).values)


@pytest.mark.parametrize("kind, promise", [
    ("commitment_kept", "keeps its word: will carry out “{label}” by week 3"),
    ("commitment_broken", "breaks its word: will carry out “{label}” by week 3"),
    ("refrain_kept", "keeps its word: will refrain from “{label}” by week 3"),
    ("refrain_broken", "breaks its word: will refrain from “{label}” by week 3"),
], ids=["commitment kept", "commitment broken", "refrain kept", "refrain broken"])
def test_a_kept_or_broken_promise_is_worded_as_it_was_made(rules, kind, promise):
    """The report words a promise with the verbs the statement was made with (Statement.describe's
    'carry out' / 'refrain from', the label quoted), not 'will not Put 8,500 troops ...'."""
    from game.engine.report import Entry
    from game.play.words import headline

    action = rules.actions[0]
    words = headline(rules, Entry("pledges", kind, action.id, "", role=action.role, due=3))
    assert words == f"{rules.role_names[action.role]} " + promise.format(label=action.label)
