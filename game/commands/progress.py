"""A progress bar for long runs: rich, on stderr, shown only once a run takes more than a second.

Short runs stay silent, and so do runs whose stderr is not a terminal (pipes, CI).

>>> with GamesProgress(10, "games") as bar:
...     bar(10)
>>> bar.done
10
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class GamesProgress:
    """Call it with the number of games just finished; it draws itself when worth it."""

    def __init__(self, total: int, description: str = "games", delay: float = 1.0):
        self.total, self.description, self.delay = total, description, delay
        self.done, self.began = 0, time.monotonic()
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> GamesProgress:
        return self

    def __call__(self, games: int) -> None:
        self.done += games
        if self._bar is None and time.monotonic() - self.began >= self.delay and sys.stderr.isatty():
            # loaded when the command runs: `brink` builds every command's parser at start-up
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeRemainingColumn(), console=Console(stderr=True), transient=True)
            self._bar.start()
            self._task = self._bar.add_task(self.description, total=self.total)
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, completed=self.done)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()
