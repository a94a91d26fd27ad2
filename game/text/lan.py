"""``brink join HOST:PORT --code CODE --text``: a LAN game in the terminal.

Reads the host's views and shows them with the local terminal's renderer
(``game.text.render``: a view frame turns back into the role's ``View``); sends what
the player types. Input is read in a worker thread so views keep arriving while the
player thinks.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Callable

from rich.console import Console

from ..engine.report import TurnReport
from ..net.client import BACKOFF, RECONNECT_SECONDS, ClientError, GameClient
from ..play.frames import ViewFrame, clock_words, turn_word_of
from ..play.negotiation import TALK_WORDS, Message, MessageError, parse_talk
from ..play.words import fmt
from .render import action_table, show_observation, show_report
from .talk import message_line, show_messages

HELP = """Commands:
  N [N ...]     toggle the numbered orders (your draft; the host keeps it)
  seal          seal your orders for this {turn} (you may change them until the {turn} resolves)
  clear         empty your draft
  say TO TEXT   a message to a role (private) or 'all'
  threat ID | redline ID | commit ACTION N | refrain ACTION N | offer DEMAND accept|counter
  propose ROLE N GIVE,.. for ASK,..   a deal (a term: ACTION or not:ACTION)   accept N | reject N   answer deal #N
  view          show your view again          msgs   your messages
  quit          leave (rejoin later with the same code)"""


def show_view(console: Console, frame: dict, full: bool = True, mine: tuple[list[str], bool] | None = None) -> list[str]:
    """Print the host's view frame as the local terminal prints a role's view (``game.text.render``),
    with ``mine``, our orders as we last sent them; returns the numbered action ids."""
    view = ViewFrame.model_validate(frame).to_view()
    obs, pub = view.obs, view.public
    if full and view.last_report is not None:
        show_report(console, obs, view.last_report)
    if view.control:
        show_report(console, obs, TurnReport(obs.turn, obs.date, view.control), title="From control")
    if full:
        show_observation(console, obs)
    chosen, sealed = mine if mine is not None else (view.orders, view.sealed)
    table, numbered = action_table(obs, chosen)
    console.print(table)
    clock = "" if pub.clock is None else f"{int(pub.clock) // 60}:{int(pub.clock) % 60:02d} left · "
    console.print(f"Your orders ({'sealed' if sealed else 'draft'}): {', '.join(chosen) or '-'} · budget {obs.budget} · "
                  f"{clock}waiting for: {', '.join(pub.waiting_for) or 'nobody'} · connected: {', '.join(pub.connected)}",
                  markup=False)
    if pub.over:
        console.print(f"[bold]The game is over: {pub.ending}[/]")
    return numbered


def show_link_state(console: Console, frame: dict) -> bool:
    """Tell the player the connection dropped or came back; False for any other frame."""
    if frame["type"] == "reconnecting":
        console.print(f"[yellow]Connection lost; reconnecting (attempt {frame['attempt']})...[/]")
    elif frame["type"] == "reconnected":
        console.print("[green]Reconnected.[/]")
    else:
        return False
    return True


def say_disconnected(console: Console, exc: ClientError) -> int:
    console.print(f"[red]Disconnected: {exc}[/]\nRun the same brink join command to rejoin.")
    return 1


async def run_terminal(url: str, code: str, console: Console, read_line: Callable[[], str] | None = None,
                       reconnect_seconds: float = RECONNECT_SECONDS, backoff: tuple[float, float] = BACKOFF) -> int:
    client = GameClient(url, code, reconnect_seconds, backoff)
    welcome = await client.connect()
    if welcome["role"] == "projector":
        return await run_projector(client, console)
    console.print(f"Joined {welcome['title']} as {welcome['role_name']}. Type 'help' for commands.")
    view = await client.next_view(timeout=10)
    numbered = show_view(console, view)
    seen_messages = len(view["messages"])
    last_turn = view["public"]["turn"]
    lines = line_queue(read_line or sys.stdin.readline)
    line_task = asyncio.ensure_future(lines.get())
    frame_task = asyncio.ensure_future(client.next_frame())
    try:
        while True:
            done, _ = await asyncio.wait({line_task, frame_task}, return_when=asyncio.FIRST_COMPLETED)
            if frame_task in done:
                try:
                    frame = frame_task.result()
                except ClientError as exc:
                    return say_disconnected(console, exc)
                frame_task = asyncio.ensure_future(client.next_frame())
                if show_link_state(console, frame):
                    last_turn = None  # back: show the host's view in full again
                elif frame["type"] == "error":
                    console.print(f"[red]{frame['error']}[/]")
                elif frame["type"] == "view":
                    view = frame
                    for m in view["messages"][seen_messages:]:
                        if m["sender"] != client.role:
                            said = Message.model_validate(m)
                            console.print("✉ " + message_line(None, said, turn_word=turn_word_of(view["public"])),
                                          markup=False)
                    seen_messages = len(view["messages"])
                    if view["public"]["turn"] != last_turn or view["public"]["over"]:
                        last_turn = view["public"]["turn"]
                        numbered = show_view(console, view, mine=client.my_orders(view))
                        if view["public"]["over"]:
                            return 0
            if line_task in done:
                line = line_task.result()
                if line == "":  # end of input
                    return 1
                try:
                    if await command(console, client, view, numbered, line.strip()) == "quit":
                        return 1
                except ClientError as exc:  # typed while reconnecting: the player types it again when back
                    console.print(f"[red]{exc}[/]")
                line_task = asyncio.ensure_future(lines.get())
    finally:
        frame_task.cancel()
        line_task.cancel()
        await client.close()


def show_public(console: Console, view: dict) -> None:
    """The projector's screen: ladder, public indicators, headlines, clock, who has sealed."""
    clock_text = clock_words(view)
    clock_text = f" · {clock_text}" if clock_text else ""
    turn = min(view["turn"], view["turns"])  # after the last week the game is over, not in 'week 13 of 12'
    console.rule(f"[bold]{turn_word_of(view).capitalize()} {turn} of {view['turns']} · {view['date']}{clock_text}")
    for v in view["variables"]:
        console.print(f"  {v['label']:40} {fmt(v['value']):>6}  {v['rung']}", markup=False)
    for e in view["headlines"] + view["control"]:
        console.print(f"  ▪ {e['headline']}", markup=False)
    for m in view["messages"][-5:]:
        console.print(f"  ✉ {m['sender']}: {m['text']}", markup=False)
    console.print(f"Sealed: {', '.join(view['sealed']) or '-'} · waiting for: {', '.join(view['waiting_for']) or 'nobody'}")
    if view["over"]:
        console.print(f"[bold]The game is over: {view['ending']}[/]")


async def run_projector(client: GameClient, console: Console) -> int:
    """Show the public view on every change, until the game ends or the host goes."""
    try:
        while True:
            view = await client.next_frame()
            if show_link_state(console, view) or view["type"] != "public_view":
                continue
            show_public(console, view)
            if view["over"]:
                return 0
    except ClientError as exc:
        return say_disconnected(console, exc)
    finally:
        await client.close()


def line_queue(read_line: Callable[[], str]) -> asyncio.Queue:
    """Lines typed by the player, read in a daemon thread (it never holds up the exit)."""
    loop, queue = asyncio.get_running_loop(), asyncio.Queue()

    def pump() -> None:
        while True:
            line = read_line()
            try:
                loop.call_soon_threadsafe(queue.put_nowait, line)
            except RuntimeError:  # the client has finished and its loop is closed
                return
            if line == "":
                return

    threading.Thread(target=pump, daemon=True).start()
    return queue


async def command(console: Console, client: GameClient, view: dict, numbered: list[str], line: str) -> str | None:
    word, _, rest = line.partition(" ")
    word = word.lower()
    chosen, sealed = client.my_orders(view)
    if not line:
        return None
    if word in ("quit", "exit", "q"):
        return "quit"
    if word in ("help", "h", "?"):
        console.print(HELP.format(turn=turn_word_of(view["public"])), markup=False)
    elif word == "view":
        show_view(console, view, mine=client.my_orders(view))
    elif word == "msgs":
        show_messages(console, None, [Message.model_validate(m) for m in view["messages"]],
                      turn_word=turn_word_of(view["public"]))
    elif word == "seal":
        await client.orders(chosen, seal=True)
    elif word == "clear":
        await client.orders([], seal=sealed)
    elif word in TALK_WORDS:
        try:
            to, text, statement = parse_talk(word, rest)
        except MessageError as exc:
            console.print(f"[red]{exc}[/]")
            return None
        await client.say(to, text, statement)
    elif all(token.isdigit() for token in line.split()):
        for token in line.split():
            n = int(token)
            if not 1 <= n <= len(numbered):
                console.print(f"[red]'{token}' is not an order number (1-{len(numbered)})[/]")
                return None
            action_id = numbered[n - 1]
            chosen.remove(action_id) if action_id in chosen else chosen.append(action_id)
        await client.orders(chosen, seal=sealed)  # ours until the host's views have taken it
        console.print(f"Orders: {', '.join(chosen) or '-'}")
    else:
        console.print(f"[red]unknown command '{word}'; type 'help'[/]")
    return None
