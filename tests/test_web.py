"""The web client: a real host on 127.0.0.1 and a real headless Chromium (Playwright).

The host runs on its own event loop in a thread; the browser is Debian's ``chromium``
(never a downloaded build). Every page checks, when its test ends, that it asked for
nothing but the host's own URLs. Screenshots of each screen are kept in
``tests/artifacts/web`` (ignored by git) and checked not blank.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from game.net.client import GameClient
from game.net.protocol import read_host_frame
from game.net.server import GameServer
from game.scenario import load_scenario

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).parent / "artifacts" / "web"
WAIT = 30_000  # ms for anything the page should show (an upper bound: the suite shares the cores)


class LiveHost:
    """A ``GameServer`` listening on 127.0.0.1 on a loop of its own (the browser runs on this thread)."""

    def __init__(self, loaded, save_path: Path, **options):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.server = GameServer.new(loaded, seed=11, save_path=save_path, **options)
        host, port = self.call(self.server.start("127.0.0.1", 0))
        self.origin = f"http://{host}:{port}"
        self.codes = self.server.codes

    def call(self, coro, timeout: float = 20):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def read(self, fn):
        """``fn()`` run on the host's loop (the game is only touched there)."""
        async def get():
            return fn()

        return self.call(get())

    def close(self) -> None:
        self.call(self.server.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


@pytest.fixture(scope="module")
def loaded():
    return load_scenario("winter-2021")


@pytest.fixture
def host(loaded, tmp_path):
    """A host where the US and Russia are people and NATO an AI (so two seals resolve a week)."""
    live = LiveHost(loaded, tmp_path / "host.json", ai={"nato": "historical"})
    yield live
    live.close()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM}: install Debian's 'chromium' (.ci/run does) to drive the web client")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def pages(browser, host):
    """``open(path, size)``: a page of its own (a fresh context: one laptop) on ``host``; at the end
    every page must have asked for the host's own URLs only."""
    yield from pages_on(browser, host)


def pages_on(browser, host):
    """The ``pages`` fixture's work, on any live host."""
    opened = []

    def open_page(path: str = "/", size=(1366, 850)):
        # The test's own waits are evaluated scripts, which the page's policy forbids; what the page itself
        # asks for is watched below, whatever the policy would have blocked.
        context = browser.new_context(viewport={"width": size[0], "height": size[1]}, bypass_csp=True)
        page = context.new_page()
        page.requests = []
        page.on("request", lambda request: page.requests.append(request.url))
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.errors = []
        page.goto(host.origin + path)
        opened.append((context, page))
        return page

    yield open_page
    for context, page in opened:
        foreign = [url for url in page.requests if not (url.startswith(host.origin + "/") or url.startswith("data:"))]
        assert not foreign, f"the page asked for other hosts: {foreign}"
        assert page.requests, "the page recorded no request at all"
        assert not page.errors, f"script errors on the page: {page.errors}"
        context.close()


def screenshot(page, name: str, top: bool = True) -> Path:
    """Keep a PNG of the page (from its top, unless ``top`` is False) and check it is drawn
    (many colours, no colour covering nearly all of it)."""
    import pygame

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    if top:
        page.evaluate("window.scrollTo(0, 0)")
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    image = pygame.image.load(str(path))
    samples = [image.get_at((x, y))[:3] for x in range(0, image.get_width(), 23) for y in range(0, image.get_height(), 19)]
    commonest = max(samples.count(c) for c in set(samples))
    assert len(set(samples)) > 12, f"{name}.png looks blank ({len(set(samples))} colours)"
    assert commonest < 0.95 * len(samples), f"{name}.png is mostly one colour"
    return path


def join_by_typing(page, code: str) -> None:
    page.fill("#code", code)
    page.press("#code", "Enter")


def get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=WAIT / 1000) as answer:  # a bound on a hang, as WAIT
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


# -- HTTP, without a browser --------------------------------------------------------------------
HTTP_CASES = {
    "the page": ("/", 200, "text/html"),
    "the page with a code": ("/?code=abc", 200, "text/html"),
    "its script": ("/app.js", 200, "text/javascript"),
    "its style": ("/app.css", 200, "text/css"),
    "a file that is not shipped": ("/nothing.js", 404, "text/plain"),
    "a path out of the folder": ("/../pyproject.toml", 404, "text/plain"),
    "an encoded path out of the folder": ("/..%2F..%2Fpyproject.toml", 404, "text/plain"),
    "a Python module beside the files": ("/../pages.py", 404, "text/plain"),
    "the map without a code": ("/map.svg", 403, "text/plain"),
    "the map with a wrong code": ("/map.svg?code=nope", 403, "text/plain"),
    "the look with a wrong code": ("/look.json?code=nope", 403, "text/plain"),
}


@pytest.mark.parametrize("case", HTTP_CASES)
def test_http_answers(host, case):
    path, status, kind = HTTP_CASES[case]
    code, headers, _ = get(host.origin + path)
    assert (code, headers["Content-Type"].split(";")[0]) == (status, kind)
    assert "default-src 'self'" in headers["Content-Security-Policy"]


def test_guessing_codes_over_http_is_slowed(host):
    answers = [get(f"{host.origin}/look.json?code=guess{n}")[0] for n in range(7)]
    assert answers[:5] == [403] * 5 and answers[5:] == [429, 429]
    assert get(f"{host.origin}/look.json?code={host.codes['us']}")[0] == 429  # even the right one, for a minute
    assert get(f"{host.origin}/")[0] == 200  # the page itself is still served


def test_map_and_look_are_for_a_valid_code_and_show_that_code_only(host):
    rules = host.server.fac.rules
    status, headers, body = get(f"{host.origin}/map.svg?code={host.codes['us']}")
    assert status == 200 and headers["Content-Type"] == "image/svg+xml" and body.startswith(b"<svg")
    assert headers["Cache-Control"] == "no-store"
    _, _, projector = get(f"{host.origin}/map.svg?code={host.codes['projector']}")
    assert projector.startswith(b"<svg") and projector != body  # the public map draws no forces
    status, _, look = get(f"{host.origin}/look.json?code={host.codes['russia']}")
    look = json.loads(look)
    assert status == 200 and set(look["roles"]) == set(rules.roles) and look["ladder"]["id"] == rules.presentation.ladder


# -- the browser --------------------------------------------------------------------------------
def test_join_with_a_code_shows_the_team_view(host, pages):
    page = pages("/")
    page.wait_for_selector("#join:not([hidden])")
    screenshot(page, "join")
    join_by_typing(page, host.codes["us"])
    page.wait_for_selector("#team:not([hidden])", timeout=WAIT)
    page.wait_for_selector("#team-map svg", timeout=WAIT)
    assert page.text_content("#team-name") == "United States"
    assert "Week 1 of 12" in page.text_content("#team-turn")
    assert page.locator("#orders input[type=checkbox]").count() >= 3
    assert page.locator("#team-ladder .rung.here").count() == 1
    assert page.locator("#team-indicators .estimate").count() >= 1  # an estimate, shown as a range
    assert "(" in page.locator("#team-indicators .estimate").first.text_content()
    assert "code" not in page.url  # the code leaves the address bar once joined
    screenshot(page, "team")
    page.set_viewport_size({"width": 1024, "height": 768})  # a tablet: two columns
    screenshot(page, "team-tablet")


def test_a_wrong_code_is_refused(host, pages):
    page = pages("/")
    join_by_typing(page, "not-a-code")
    page.wait_for_function("document.querySelector('#join-error').textContent.length > 0", timeout=WAIT)
    assert "Wrong code" in page.text_content("#join-error")
    assert page.is_hidden("#team") and not host.read(lambda: list(host.server.connections))
    screenshot(page, "wrong-code")


def test_draft_seal_and_the_report_through_a_code_in_the_address(host, pages):
    us, russia = pages(f"/?code={host.codes['us']}"), pages(f"/?code={host.codes['russia']}", size=(390, 844))
    projector = pages(f"/?code={host.codes['projector']}", size=(1920, 1080))
    for page in (us, russia):
        page.wait_for_selector("#orders input[type=checkbox]", timeout=WAIT)
    summit = "#order-video_summit"
    us.focus(summit)
    us.keyboard.press("Space")  # by keyboard: the orders are checkboxes
    us.wait_for_function("document.querySelector('#budget').textContent.includes('1 of')", timeout=WAIT)
    assert us.locator(f"{summit} ~ .tip").is_visible()  # the tooltip shows on focus: effect and source
    screenshot(us, "team-draft", top=False)  # the tooltip in view
    tip = us.text_content(f"{summit} ~ .tip")
    assert "Expected:" in tip and "Source:" in tip
    us.keyboard.press("Escape")  # a tooltip can be put away without moving
    assert not us.locator(f"{summit} ~ .tip").is_visible()
    assert _eventually(lambda: host.read(lambda: host.server.fac.game.drafts.get("us")) == ["video_summit"])
    us.focus("#seal")
    us.keyboard.press("Enter")  # sealed by keyboard too
    us.wait_for_function("document.querySelector('#seal').textContent.startsWith('Sealed')", timeout=WAIT)
    assert "Waiting for Russia" in us.text_content("#seal-state")
    screenshot(us, "team-sealed")
    russia.click("#seal")
    for page in (us, russia):
        page.wait_for_function("document.querySelector('#team-turn').textContent.includes('Week 2')", timeout=WAIT)
    assert host.read(lambda: host.server.fac.match.turn) == 2
    report = us.text_content("#team-report")
    assert "Week 1" in report and us.locator("#team-report .entry").count() >= 2
    assert "Summit" in report or "summit" in report
    assert us.locator("#seal").text_content() == "Seal orders"  # a new week, nothing sealed
    screenshot(us, "team-report")
    screenshot(russia, "team-phone")
    projector.wait_for_function("document.querySelector('#pj-turn').textContent.includes('Week 2')", timeout=WAIT)
    assert projector.locator("#pj-news .entry").count() >= 1  # the week's public headlines
    screenshot(projector, "projector-week-2")


def test_a_message_arrives_in_another_teams_browser(host, pages):
    us, russia = pages(f"/?code={host.codes['us']}"), pages(f"/?code={host.codes['russia']}")
    for page in (us, russia):
        page.wait_for_selector("#say-to option", state="attached", timeout=WAIT)
    text = "Geneva next week? <b>not bold</b> \u0416"
    us.select_option("#say-to", "russia")
    us.fill("#say-text", text)
    us.click("#say-send")
    russia.wait_for_function("[...document.querySelectorAll('#messages .text')].some(e => e.textContent.startsWith('Geneva'))",
                             timeout=WAIT)
    assert russia.locator("#messages .text").last.text_content() == text  # text, never parsed as markup
    assert russia.locator("#messages b").count() == 0
    # a structured statement: public and binding, worded for everyone
    us.select_option("#say-kind", "threat")
    us.fill("#say-text", "We mean it.")
    us.click("#say-send")
    russia.wait_for_function("[...document.querySelectorAll('#messages .said')].some(e => e.textContent.startsWith('Threat'))",
                             timeout=WAIT)
    screenshot(russia, "talk")


def test_promises_read_in_the_browser_as_in_the_window_and_the_terminal(host, pages):
    """A commitment (done and refrained from), a deal with a refrained term, a threat and a red line (with
    the trigger that carries them out), worded on another team's page exactly as ``Statement.describe``
    words them for the window and the terminal (the host's words: ``frames.MessageRecord``)."""
    us, russia = pages(f"/?code={host.codes['us']}"), pages(f"/?code={host.codes['russia']}")
    for page in (us, russia):
        page.wait_for_selector("#say-to option", state="attached", timeout=WAIT)
    for refrain in (False, True):
        us.select_option("#say-kind", "commitment")
        us.select_option("#say-ref", "consult_allies")
        us.fill("#say-by", "3")
        us.set_checked("#say-refrain", refrain)
        us.fill("#say-text", "Our word.")
        us.click("#say-send")
    us.select_option("#say-kind", "deal")
    us.select_option("#deal-with", "russia")
    us.fill("#deal-by", "4")
    us.select_option("#deal-give", "call_putin")
    us.set_checked("#deal-give-not", True)
    us.click("#deal-give-add")
    us.select_option("#deal-ask", "withdraw_troops")
    us.click("#deal-ask-add")
    us.fill("#say-text", "No call until you pull back.")
    us.click("#say-send")
    for kind, ref in (("threat", "sanction_banks"), ("red_line", "us_no_move_on_ukraine")):
        us.select_option("#say-kind", kind)
        us.select_option("#say-ref", ref)
        us.fill("#say-text", "We mean it.")
        us.click("#say-send")
    russia.wait_for_function("document.querySelectorAll('#messages .said').length >= 5", timeout=WAIT)
    rules = host.server.fac.game.rules
    sent = host.read(lambda: [m for m in host.server.fac.game.session.messages() if m.statement is not None])
    expected = [m.statement.describe(rules) for m in sent]
    shown = [t.removeprefix(f"#{m.id} ") for t, m in zip(russia.locator("#messages .said").all_text_contents(), sent)]
    assert shown == expected
    assert [e.split(" \u201c")[0] for e in expected[:2]] == ["Commitment: will carry out", "Commitment: will refrain from"]
    assert "we will: refrain from \u201cCall Putin\u201d" in expected[2]
    assert expected[3:] == [  # the trigger clause, in the browser too
        "Threat: Cut major banks off from dollar transactions (comes due after Full-scale invasion or Limited incursion "
        "into the Donbas)",
        'Red line: No Russian move on Ukraine without a "heavy price" (crossed after Full-scale invasion or Limited '
        "incursion into the Donbas)"]


def test_the_projector_view(host, pages):
    projector = pages(f"/?code={host.codes['projector']}", size=(1920, 1080))
    projector.wait_for_selector("#projector:not([hidden])", timeout=WAIT)
    projector.wait_for_selector("#pj-mapbox svg", timeout=WAIT)
    assert "Week 1 of 12" in projector.text_content("#pj-turn")
    assert projector.locator("#pj-teams li").count() == 3
    assert projector.locator("#pj-ladder .rung.here").count() == 1
    public = {v["id"] for v in host.read(host.server.public_view)["variables"]}
    shown = projector.locator("#pj-indicators th").count() + 1  # and the ladder
    assert shown == len(public)
    assert projector.is_hidden("#team") and projector.is_hidden("#join")
    screenshot(projector, "projector")
    projector.set_viewport_size({"width": 1280, "height": 720})  # an older projector
    screenshot(projector, "projector-720")


def test_the_browser_receives_exactly_what_brink_join_receives(host, pages):
    """The same code, first in ``brink join``'s client, then in a browser, at the same moment of the
    game (a week resolved, a private message, a report): the same frames, and every browser frame
    passes the Python client's own check."""
    url = host.origin.replace("http", "ws")

    async def play_a_week():
        us, russia = GameClient(url, host.codes["us"]), GameClient(url, host.codes["russia"])
        for client in (us, russia):
            await client.connect(timeout=5)
            await client.next_view(timeout=5)
        await russia.say("us", "only for Washington")
        await us.orders(["video_summit"], seal=True)
        await russia.orders([], seal=True)
        while (await us.next_view(timeout=5))["public"]["turn"] < 2:
            continue
        for client in (us, russia):
            await client.close()

    async def python_join():
        client = GameClient(url, host.codes["us"])
        welcome = await client.connect(timeout=5)
        view = await client.next_view(timeout=5)
        await client.close()
        return welcome, view

    host.call(play_a_week())
    assert _eventually(lambda: not host.read(lambda: list(host.server.connections)))
    welcome, view = host.call(python_join())
    assert view["report"] and view["messages"] and view["public"]["turn"] == 2
    assert _eventually(lambda: not host.read(lambda: list(host.server.connections)))
    page = pages(f"/?code={host.codes['us']}")
    page.wait_for_function("window.brinkFrames.length >= 2", timeout=WAIT)
    frames = [read_host_frame(raw) for raw in page.evaluate("window.brinkFrames")]
    assert frames[0] == welcome and sent_at_any_time(frames[1]) == sent_at_any_time(view)
    page.wait_for_selector("#messages .text", timeout=WAIT)
    assert page.text_content("#messages .text") == "only for Washington"


def sent_at_any_time(frame: dict) -> dict:
    """A frame without the host's wall-clock time of sending (a host that sends its clock state says it)."""
    frame = json.loads(json.dumps(frame))
    for clock in (frame.get("public", frame).get("clock_state"),):
        if clock:
            clock.pop("server_time", None)
    return frame


def _eventually(check, seconds: float = 5.0) -> bool:
    import time

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.05)
    return check()


@pytest.fixture
def timed_host(loaded, tmp_path):
    live = LiveHost(loaded, tmp_path / "timed.json", ai={"nato": "historical"}, turn_seconds=600)
    yield live
    live.close()


def test_every_screen_shows_the_hosts_clock(timed_host, browser):
    context = browser.new_context(bypass_csp=True)
    try:
        team, projector = context.new_page(), context.new_page()
        team.goto(f"{timed_host.origin}/?code={timed_host.codes['us']}")
        projector.goto(f"{timed_host.origin}/?code={timed_host.codes['projector']}")
        for page, box in ((team, "#team-clock"), (projector, "#pj-clock")):
            # a host that waits for the white cell's Start says so after the time
            page.wait_for_function(f"/^(10:00|9:[0-5][0-9])( [(].+[)])?$/.test(document.querySelector('{box}').textContent)",
                                   timeout=WAIT)
        left = timed_host.read(timed_host.server.fac.clock.remaining)
        minutes, seconds = team.text_content("#team-clock").split(" ")[0].split(":")
        assert abs(int(minutes) * 60 + int(seconds) - left) <= 3  # the host's clock, give or take the trip
    finally:
        context.close()


def test_hostile_frames_from_a_browser_are_refused_and_the_seat_goes_on(host, pages):
    page = pages(f"/?code={host.codes['us']}")
    page.wait_for_selector("#orders input[type=checkbox]", timeout=WAIT)
    # the page's own socket, sending what no honest page sends: a lone surrogate, another turn, another's order
    page.evaluate("""() => {
        state.ws.send('{"type": "say", "to": "russia", "text": "\\\\ud800 broken"}');
        state.ws.send(JSON.stringify({type: "orders", turn: 7, orders: [], seal: true}));
        state.ws.send(JSON.stringify({type: "orders", turn: 1, orders: ["mass_troops"], seal: true}));
    }""")
    page.wait_for_selector("#toast:not([hidden])", timeout=WAIT)
    messages, sealed = host.read(lambda: (host.server.fac.game.session.messages(), host.server.fac.match.sealed_roles))
    assert messages == [] and "us" not in sealed
    page.click("#order-video_summit")  # the seat still plays
    assert _eventually(lambda: host.read(lambda: host.server.fac.game.drafts.get("us")) == ["video_summit"])


def test_a_draft_made_on_another_seat_of_the_team_shows(host, pages):
    """The draft on screen is the host's, not the page's: what another laptop of the team drafted
    shows when this one joins (and, with several seats, as it changes)."""
    async def draft_elsewhere():
        client = GameClient(host.origin.replace("http", "ws"), host.codes["us"])
        await client.connect(timeout=5)
        await client.next_view(timeout=5)
        await client.orders(["video_summit"])
        while (await client.next_view(timeout=5))["orders"]["seq"] < 1:  # until the host has taken it
            continue
        await client.close()

    host.call(draft_elsewhere())
    assert _eventually(lambda: not host.read(lambda: list(host.server.connections)))
    page = pages(f"/?code={host.codes['us']}")
    page.wait_for_selector("#order-video_summit:checked", timeout=WAIT)
    assert "1 of" in page.text_content("#budget")


def test_a_dropped_browser_joins_again_by_itself(host, pages):
    page = pages(f"/?code={host.codes['us']}")
    page.wait_for_selector("#orders input[type=checkbox]", timeout=WAIT)
    host.read(lambda: host.server.connections["us"].transport.abort())  # the wifi goes
    page.wait_for_function("document.querySelector('#team-link').textContent.startsWith('Reconnecting')", timeout=WAIT)
    page.wait_for_function("document.querySelector('#team-link').textContent === 'Connected'", timeout=WAIT)
    assert _eventually(lambda: "us" in host.read(lambda: list(host.server.connections)))
    page.click("#order-video_summit")
    assert _eventually(lambda: host.read(lambda: host.server.fac.game.drafts.get("us")) == ["video_summit"])


def test_a_host_with_seats_and_one_clock_is_understood(host, pages):
    """What a seat-aware host adds to a view (issue 14: the host's clock state, the team's seats,
    who seals, a window of messages) is drawn: the page is fed its own last view with those fields."""
    page = pages(f"/?code={host.codes['us']}")
    page.wait_for_function("window.brinkFrames.length >= 2", timeout=WAIT)
    page.wait_for_selector("#orders input[type=checkbox]", timeout=WAIT)
    page.evaluate("""() => {
        const view = JSON.parse(window.brinkFrames.filter((f) => JSON.parse(f).type === "view").pop());
        view.public.clock_state = {state: "paused", left: 64, length: 900, server_time: 0};
        view.public.seats = {us: ["Secretary of State", "National Security Adviser"]};
        view.orders.sealer = "National Security Adviser";
        view.messages_before = 3;
        state.seat = "Secretary of State";
        receive(view);
    }""")
    assert page.text_content("#team-clock") == "1:04 (paused)"
    assert "National Security Adviser" in page.text_content("#team-seats")
    assert page.is_disabled("#seal") and "National Security Adviser seals" in page.text_content("#seal-state")
    assert page.is_visible("#older") and page.is_visible("#sealer")
    screenshot(page, "team-seats")


@pytest.fixture
def ai_host(loaded, tmp_path):
    """A host where only the US is a person: Russia and NATO are AI roles that answer deals."""
    live = LiveHost(loaded, tmp_path / "host.json", ai={"russia": "historical", "nato": "historical"})
    yield live
    live.close()


@pytest.fixture
def ai_pages(browser, ai_host):
    yield from pages_on(browser, ai_host)


def test_a_deal_built_in_the_browser_gets_the_ai_answer_on_the_page(ai_host, ai_pages):
    us = ai_pages(f"/?code={ai_host.codes['us']}")
    us.wait_for_selector("#say-to option", state="attached", timeout=WAIT)
    us.select_option("#say-kind", "deal")
    assert us.is_visible("#deal-builder") and us.is_hidden("#statement-row")
    us.select_option("#deal-with", "russia")
    us.fill("#deal-by", "6")
    us.select_option("#deal-give", "call_putin")
    us.click("#deal-give-add")
    us.select_option("#deal-ask", "withdraw_troops")
    us.click("#deal-ask-add")
    assert us.locator("#deal-terms li").count() == 2
    assert "Russia gives: \u201cWithdraw the troops\u201d" in us.text_content("#deal-terms")
    us.fill("#say-text", "Call and pull back.")
    us.click("#say-send")
    # the deal, worded for everyone, then Russia's answer: accepted, countered or rejected
    us.wait_for_function("[...document.querySelectorAll('#messages .said')].some(e => e.textContent.includes('Deal offered to Russia'))",
                         timeout=WAIT)
    us.wait_for_selector("#messages .said[class*='verdict-']", timeout=WAIT)
    said = ai_host.read(lambda: [m for m in ai_host.server.fac.game.session.messages() if m.sender == "russia"])
    answer = next(m for m in said if m.statement is not None and m.statement.kind == "reply")
    assert us.locator(f"#messages .said.verdict-{answer.statement.verdict}").count() == 1
    screenshot(us, "talk-deal", top=False)
    if answer.statement.verdict == "counter":  # a counter waits for an answer, in one click
        us.wait_for_selector(f".offer[data-deal='{answer.id}'] .offer-accept", timeout=WAIT)
        assert f"Russia counters your deal #{answer.statement.deal}" in us.text_content(".offer")
        us.click(f".offer[data-deal='{answer.id}'] .offer-accept")
        us.wait_for_function("[...document.querySelectorAll('#messages .said')].some(e => e.textContent.startsWith('Commitment'))",
                             timeout=WAIT)
        assert us.locator(".offer").count() == 0
    commitments = ai_host.read(lambda: [m for m in ai_host.server.fac.game.session.messages()
                                        if m.statement is not None and m.statement.kind == "commitment"])
    assert bool(commitments) == (answer.statement.verdict != "reject")


# -- one team at two laptops (issue 15): the same browser as above, so one Chromium starts for both --------
def join_as(page, code: str, seat: str) -> None:
    page.wait_for_selector("#join:not([hidden])")
    page.fill("#code", code)
    page.fill("#seat", seat)
    page.press("#code", "Enter")
    page.wait_for_selector("#orders input[type=checkbox]", timeout=WAIT)
    page.wait_for_selector("#team-map svg", timeout=WAIT)


def test_two_browsers_of_one_team_draft_choose_a_sealer_seal_and_both_see_the_report(ai_host, ai_pages):
    """Two pages join the US's code under different seat names; one drafts and the other sees the draft;
    the team chooses its sealer, the sealer seals (Russia and NATO are AI, so the week resolves), and both
    see the report."""
    host, pages = ai_host, ai_pages
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


def test_a_playable_actor_talks_from_the_browser(host, pages):
    code = host.read(lambda: host.server.actor_code("ukraine"))
    us = pages(f"/?code={host.codes['us']}")
    us.wait_for_selector("#say-to option", state="attached", timeout=WAIT)
    assert us.locator("#say-to option[value='ukraine']").count() == 1  # the To list offers the actor
    ukraine = pages(f"/?code={code}")
    ukraine.wait_for_selector("#actor-form:not([hidden])", timeout=WAIT)
    assert "Ukraine" in ukraine.text_content("#pj-said-h")
    us.select_option("#say-to", "ukraine")
    us.fill("#say-text", "We stand with Kyiv.")
    us.click("#say-send")
    ukraine.wait_for_function("[...document.querySelectorAll('#pj-messages .text')].some(e => e.textContent === 'We stand with Kyiv.')",
                              timeout=WAIT)
    ukraine.select_option("#actor-to", "us")
    ukraine.fill("#actor-text", "Send more than words.")
    ukraine.click("#actor-send")
    us.wait_for_function("[...document.querySelectorAll('#messages .text')].some(e => e.textContent === 'Send more than words.')",
                         timeout=WAIT)
    sent = host.read(lambda: host.server.fac.game.session.messages()[-1])
    assert (sent.sender, sent.to, sent.public) == ("ukraine", "us", False)
    screenshot(ukraine, "actor-talk")


def test_the_look_gives_the_terms_a_deal_may_name_and_the_playable_actors(loaded):
    from game.web.pages import look_of

    look = look_of(loaded.rules, "us")
    ids = {role: {a["id"] for a in actions} for role, actions in look["actions"].items()}
    assert set(ids) == set(loaded.rules.roles)
    assert "call_putin" in ids["us"] and "withdraw_troops" in ids["russia"] and "call_putin" not in ids["russia"]
    assert look["actors"] == {"ukraine": "Ukraine"}  # winter-2021 marks Kyiv playable
