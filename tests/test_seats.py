"""Seats for whole teams and the terminal faces (issue 14): the white cell's assistant, `brink join`'s
seat and PIN, views that carry what changed, against a real host on 127.0.0.1 with real clients."""

from __future__ import annotations

import threading
import time

import pytest
from rich.console import Console
from test_net import run
from test_seminar_host import close_all, hosted

from game.cli import build_parser

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


@pytest.fixture(scope="module")
def loaded():
    from game.scenario import load_scenario

    return load_scenario("winter-2021")


def scripted(lines: list[str], pause: float = 0.3, until: threading.Event | None = None):
    """A keyboard that types ``lines`` one by one, then (optionally) waits for ``until`` and ends the input."""
    script = iter(lines)

    def read_line() -> str:
        time.sleep(pause)
        line = next(script, None)
        if line is None:
            if until is not None:
                until.wait(20)
            return ""
        return line + "\n"

    return read_line


# -- brink join --seat --pin -----------------------------------------------------------------------------
def test_join_takes_a_seat_name_and_the_rooms_pin_on_the_command_line():
    args = build_parser().parse_args(["join", "127.0.0.1:8765", "--code", "abc", "--seat", "Secretary of State",
                                      "--pin", "4711", "--text"])
    assert (args.seat, args.pin) == ("Secretary of State", "4711")


def test_the_terminal_client_joins_a_pin_room_under_its_seat_name(loaded, tmp_path):
    from game.text.lan import run_terminal

    async def main():
        server, url, logs = await hosted(loaded, tmp_path, pin="4711")
        console = Console(record=True, width=100)
        seen: list[list[str]] = []

        def read_line():
            seen.append(server.seat_names().get("us", []))
            time.sleep(0.3)
            return "quit\n"

        code = await run_terminal(url, server.codes["us"], console, read_line=read_line, seat="Secretary of State",
                                  pin="4711")
        assert code == 1 and ["Secretary of State"] in seen
        assert "(Secretary of State)" in console.export_text()
        refused = Console(record=True, width=100)
        with pytest.raises(Exception, match="wrong room PIN"):
            await run_terminal(url, server.codes["us"], refused, read_line=read_line, seat="x", pin="0000")
        await close_all(server)

    run(main())


# -- one clock on every screen ------------------------------------------------------------------------------
def test_the_projector_screen_shows_the_hosts_clock_and_stands_still_when_it_is_paused(tmp_path, monkeypatch):
    import asyncio

    from test_ui_lan import LIMIT, joined, pump

    from game.ui.projector import ProjectorPainter, clock_of

    drawn: list[dict] = []
    real = ProjectorPainter.draw
    monkeypatch.setattr(ProjectorPainter, "draw", lambda self, surface, view: (drawn.append(view), real(self, surface, view)))

    async def watch():
        app, server, client = await joined(tmp_path, monkeypatch, "projector", {"nato": "historical"})
        try:
            server.fac.clock.default_seconds = 600
            server.fac.clock.start(1)
            server.fac.clock.resume()
            server.fac.clock.pause()
            server.fac.clock.set_remaining(64)
            server.publish()
            await pump(app, lambda: bool(drawn) and clock_of(drawn[-1]) == ("1:04", "paused"))
            before = len(drawn)
            await asyncio.sleep(1.2)  # a paused clock does not count down on the screen
            await pump(app, lambda: len(drawn) > before + 5)
            assert clock_of(drawn[-1]) == ("1:04", "paused")
            server.fac.clock.resume()
            server.publish()
            await pump(app, lambda: clock_of(drawn[-1])[1] == "running")
        finally:
            app.close()
            await client.close()
            await server.stop()

    asyncio.run(asyncio.wait_for(watch(), LIMIT))
