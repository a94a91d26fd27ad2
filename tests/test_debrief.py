"""The debrief: the reveal page, the futures rolled back, the white cell's record, the two-page
summary, local times; and no hidden truth before the end. Real HTML files, written, parsed, checked."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser

import numpy as np
import pytest

from game.cli import main
from game.engine.match import Match
from game.engine.state import initial_state
from game.play.clock import Clock
from game.play.facilitator import Facilitator
from game.play.runner import Game
from game.play.saves import read_save
from game.play.session import Session, from_save

OVERRIDE_REASON = "the room judged that Moscow had decided"
KEPT_REASON = "the summit went better than the rules allow"
ROLLBACK_REASON = "the override was a misreading of the room"


class Parsed(HTMLParser):
    """A page's text (without its style), headings, sections by class, and images."""

    def __init__(self, html: str):
        super().__init__()
        self.chunks, self.headings, self.classes, self.images, self.styles = [], [], [], [], []
        self._in, self._style = None, False
        self.feed(html)
        self.text = re.sub(r"\s+", " ", " ".join(self.chunks))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.classes += (attrs.get("class") or "").split()
        if tag == "img":
            self.images.append(attrs.get("src", ""))
        if tag in ("h2", "h3", "h4"):
            self._in = []
        self._style = tag == "style"

    def handle_endtag(self, tag):
        if tag in ("h2", "h3", "h4") and self._in is not None:
            self.headings.append(re.sub(r"\s+", " ", "".join(self._in)).strip())
            self._in = None
        if tag == "style":
            self._style = False

    def handle_data(self, data):
        if self._style:
            self.styles.append(data)
            return
        self.chunks.append(data)
        if self._in is not None:
            self._in.append(data)


def seal_all(fac: Facilitator, rules, orders: dict[str, list[str]]) -> None:
    for role in rules.roles:  # the last seal resolves the week
        fac.seal(role, orders.get(role, []))


def seminar(rules, finish: bool) -> Facilitator:
    """Three weeks played, an override in week 2, rolled back to week 2, replayed differently, a kept override."""
    fac = Facilitator(Game(Session(Match(rules, 6), {r: "human" for r in rules.roles}), clock=Clock(None)))
    seal_all(fac, rules, {"us": ["video_summit"], "russia": ["mass_troops"]})
    fac.override("invasion_readiness", 70, OVERRIDE_REASON)
    fac.session.say("us", "russia", "a word said in the week given up")
    seal_all(fac, rules, {"russia": ["drills_belarus"]})
    seal_all(fac, rules, {"us": ["consult_allies"]})
    fac = fac.rollback(2, ROLLBACK_REASON)
    seal_all(fac, rules, {"us": ["consult_allies"]})
    fac.override("talks_progress", 30, KEPT_REASON)
    seal_all(fac, rules, {})
    while finish and not fac.match.over:
        seal_all(fac, rules, {})
    return fac


@pytest.fixture(scope="module")
def finished(rules, tmp_path_factory):
    fac = seminar(rules, finish=True)
    path = tmp_path_factory.mktemp("debrief") / "finished.json"
    fac.session.save(path)
    return path, fac


@pytest.fixture(scope="module")
def going(rules, tmp_path_factory):
    fac = seminar(rules, finish=False)
    path = tmp_path_factory.mktemp("debrief") / "going.json"
    fac.session.save(path)
    return path, fac


@pytest.fixture(scope="module")
def report(finished, tmp_path_factory):
    path, _ = finished
    out = tmp_path_factory.mktemp("html") / "report.html"
    assert main(["report", str(path), "--out", str(out), "--games", "5", "--tz", "Europe/Berlin"]) == 0  # over: no flag needed
    html = out.read_text(encoding="utf-8")
    return html, Parsed(html)


# -- the record keeps everything -----------------------------------------------------------------------
def test_the_save_keeps_the_future_rolled_back(finished):
    path, _ = finished
    save = read_save(path)
    gone = save.extra.rolled_back[0]
    assert (gone.from_turn, gone.to_turn, gone.reason) == (4, 2, ROLLBACK_REASON)
    assert [t["russia"] for t in gone.turns] == [["mass_troops"], ["drills_belarus"], []]


def test_the_rolled_back_future_is_shown_beside_the_line_that_replaced_it(report, rules):
    html, page = report
    assert "rolledback" in page.classes and "ROLLED BACK" in page.text
    assert any(h.startswith("ROLLED BACK") and "Weeks 2 to 3 given up" in h for h in page.headings)
    section = html[html.index("class='rolledback'"):]
    section = section[:section.index("</section>")]
    text = Parsed(section).text
    assert ROLLBACK_REASON in text
    # what each side ordered in week 2: drills in the line given up, nothing in the line that replaced it
    drills, consult = rules.action("russia", "drills_belarus").label, rules.action("us", "consult_allies").label
    assert re.search(rf"week 2 Russia {re.escape(drills)} nothing differs", text)
    assert re.search(rf"week 2 United States nothing {re.escape(consult)} differs", text)
    # how they diverged: the override of the line given up left readiness apart
    assert "How the two lines diverged (after week 3)" in text and "Invasion readiness" in text
    assert "Invasion readiness (estimated by United States)" in text
    # what was said and done in the weeks given up
    assert "a word said in the week given up" in text and "Invasion readiness set to 70" in text
    assert "Ending: the rolled-back line had not ended when it was given up; the line that replaced it ended in" in text
    assert "Said and done in the weeks given up" in text and "United States to Russia" in text


def test_the_white_cells_record_lists_every_step_with_its_reason_and_local_time(report, finished):
    _, page = report
    _, fac = finished
    assert "The white cell's record" in page.headings
    assert OVERRIDE_REASON in page.text and KEPT_REASON in page.text and ROLLBACK_REASON in page.text
    kept = next(a for a in fac.session.acts if a.kind == "adjust")
    # the act's UTC stamp shown in Berlin's time, the zone named (CET in winter, CEST in summer)
    import datetime as dt
    import zoneinfo

    local = dt.datetime.fromisoformat(kept.time).astimezone(zoneinfo.ZoneInfo("Europe/Berlin"))
    assert f"{local:%H:%M} {local.tzname()}" in page.text and "times are C" in page.text
    row = re.search(rf"#{kept.id} [^#]*Progress of talks set to 30 {re.escape(KEPT_REASON)}", page.text)
    assert row, "the kept override's row: its mark, what it did, its reason"
    assert re.search(rf"Invasion readiness set to 70 {re.escape(OVERRIDE_REASON)} rolled back", page.text)


def test_overrides_and_rollbacks_are_marked_on_the_charts(finished, rules):
    from game.report.charts import truth_chart_png
    from game.report.record import white_cell_record

    _, fac = finished
    record = white_cell_record(fac.session)
    kept = next(a for a in fac.session.acts if a.kind == "adjust")
    talks, readiness = rules.var_index["talks_progress"], rules.var_index["invasion_readiness"]
    assert (float(kept.turn - 1), f"#{kept.id}") in record.marks_for(talks)
    assert (1.0, "rollback") in record.marks_for(readiness) and (1.0, "rollback") in record.marks_for(talks)
    assert f"#{kept.id}" not in [label for _, label in record.marks_for(readiness)]  # an override marks what it changed
    truth = {"Cost": ([40, 40, 40], [30, 30, 30], [50, 50, 50])}
    assert truth_chart_png([1, 2, 3], truth, "x", marks=[(1.0, "#2")]) != truth_chart_png([1, 2, 3], truth, "x")


# -- the reveal ----------------------------------------------------------------------------------------
def test_the_reveal_shows_truth_against_each_estimate_and_the_draws_in_words(report, finished, rules):
    _, page = report
    _, fac = finished
    assert "The reveal: what was hidden" in page.headings and "This game's hidden draws" in page.headings
    drawn = initial_state(rules, fac.match.seed).values[0]
    v = rules.var_index["kremlin_cost_sensitivity"]
    sentence = [text for at, text in rules.variables[v].reveal if drawn[v] >= at][-1]
    assert sentence in page.text  # did sanctions deter this Kremlin?
    assert f"This game drew {drawn[v]:.1f} points" in page.text
    assert "United States and NATO had an intelligence estimate" in page.text
    assert "Russia saw it exactly; United States and NATO had an intelligence estimate." in page.text
    assert len([src for src in page.images if src.startswith("data:image/png;base64,")]) >= 8


def test_hidden_draws_in_words_follow_the_scenario_or_say_how_they_compare(rules):
    from game.report.reveal import Draw, draw_sentence

    v = rules.var_index["kremlin_cost_sensitivity"]
    low, high = (Draw(v, "Cost", x, 40.0, 20.0, "") for x in (12.0, 71.0))
    assert draw_sentence(rules, low).startswith("This game drew 12 points: low")
    assert "high" in draw_sentence(rules, high) and "two games in three draw 20 to 60" in draw_sentence(rules, high)


# -- the two-page summary --------------------------------------------------------------------------------
def test_the_report_opens_with_the_two_page_summary_and_its_print_style(report):
    html, page = report
    assert html.index('class="summary"') < html.index("<h2>The game</h2>")
    assert page.classes.count("sheet") == 2
    style = " ".join(page.styles)
    assert "@media print" in style and "break-after:page" in style and "@page" in style


@pytest.fixture(scope="module")
def summary_page(finished, tmp_path_factory):
    path, _ = finished
    out = tmp_path_factory.mktemp("summary") / "summary.html"
    assert main(["report", str(path), "--out", str(out), "--summary"]) == 0
    return out


def test_the_summary_alone_holds_the_ending_the_draws_and_the_white_cell(summary_page, finished, rules):
    page = Parsed(summary_page.read_text(encoding="utf-8"))
    _, fac = finished
    ending = rules.endings[rules.ending_index[fac.match.ending]].title
    assert f"Ending: {ending}" in page.text and "What was hidden" in page.headings
    assert KEPT_REASON in page.text and "Truth against belief" in page.headings
    assert "Timeline, week by week" not in page.headings


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.mark.skipif(shutil.which("chromium") is None and shutil.which("chromium-browser") is None,
                    reason="headless chromium is not installed")
def test_the_summary_prints_on_two_pages(summary_page, tmp_path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    pdf = tmp_path / "summary.pdf"
    # a profile of its own: chromiums started at once (test workers, other runs) share no profile lock
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", summary_page.as_uri()],
                   capture_output=True, timeout=120, check=False)
    assert pdf.exists(), "chromium wrote no PDF"
    assert pdf_pages(pdf.read_bytes()) == 2


# -- no hidden information before the end ------------------------------------------------------------------
def test_before_the_end_the_report_needs_a_role_public_or_reveal(going, tmp_path, capsys):
    path, _ = going
    out = tmp_path / "r.html"
    assert main(["report", str(path), "--out", str(out)]) == 2
    assert main(["report", str(path), "--out", str(out), "--summary"]) == 2
    assert main(["report", str(path), "--out", str(out), "--summary", "--public"]) == 2
    assert "not over" in capsys.readouterr().err and not out.exists()


@pytest.mark.parametrize("who", [["--public"], ["--role", "us"], ["--role", "nato"], ["--role", "russia"]])
def test_a_report_before_the_end_shows_no_reveal_no_rollback_no_override(going, tmp_path, who, rules):
    path, fac = going
    out = tmp_path / "r.html"
    assert main(["report", str(path), "--out", str(out), *who]) == 0
    page = Parsed(out.read_text(encoding="utf-8"))
    for secret in (OVERRIDE_REASON, KEPT_REASON, ROLLBACK_REASON, "ROLLED BACK", "a word said in the week given up",
                   "The reveal", "Truth against belief", "hidden draws", "white cell's record", "This game drew"):
        assert secret not in page.text
    assert not page.images and "rolledback" not in page.classes and "summary" not in page.classes
    drawn = initial_state(rules, fac.match.seed).values[0]
    said = [text for v in range(len(rules.variables)) for at, text in rules.variables[v].reveal if drawn[v] >= at]
    assert not [s for s in said if s in page.text]


def test_reveal_before_the_end_shows_it_all(going, tmp_path):
    path, _ = going
    out = tmp_path / "r.html"
    assert main(["report", str(path), "--out", str(out), "--reveal", "--games", "3"]) == 0
    page = Parsed(out.read_text(encoding="utf-8"))
    assert "ROLLED BACK" in page.text and ROLLBACK_REASON in page.text and "No ending yet" in page.text


def test_a_bad_time_zone_is_refused(finished, tmp_path, capsys):
    path, _ = finished
    assert main(["report", str(path), "--out", str(tmp_path / "r.html"), "--tz", "Mars/Olympus"]) == 2
    assert "unknown time zone" in capsys.readouterr().err


# -- restarts ----------------------------------------------------------------------------------------------
def test_a_host_restart_is_kept_in_the_record_and_the_report(tmp_path):
    from game.net.server import GameServer
    from game.report.record import white_cell_record
    from game.scenario import load_scenario

    path = tmp_path / "host.json"
    GameServer.new(load_scenario("winter-2021"), seed=5, save_path=path)
    server = GameServer.resume(path, reason="the host laptop ran out of battery")
    server.save()
    save = read_save(path)
    assert [(r.turn, r.reason) for r in save.extra.restarts] == [(1, "the host laptop ran out of battery")]
    steps = white_cell_record(from_save(save, path)).steps
    assert [(s.kind, s.reason) for s in steps] == [("restart", "the host laptop ran out of battery")]
    GameServer.resume(path).save()
    assert len(read_save(path).extra.restarts) == 2


def test_estimates_in_the_reveal_are_the_ones_the_roles_were_shown(finished, rules):
    from game.engine.observe import observe
    from game.report.reveal import estimate_series

    _, fac = finished
    states = fac.session.turn_starts()
    v = rules.var_index["invasion_readiness"]
    series = estimate_series(rules, states, v)
    assert set(series) == {"United States", "NATO"}
    for t in (0, 3):
        seen = observe(rules, states[t], "us").variable("invasion_readiness")
        est, low, high = (series["United States"][i][t] for i in range(3))
        assert np.isclose(est, seen.value) and np.isclose(low, seen.low) and np.isclose(high, seen.high)


# -- no formulas, no author jargon -------------------------------------------------------------------------
# A formula's operators, a raw id (snake_case: variables, actions, events, endings), "by formula", a
# bookkeeping name (used.X, countered.X) or "turn <= 2": what an author writes, never what a room reads.
JARGON = re.compile(r"[<>]=|==|!=|\bby formula\b|\b(?:used|fired|countered|declared|answered)\.\w+|\bturn\s*[<>]"
                    r"|\b[a-z]+(?:_[a-z0-9]+)+\b")
SHIPPED = sorted(p.stem for p in __import__("pathlib").Path("scenarios").glob("*.yaml"))


def jargon(html: str) -> list[str]:
    return sorted({m.group(0) for m in JARGON.finditer(Parsed(html).text)})


@pytest.mark.parametrize("case,found", [("turn <= 2", ["turn <"]), ("when tension >= 60", [">="]), ("set by formula", ["by formula"]),
                                         ("if used.video_summit", ["used.video_summit"]),
                                         ("Biden-Putin video summit, week 2", [])])
def test_the_jargon_scan_finds_what_it_should(case, found):
    assert jargon(f"<p>{case}</p>") == sorted(found)


@pytest.mark.parametrize("scenario", SHIPPED)
def test_briefings_of_every_shipped_scenario_and_role_hold_no_jargon(scenario):
    from game.report.briefing import PUBLIC, briefing_html
    from game.scenario import load_scenario

    loaded = load_scenario(f"scenarios/{scenario}.yaml")
    found = {role: jargon(briefing_html(loaded, role)) for role in [*loaded.rules.roles, PUBLIC]}
    assert not {role: hits for role, hits in found.items() if hits}


@pytest.mark.parametrize("scenario", SHIPPED)
def test_reports_of_every_shipped_scenario_hold_no_jargon(scenario):
    from game.play.events import EndTurn
    from game.report.aar import aar_html
    from game.report.interim import interim_html
    from game.scenario import load_rules

    rules = load_rules(f"scenarios/{scenario}.yaml")
    game = Game.new(rules, {r: "historical" for r in rules.roles}, 3)
    for _ in range(3):
        game.send(EndTurn())
    pages = {"public": interim_html(game.session, None), **{r: interim_html(game.session, r) for r in rules.roles},
             "report": aar_html(game.session, games=0)}  # the summary is the report's first section
    assert not {name: hits for name, hits in ((n, jargon(h)) for n, h in pages.items()) if hits}


def test_the_seminar_report_holds_no_jargon(report, summary_page):
    html, _ = report
    assert not jargon(html) and not jargon(summary_page.read_text(encoding="utf-8"))


def test_a_branch_says_where_it_left_the_original(rules, tmp_path):
    from game.report.record import white_cell_record
    from game.report.reveal import record_html

    other = seminar(rules, finish=False).branch(2, "what if Geneva had worked")
    other.session.save(tmp_path / "branch.json")
    session = from_save(read_save(tmp_path / "branch.json"), tmp_path / "branch.json")
    text = Parsed(record_html(rules, white_cell_record(session), None)).text
    assert "branched off another at the start of week 2, to compare with it: what if Geneva had worked" in text


def test_a_future_that_no_longer_replays_is_said_so_not_a_traceback(going):
    from game.report.branches import branches_html

    _, fac = going
    session = fac.session
    broken = dict(session.meta["rolled_back"][0], turns=[{"us": ["no_such_order"]}])
    session = Session(session.match, session.players, list(session.acts), meta={"rolled_back": [broken]})
    text = Parsed(branches_html(session, None)).text
    assert "ROLLED BACK" in text and "no longer replays" in text and ROLLBACK_REASON in text
