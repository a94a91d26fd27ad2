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
from collections.abc import Awaitable, Callable

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from ..engine.report import TurnReport
from ..engine.rules import Rules
from ..net.client import BACKOFF, RECONNECT_SECONDS, ClientError, GameClient
from ..play.frames import MessageRecord, ViewFrame, clock_words, turn_word_of
from ..play.negotiation import INBOX_WORDS, SEAL_WORDS, TALK_WORDS, MessageError, parse_talk
from ..play.words import fmt
from ..scenario import ScenarioError, load_rules
from .help import TALK_HELP, Row, show_help
from .render import action_table, show_observation, show_report, turn_title
from .talk import message_news, show_messages

HELP: tuple[Row, ...] = (
    ("N [N ...]", "toggle the numbered orders (your draft; the host keeps it)"),
    ("seal", "seal your orders for this {turn} (you may change them until the {turn} resolves); also 'done'"),
    ("clear", "empty your draft"),
    ("view", "show your view again"),
    ("msgs", "your messages (also 'inbox', 'messages')"),
    *TALK_HELP,
    ("quit", "leave (rejoin later with the same code)"),
)


def local_rules(scenario: str) -> Rules | None:
    """The host's scenario, when it is installed here too (for the ending's title and text), else None."""
    try:
        return load_rules(scenario)
    except (ScenarioError, OSError, ValueError):
        return None


def show_view(console: Console, frame: dict, full: bool = True, mine: tuple[list[str], bool] | None = None,
              rules: Rules | None = None) -> list[str | None]:
    """Print the host's view frame as the local terminal prints a role's view (``game.text.render``),
    with ``mine``, our orders as we last sent them; returns the numbered action ids (none once it is over:
    the ending screen instead)."""
    view = ViewFrame.model_validate(frame).to_view()
    obs, pub = view.obs, view.public
    assert pub is not None  # a host's view frame always carries the table's public state
    if full and view.last_report is not None:
        show_report(console, obs, view.last_report)
    if view.control:
        show_report(console, obs, TurnReport(obs.turn, obs.date, view.control), title="From control")
    if pub.over:
        show_ending(console, frame, rules)
        return []
    if full:
        show_observation(console, obs)
    chosen, sealed = mine if mine is not None else (view.orders, view.sealed)
    table, numbered = action_table(obs, chosen)
    console.print(table)
    clock = "" if pub.clock is None else f"{int(pub.clock) // 60}:{int(pub.clock) % 60:02d} left · "
    console.print(f"Your orders ({'sealed' if sealed else 'draft'}): {', '.join(chosen) or '-'} · budget {obs.budget} · "
                  f"{clock}waiting for: {', '.join(pub.waiting_for) or 'nobody'} · connected: {', '.join(pub.connected)}",
                  markup=False)
    return numbered


def show_ending(console: Console, frame: dict, rules: Rules | None = None) -> None:
    """The ending screen of a LAN game, as the role sees it: how it ended, its score, where the debrief comes from."""
    pub, obs = frame["public"], frame["observation"]
    ending = pub.get("ending")
    found = rules.endings[rules.ending_index[ending]] if rules is not None and ending in rules.ending_index else None
    body = Text()
    body.append((found.title if found else (ending or "The game was stopped").replace("_", " ")) + "\n", style="bold")
    if found is not None and found.text:
        body.append(found.text + "\n")
    played = min(pub["turn"], pub["turns"])
    body.append(f"\n{obs['role_name']} · {turn_title(played, pub['turns'], turn_word_of(pub), ending)} · "
                f"your score {obs['score']:.1f}\n")
    body.append("The white cell writes the after-action report for the debrief.", style="dim")
    console.print(Panel(body, title="THE END", title_align="left"))


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
                       reconnect_seconds: float = RECONNECT_SECONDS, backoff: tuple[float, float] = BACKOFF,
                       seat: str | None = None, pin: str | None = None) -> int:
    client = GameClient(url, code, reconnect_seconds, backoff, seat=seat, pin=pin)
    welcome = await client.connect()
    if welcome["role"] == "projector":
        return await run_projector(client, console)
    if welcome.get("kind") == "actor":
        return await run_actor(client, console, line_queue(read_line or sys.stdin.readline))
    if welcome.get("kind") == "assistant":
        return await run_assistant(client, console, line_queue(read_line or sys.stdin.readline))
    seat = f" ({welcome['seat']})" if welcome.get("seat") else ""
    console.print(f"Joined {welcome['title']} as {welcome['role_name']}{seat}. Type 'help' for commands.", markup=False)
    view = await client.next_view(timeout=10)
    rules = local_rules(welcome["scenario"])
    numbered = show_view(console, view, rules=rules)
    if view["public"]["over"]:
        return 0
    # By id, not by count: a view carries a window of the newest messages, and a leak changes an old one.
    seen: dict[int, str | None] = {m["id"]: m.get("leaked") for m in view["messages"]}
    state: dict = {"view": view, "numbered": numbered, "last_turn": view["public"]["turn"]}

    def on_frame(frame: dict) -> int | None:
        if frame["type"] == "reconnected":
            state["last_turn"] = None  # back: show the host's view in full again
        elif frame["type"] == "view":
            state["view"] = frame
            message_news(console, [MessageRecord.model_validate(m) for m in frame["messages"]], seen, client.role,
                         turn_word=turn_word_of(frame["public"]))
            if frame["public"]["turn"] != state["last_turn"] or frame["public"]["over"]:
                state["last_turn"] = frame["public"]["turn"]
                state["numbered"] = show_view(console, frame, mine=client.my_orders(frame), rules=rules)
                if frame["public"]["over"]:
                    return 0
        return None

    async def on_line(line: str) -> int | None:
        try:
            if await command(console, client, state["view"], state["numbered"], line) == "quit":
                return 1
        except ClientError as exc:  # typed while reconnecting: the player types it again when back
            console.print(f"[red]{exc}[/]")
        return None

    return await converse(client, console, line_queue(read_line or sys.stdin.readline), on_frame, on_line, quit_code=1)


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


async def converse(client: GameClient, console: Console, lines: asyncio.Queue[str],
                   on_frame: Callable[[dict], int | None], on_line: Callable[[str], Awaitable[int | None]],
                   quit_code: int = 0) -> int:
    """A console seat's loop: frames from the host and lines typed here, whichever comes first.

    Link changes and errors are shown here; every other frame goes to ``on_frame`` and every typed
    line (stripped, not empty) to ``on_line``; either ends the loop by returning an exit code.
    ``quit`` ends it with ``quit_code``, the end of input with 1, a lost host with ``say_disconnected``'s code."""
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
                if frame["type"] == "error":
                    console.print(f"[red]{frame['error']}[/]")
                elif not show_link_state(console, frame) or frame["type"] == "reconnected":
                    code = on_frame(frame)
                    if code is not None:
                        return code
            if line_task in done:
                typed = line_task.result()
                if typed == "":  # end of input
                    return 1
                line = typed.strip()
                if line in ("quit", "exit"):
                    return quit_code
                if line:
                    code = await on_line(line)
                    if code is not None:
                        return code
                line_task = asyncio.ensure_future(lines.get())
    finally:
        frame_task.cancel()
        line_task.cancel()
        await client.close()


async def run_actor(client: GameClient, console: Console, lines: asyncio.Queue[str]) -> int:
    """Students speaking for a playable actor: the public view and the informing role's picture on every new
    turn, messages as they come, and ``say TO TEXT`` (to a role or all)."""
    welcome = client.welcome or {}
    console.print(f"Joined as {welcome.get('role_name')}: you speak for it; its reactions stay the scenario's rules. "
                  "Type 'say TO TEXT' (TO: a role or all), 'quit' to leave.", markup=False)
    last_turn: list[int | None] = [None]  # the turn last shown (None again after a reconnection)
    seen: dict[int, str | None] = {}

    def on_frame(frame: dict) -> int | None:
        if frame["type"] == "reconnected":
            last_turn[0] = None
        elif frame["type"] == "actor_view":
            if frame["turn"] != last_turn[0] or frame["over"]:
                last_turn[0] = frame["turn"]
                show_public(console, frame)
                if frame["picture"]:
                    console.print(f"What {frame['informed_by']} tells you:", style="bold")
                    for v in frame["picture"]:
                        value = "?" if v["value"] is None else ("" if v["exact"] else "≈") + fmt(v["value"])
                        console.print(f"  {v['label']:40} {value:>8}", markup=False)
            message_news(console, [MessageRecord.model_validate(m) for m in frame["messages"]], seen, client.role,
                         turn_word=turn_word_of(frame))
            if frame["over"]:
                return 0
        return None

    async def on_line(line: str) -> int | None:
        word, _, rest = line.partition(" ")
        if word == "say":
            to, _, text = rest.partition(" ")
            try:
                await client.say(to, text)
            except ClientError as exc:
                console.print(f"[red]{exc}[/]")
        else:
            console.print("[red]type 'say TO TEXT' or 'quit'[/]")
        return None

    return await converse(client, console, lines, on_frame, on_line)


async def run_assistant(client: GameClient, console: Console, lines: asyncio.Queue[str]) -> int:
    """The white cell's assistant in the terminal: the public view on every new turn, and the console commands
    the white cell allows it (typed here, answered by the host)."""
    console.print("Joined as the white cell's assistant. Type 'help' for the commands you may use, 'quit' to leave.")
    last_turn: list[int | None] = [None]  # the turn last shown (None again after a reconnection)

    def on_frame(frame: dict) -> int | None:
        if frame["type"] == "reconnected":
            last_turn[0] = None
        elif frame["type"] == "control_reply":
            for text in frame["lines"]:
                console.print(text, style="red" if frame["error"] else None, markup=False)
        elif frame["type"] == "public_view" and (frame["turn"] != last_turn[0] or frame["over"]):
            last_turn[0] = frame["turn"]
            show_public(console, frame)
        return None

    async def on_line(line: str) -> int | None:
        try:
            await client.control(line)
        except ClientError as exc:
            console.print(f"[red]{exc}[/]")
        return None

    return await converse(client, console, lines, on_frame, on_line)


def line_queue(read_line: Callable[[], str]) -> asyncio.Queue[str]:
    """Lines typed by the player, read in a daemon thread (it never holds up the exit)."""
    loop, queue = asyncio.get_running_loop(), asyncio.Queue[str]()

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


async def command(console: Console, client: GameClient, view: dict, numbered: list[str | None], line: str) -> str | None:
    word, _, rest = line.partition(" ")
    word = word.lower()
    chosen, sealed = client.my_orders(view)
    if not line:
        return None
    if word in ("quit", "exit", "q"):
        return "quit"
    if word in ("help", "h", "?"):
        show_help(console, HELP, turn_word_of(view["public"]))
    elif word == "view":
        show_view(console, view, mine=client.my_orders(view))
    elif word in INBOX_WORDS:
        show_messages(console, None, [MessageRecord.model_validate(m) for m in view["messages"]],
                      turn_word=turn_word_of(view["public"]), me=client.role)
    elif word in SEAL_WORDS:
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
            if not 1 <= n <= len(numbered) or numbered[n - 1] is None:
                console.print(f"[red]'{token}' is not an order number (1-{len(numbered)})[/]")
                return None
            action_id = str(numbered[n - 1])
            chosen.remove(action_id) if action_id in chosen else chosen.append(action_id)
        await client.orders(chosen, seal=sealed)  # ours until the host's views have taken it
        console.print(f"Orders: {', '.join(chosen) or '-'}")
    else:
        console.print(f"[red]unknown command '{word}'; type 'help'[/]")
    return None
