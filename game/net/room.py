"""The white cell's commands for the room on a LAN host: seats, kick, rotate, revoke, join slips.

They act on the server (``GameServer``), not the game, so the facilitator console
(``game.text.facilitator``) does not know them: ``GameServer.control`` tries them first.

    seats                    who is connected, seat by seat, from which address
    observer ROLE            the code of ROLE's observers (they see its screen, read-only)
    actor ID                 the code of a playable actor's seats (students who speak for it)
    assistant [allow|deny CMD...]  the white cell's assistant: its code, and the console commands it may use
    kick CODE SEAT           close one seat (e.g. kick us laptop 2)
    rotate CODE              a new code for a team (or projector, observer:ROLE); its seats are closed
    revoke CODE              the code admits nobody any more
    slips [FILE]             write the printable join slips again (after a rotate)
"""

from __future__ import annotations

from pathlib import Path

from ..play.control import Reply, Said
from ..play.facilitator import FacilitatorError
from ..play.saves import write_text_atomic
from .assistant import ASSISTANT, NEVER, SECRETS, allow
from .slips import slips_html

ROOM_HELP = """Room (LAN host):
  seats | observer ROLE | actor ID | assistant [allow|deny CMD...] | kick CODE SEAT | rotate CODE | revoke CODE | slips [FILE]   (CODE: a role, projector, observer:ROLE)"""


def room_command(server, line: str) -> list[Reply] | None:
    """The replies to ``line`` if it is one of the room's commands, else None (a command of the game).

    >>> room_command(None, "set tension 70 a reason") is None
    True
    """
    word, _, rest = line.strip().partition(" ")
    word, rest = word.lower(), rest.strip()
    replies: list[Reply] = []

    def say(text: str) -> None:
        replies.append(Said(text))

    try:
        if word == "seats":
            for text in server.seat_lines():
                say("  " + text)
        elif word == "observer":
            say(f"Observers of {rest} join with the code {server.observer_code(rest)}")
            write_slips(server, None, say)
        elif word == "actor":
            say(f"Students speaking for {rest} join with the code {server.actor_code(rest)}")
            write_slips(server, None, say)
        elif word == "assistant":
            how, _, words = rest.partition(" ")
            if how.lower() in ("allow", "deny"):
                server.assistant_allowed = allow(server.assistant_allowed, words.split(), how.lower() == "allow")
                server.save()
            elif how:
                raise FacilitatorError("assistant, assistant allow CMD..., or assistant deny CMD...")
            else:
                # said here only, never on the printed slips: the room must not pick it up
                say(f"The white cell's assistant joins with the code {server.assistant_code()}")
            hidden = sorted(server.assistant_allowed & SECRETS)
            say(f"The assistant may use: {', '.join(sorted(server.assistant_allowed - NEVER))}"
                + (f" (secrets: {', '.join(hidden)})" if hidden else " (no secrets)"))
        elif word == "kick":
            key, _, name = rest.partition(" ")
            server.kick(key, name.strip())
            say(f"Closed {key}'s seat '{name.strip()}' (rotate the code to keep it out).")
        elif word == "rotate":
            code = server.rotate(rest)
            say(f"New code for {rest}: {code}")
            write_slips(server, None, say)
        elif word == "revoke":
            server.revoke(rest)
            say(f"The code of {rest} admits nobody any more ('rotate {rest}' gives a new one).")
        elif word == "slips":
            write_slips(server, rest or None, say)
        else:
            return None
    except FacilitatorError as exc:
        replies.append(Said(str(exc), error=True))
    return replies


def slips_path(server) -> Path | None:
    """Where the slips go by default: beside the save (``brink-host.json`` -> ``brink-host.slips.html``)."""
    if server.save_path is None:
        return None
    save = Path(server.save_path)
    return save.with_name(save.stem + ".slips.html")


def write_slips(server, path: str | Path | None, say=print) -> Path | None:
    """Write the join slips (readable by their owner only: they hold the codes)."""
    target = Path(path) if path else slips_path(server)
    where = getattr(server, "addresses", None)
    if target is None or not where:
        if path:
            raise FacilitatorError("the host is not listening yet")
        return None
    rules = server.fac.rules
    names = dict(zip(rules.roles, rules.role_names))
    try:
        codes = {k: v for k, v in server.codes.items() if k != ASSISTANT}  # the white cell's code is not for the room
        write_text_atomic(target, slips_html(rules.title, names, codes, where[0], where[1]), private=True)
    except OSError as exc:
        raise FacilitatorError(f"cannot write {target}: {exc.strerror or exc}") from None
    say(f"Join slips (one page per code, to print): {target}")
    return target
