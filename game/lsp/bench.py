"""How fast the language server's work is on a scenario: what ``brink bench --lsp`` reports.

Each figure is the median of several runs, in milliseconds, on the scenario's own
text: ``index_ms`` (ids and where they are written), ``check_ms`` (the whole
validator and lint, what each pause in typing costs, in the worker thread),
``broken_index_ms`` (the index of the text with an unclosed bracket typed into it,
the parser retried around it), and ``completion_ms`` / ``hover_ms`` (one request,
over positions spread through the file).

>>> figures = measure(Path(__file__).parents[2] / "tests" / "data" / "lsp-crisis.yaml", repeat=1, positions=3)
>>> sorted(figures) == sorted(["scenario_chars", "index_ms", "check_ms", "broken_index_ms", "completion_ms", "hover_ms"])
True
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from .completion import complete
from .diagnostics import check_text
from .index import build_index
from .navigation import hover


def _ms(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def measure(path: Path, repeat: int = 5, positions: int = 40) -> dict[str, float]:
    """The figures for the scenario file at ``path`` (see the module docstring)."""
    text = Path(path).read_text(encoding="utf-8")
    index = build_index(text)
    middle = text.find("\n", len(text) // 2) + 1
    broken = text[:middle] + "  typing: {effects: [unclosed\n" + text[middle:]
    spots = [len(text) * (i + 1) // (positions + 1) for i in range(positions)]
    return {
        "scenario_chars": len(text),
        "index_ms": round(_ms(lambda: build_index(text), repeat), 1),
        "check_ms": round(_ms(lambda: check_text(text, str(path)), repeat), 1),
        "broken_index_ms": round(_ms(lambda: build_index(broken), repeat), 1),
        "completion_ms": round(statistics.median(_ms(lambda s=s: complete(text, s, index), 1) for s in spots), 2),
        "hover_ms": round(statistics.median(_ms(lambda s=s: hover(index, s, text), 1) for s in spots), 3),
    }
