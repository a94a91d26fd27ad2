"""The terminal faces' help: a two-column table of commands, the talk commands shared.

Local play (``game.text.play``) and a LAN seat (``game.text.lan``) take the same talk
commands (``game.play.negotiation.parse_talk``), so they are described once here; each
face adds its own commands around them. A table keeps a long meaning wrapped in its own
column, where a preformatted text broke under the command names at 80 columns.

>>> import io
>>> console = Console(file=io.StringIO(), width=80)
>>> show_help(console, [("done", "end your {turn}")], turn="week")
>>> print(console.file.getvalue().rstrip())
Commands:
  done   end your week
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

Row = tuple[str, str]

TALK_HELP: tuple[Row, ...] = (
    ("say TO TEXT", "a message: TO is a role (private) or 'all' (public); also 'msg'"),
    ("threat ID [TEXT]", "declare one of your sanctions threats (public; breaking it costs credibility)"),
    ("redline ID [TEXT]", "declare one of your red lines"),
    ("commit ACTION N [TEXT]", "commit to carry out ACTION by {turn} N ('refrain ACTION N' to promise not to)"),
    ("offer DEMAND accept|counter [TEXT]", "promise your answer to a demand made to you"),
    ("propose ROLE N GIVE,... for ASK,... [-- TEXT]",
     "a deal: your terms if theirs, by {turn} N; a term is ACTION or not:ACTION, 'nothing' for none "
     "(an AI role answers at once)"),
    ("accept N | reject N",
     "answer deal (or counter-deal) #N offered to you; accepted, both sides' terms become public "
     "commitments (kept or broken, with the audience cost)"),
)

# The command column wraps at this width, so a long command (propose) leaves its meaning room.
COMMAND_WIDTH = 24


def help_table(rows: Sequence[Row], turn: str) -> Padding:
    """The commands as a borderless table, indented; ``{turn}`` in a meaning becomes the scenario's turn word."""
    table = Table(box=None, show_header=False, padding=(0, 3, 0, 0), pad_edge=False)
    table.add_column("command", max_width=COMMAND_WIDTH, overflow="fold")
    table.add_column("meaning")
    for command, meaning in rows:
        # Text, not markup: '[TEXT]' in a command is literal.
        table.add_row(Text(command, style="bold"), Text(meaning.format(turn=turn)))
    return Padding(table, (0, 0, 0, 2))


def show_help(console: Console, rows: Sequence[Row], turn: str) -> None:
    """Print 'Commands:' and the table of ``rows``."""
    console.print("Commands:", markup=False)
    console.print(help_table(rows, turn))
