"""The white cell's assistant seat: a second laptop of the white cell, with only the commands it is allowed.

The assistant joins with the code ``assistant`` gives in the host's console. It sees the public view (as
the projector does) and sends console commands in ``control`` frames; the host runs those the white cell
allows and answers with the console's lines. By default: the messages, leaks, notes, control's own
messages and the clock. The secrets (the true state, a team's view, the orders as they come in, the act
log, the injects still to come) only when the white cell allows them; the seed, saving, time travel and
quitting never.

    assistant                  the assistant's code, and what it may do
    assistant allow state      let it see the true state too (or orders, view, log, injects, set ...)
    assistant deny pause       take a command back

>>> may_use(DEFAULT_ALLOWED, "pause"), may_use(DEFAULT_ALLOWED, "state"), may_use({"seed"}, "seed")
(True, False, False)
"""

from __future__ import annotations

from ..play.control import Control, HandOver, Quit, Reply, RoleShown, Said, Table
from ..play.facilitator import FacilitatorError
from ..play.frames import ControlReplyFrame

ASSISTANT = "assistant"  # its code's key
DEFAULT_ALLOWED = frozenset({"msgs", "leak", "note", "say", "clock", "start", "pause", "resume", "extend", "help"})
SECRETS = frozenset({"state", "view", "orders", "log", "injects"})  # only when the white cell allows them
NEVER = frozenset({"seed", "save", "branch", "rollback", "quit", "team"})  # the white cell's own, always


def may_use(allowed: set[str] | frozenset[str], word: str) -> bool:
    """Whether the assistant may run the command ``word``."""
    return word not in NEVER and word in allowed


def allow(allowed: set[str], words: list[str], on: bool) -> set[str]:
    """``allowed`` with ``words`` let in (``on``) or taken back; raises FacilitatorError for a command it may never use."""
    out = set(allowed)
    for word in (w.lower() for w in words):
        if on and word in NEVER:
            raise FacilitatorError(f"'{word}' stays the white cell's own")
        if on and not hasattr(Control, "do_" + word):
            raise FacilitatorError(f"no console command '{word}'")
        (out.add if on else out.discard)(word)
    return out


def run_command(control: Control, allowed: set[str], line: str) -> ControlReplyFrame:
    """One command of the assistant's, if it is allowed, as the reply frame it is sent."""
    word = line.strip().partition(" ")[0].lower()
    if not word:
        return ControlReplyFrame(line=line, lines=[], error=False)
    if word == "help":
        return ControlReplyFrame(line=line, lines=[f"You may use: {', '.join(sorted(allowed - NEVER))}"])
    if not may_use(allowed, word):
        why = "stays the white cell's own" if word in NEVER else "is not allowed for the assistant (the white cell " \
              f"may allow it: 'assistant allow {word}')"
        return ControlReplyFrame(line=line, lines=[f"'{word}' {why}"], error=True)
    lines, error = reply_lines(control.run(line))
    return ControlReplyFrame(line=line, lines=lines, error=error)


def reply_lines(replies: list[Reply]) -> tuple[list[str], bool]:
    """The console's replies as plain lines (a table row by row), and whether any was an error."""
    lines: list[str] = []
    error = False
    for reply in replies:
        if isinstance(reply, Said):
            lines.extend(reply.text.splitlines())
            error = error or reply.error
        elif isinstance(reply, Table):
            lines.append(reply.title)
            lines.append(" | ".join(reply.columns))
            lines.extend(" | ".join(row) for row in reply.rows)
        elif isinstance(reply, RoleShown):
            obs = reply.view.obs
            lines.append(f"{obs.role_name}'s view:")
            for v in obs.variables:
                shown = "?" if v.value is None else f"{v.value:g}" if v.exact else f"~{v.value:g}"
                lines.append(f"  {v.label}: {shown}")
        elif isinstance(reply, (HandOver, Quit)):
            lines.append("not from the assistant's seat")
            error = True
    return lines, error
