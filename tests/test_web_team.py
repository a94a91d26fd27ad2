"""One team at two laptops in real browsers (issue 15): two headless Chromium pages join the same team's code
under different seat names; one drafts and the other sees the draft; the team chooses its sealer, the sealer
seals, and both see the report. A real host on 127.0.0.1 (``test_web.LiveHost``), Debian's chromium."""

from __future__ import annotations

import pytest
from test_web import (  # noqa: F401 - fixtures
    WAIT,
    LiveHost,
    _eventually,
    browser,
    loaded,
    pages,
    screenshot,
    sent_at_any_time,
)


@pytest.fixture
def host(loaded, tmp_path):  # noqa: F811 - this file's host: Russia and NATO are AI, so the US's seal resolves a week
    live = LiveHost(loaded, tmp_path / "host.json", ai={"russia": "historical", "nato": "historical"})
    yield live
    live.close()


def join_as(page, code: str, seat: str) -> None:
    page.wait_for_selector("#join:not([hidden])")
    page.fill("#code", code)
    page.fill("#seat", seat)
    page.press("#code", "Enter")
    page.wait_for_selector("#orders input[type=checkbox]", timeout=WAIT)
    page.wait_for_selector("#team-map svg", timeout=WAIT)


def test_two_browsers_of_one_team_draft_choose_a_sealer_seal_and_both_see_the_report(host, pages):  # noqa: F811
    secretary, adviser = pages("/"), pages("/", size=(1024, 768))
    join_as(secretary, host.codes["us"], "Secretary of State")
    join_as(adviser, host.codes["us"], "National Security Adviser")
    assert _eventually(lambda: sorted(host.read(lambda: host.server.seat_names()).get("us", []))
                       == ["National Security Adviser", "Secretary of State"])
    for page in (secretary, adviser):  # each page lists the team's seats
        page.wait_for_function("document.querySelector('#team-seats').textContent.includes('National Security Adviser')"
                               " && document.querySelector('#team-seats').textContent.includes('Secretary of State')",
                               timeout=WAIT)
    secretary.click("#order-video_summit")  # one seat drafts ...
    adviser.wait_for_selector("#order-video_summit:checked", timeout=WAIT)  # ... the other sees the draft
    assert "1 of" in adviser.text_content("#budget")
    screenshot(adviser, "team-two-seats-draft")
    adviser.select_option("#sealer", "National Security Adviser")  # the team decides who seals
    assert _eventually(lambda: host.read(lambda: host.server.sealers.get("us")) == "National Security Adviser")
    secretary.wait_for_function("document.querySelector('#seal').disabled", timeout=WAIT)
    assert "National Security Adviser seals" in secretary.text_content("#seal-state")
    screenshot(secretary, "team-two-seats-not-the-sealer")
    assert host.read(lambda: host.server.fac.match.turn) == 1
    adviser.click("#seal")  # the sealer seals: Russia and NATO are AI, so the week resolves
    for page in (secretary, adviser):
        page.wait_for_function("document.querySelector('#team-turn').textContent.includes('Week 2')", timeout=WAIT)
        report = page.text_content("#team-report")
        assert "Week 1" in report and page.locator("#team-report .entry").count() >= 2
    assert host.read(lambda: host.server.fac.match.orders_log[0]["us"]) == ["video_summit"]
    for page in (secretary, adviser):  # the updates came as what changed, and the page rebuilt the host's view
        kinds = page.evaluate("window.brinkFrames.map((f) => JSON.parse(f).type)")
        assert kinds[1] == "view" and kinds.count("view_delta") >= 3
        name = page.evaluate("state.seat")
        mine = host.read(lambda n=name: host.server.seat_view(next(s for s in host.server.seats if s.name == n)))
        shown = page.evaluate("state.raw")
        assert sent_at_any_time(shown) == sent_at_any_time(mine)
    screenshot(secretary, "team-two-seats-report-secretary")
    screenshot(adviser, "team-two-seats-report-adviser")
