"""``brink host [SCENARIO] [--port P]``: run a LAN game; prints one join code per role and the
address a browser opens to join with it (the host serves the web client too: ``game.web``)."""

from __future__ import annotations

import argparse
import socket
import sys
from pathlib import Path

from .. import DEFAULT_SCENARIO
from .common import CommandError, add_lang_argument, load_or_report, parse_ai, positive_int, seed_int, window_errors
from .play import pick_seed, window_possible


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("host", help="host a game on the local network",
                       description="Run an authoritative LAN game server. Prints one join code per role and the address. "
                                   "If the save file exists (a game hosted before), the game resumes from it with the same codes.")
    p.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO, metavar="SCENARIO", help="a shipped scenario id or a path")
    p.add_argument("--port", type=int, default=8765, help="TCP port (default 8765; 0 picks a free one)")
    p.add_argument("--bind", default="0.0.0.0", metavar="ADDR",
                   help="the interface to listen on (default 0.0.0.0: every one; 127.0.0.1: this machine only); "
                        "the host says which addresses it can be reached at")
    p.add_argument("--pin", metavar="PIN", help="a PIN for the room: every laptop gives it with its code (write it on the board)")
    p.add_argument("--slips", metavar="FILE", help="where to write the printable join slips (default: beside the save)")
    p.add_argument("--save", default="brink-host.json", metavar="FILE", help="autosave file (default brink-host.json)")
    p.add_argument("--ai", action="append", metavar="ROLE=POLICY", help="an AI role (no code is printed for it)")
    p.add_argument("--seed", type=seed_int, default=None, help="the game's seed (random and never shown unless given; "
                                                                   "the console's 'seed' tells the white cell)")
    p.add_argument("--turn-seconds", type=positive_int, metavar="S", help="length of each turn; late roles get their draft orders")
    p.add_argument("--facilitator", action="store_true",
                   help="run the white cell's console: in the window (projector window with F7), or with --text in this terminal")
    p.add_argument("--text", action="store_true", help="with --facilitator: the console in this terminal")
    p.add_argument("--late", choices=("standing", "nothing"), default="standing", help="what a late role gets")
    add_lang_argument(p)
    return p


def reachable_addresses(bind: str, host: str) -> list[str]:
    """The addresses teams can join at: ``host`` itself, or for every interface (``0.0.0.0``) this machine's
    IPv4 addresses, the LAN one first (no packets are sent)."""
    if bind not in ("0.0.0.0", "", "::"):
        return [host]
    found = [lan_address()]
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(str(info[4][0]))
    except OSError:
        pass
    found.append("127.0.0.1")
    return list(dict.fromkeys(a for a in found if a))


def lan_address() -> str:
    """This machine's address on the local network (best guess; no packets are sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            return s.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def facilitator_console(server):
    """The white cell's console on the host: lines typed here run between the clients' frames."""
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from rich.console import Console

    from ..play.facilitator import FacilitatorError
    from ..text.facilitator import FacilitatorConsole
    from ..text.lan import line_queue

    def no_keyboard(prompt: str) -> str:
        raise FacilitatorError("in a LAN game each team plays from its own machine")

    console = FacilitatorConsole(server.fac, Console(highlight=False), ask=no_keyboard)
    print("Facilitator console: type 'help' for commands.", flush=True)
    return console, line_queue(input_line)


def input_line() -> str:
    return sys.stdin.readline()


def run(args) -> int:
    # loaded when the command runs: `brink` builds every command's parser at start-up (asyncio alone costs 0.1 s)
    import asyncio

    from ..net.server import GameServer
    from ..play.saves import SaveError
    from ..play.session import SessionError

    def log(text: str) -> None:
        print(text, flush=True)

    if not 0 <= args.port <= 65535:
        raise CommandError("--port must be 0-65535")
    if Path(args.save).exists():
        try:
            server = GameServer.resume(args.save, turn_seconds=args.turn_seconds, log=log, pin=args.pin)
        except (SaveError, SessionError) as exc:
            raise CommandError(f"cannot resume from {args.save}: {exc} (choose another --save to start a new game)") from None
        print(f"Resuming the game saved in {args.save} ({server.fac.rules.turn_word} {server.fac.match.turn}).")
    else:
        loaded = load_or_report(args.scenario, args.lang)
        if loaded is None:
            return 1
        ai = parse_ai(args.ai, loaded.rules)
        if len(ai) == len(loaded.rules.roles):
            raise CommandError("every role is AI: nobody can join (use brink play --demo)")
        # loaded when the command runs: `brink` builds every command's parser at start-up
        from ..scenario.catalog import save_reference

        server = GameServer.new(loaded, pick_seed(args.seed), args.save, ai, args.turn_seconds, args.late,
                                save_reference(loaded.path), log=log, pin=args.pin)
    if args.facilitator and not args.text:
        if window_possible():
            return asyncio.run(serve_window(server, args.bind, args.port, slips=args.slips))
        print("No display found for the window; the facilitator console runs in this terminal.", flush=True)
    return asyncio.run(serve(server, args.bind, args.port, facilitator=args.facilitator, slips=args.slips))


async def start(server, bind: str, port: int, slips: str | None = None) -> list[str]:
    """Start listening; returns the lines that tell the teams how to join (also printed). The seed is not
    among them: this terminal may be on a projector (the console's 'seed' tells the white cell)."""
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..net.room import write_slips
    from ..net.slips import slip_title

    try:
        host, port = await server.start(bind, port)
    except OSError as exc:
        raise CommandError(f"cannot listen on {bind}:{port}: {exc.strerror or exc}") from None
    addresses = reachable_addresses(bind, host)
    server.addresses = (addresses, port)
    address = addresses[0]
    rules = server.fac.rules
    where = "every interface" if bind in ("0.0.0.0", "", "::") else bind
    lines = [f"Hosting {rules.title}, listening on {where} port {port}: join at " + ", ".join(f"{a}:{port}" for a in addresses),
             f"Autosave {server.save_path} (readable by you only: it holds the codes)"
             + (f"; room PIN required ({'--pin'})" if server.pin else "")]
    lines.append(f"Teams join in a browser at http://{address}:{port}/ (nothing to install) or with brink join:")
    names = dict(zip(rules.roles, rules.role_names))
    for key, code in server.codes.items():
        if code:
            lines.append(f"  {slip_title(key, names):34} http://{address}:{port}/?code={code}   "
                         f"brink join {address}:{port} --code {code}")
    lines += server.notices
    for line in lines:
        print(line)
    try:
        write_slips(server, slips)
    except Exception as exc:  # noqa: BLE001 - slips are a convenience; the game goes on without them
        print(f"Could not write the join slips: {exc}")
    return lines


async def serve_window(server, bind: str, port: int, slips: str | None = None) -> int:
    """The host with the white cell's console in the window (the same loop runs the server and the window)."""
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..scenario import load_scenario
    from ..ui.app import open_app
    from ..ui.desk import Desk

    lines = await start(server, bind, port, slips)
    print("Close the window to stop; run the same command again to resume.", flush=True)
    try:
        with window_errors():
            app = open_app(None, load_scenario(server.fac.session.scenario_path or server.fac.rules.id))
        try:
            desk = Desk.hosting(server)
            for line in lines:
                desk.say(line.strip())
            app.start_facilitator(desk)
            return await app.run_async()
        finally:
            app.close()
    finally:
        await server.stop()


async def serve(server, bind: str, port: int, facilitator: bool = False, slips: str | None = None) -> int:
    import asyncio  # loaded when the command runs (as in run): the host's loop is already running it

    await start(server, bind, port, slips)
    print("Press Ctrl+C to stop; run the same command again to resume.", flush=True)
    console = lines = None
    if facilitator:
        console, lines = facilitator_console(server)
    told = False
    try:
        # The host stays up after the ending (the teams read their last screens, the white cell its report)
        # until the white cell closes it.
        while True:
            if server.fac.match.over and not told:
                told = True
                print(f"The game is over: {server.fac.match.ending}. After-action report: brink report {server.save_path} "
                      "--out report.html. " + ("Type 'quit' to close the host." if lines else "Press Ctrl+C to close the host."),
                      flush=True)
            if lines is None:
                await asyncio.sleep(0.5)
                continue
            try:
                line = await asyncio.wait_for(lines.get(), 0.5)
            except TimeoutError:
                continue
            if line == "" or line.strip() in ("quit", "exit"):
                break
            await server.control(console, line.strip())
    finally:
        await server.stop()
    return 0
