"""Charts for reports: matplotlib (Agg, no window), embedded as base64 PNG.

>>> png = line_chart_png({"Tension": [50, 60, 70]}, "Tension")
>>> png.startswith("data:image/png;base64,")
True
"""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def line_chart_png(series: dict[str, list[float]], title: str, compare: dict[str, list[float]] | None = None,
                   xlabel: str = "") -> str:
    """Lines for each series (solid), with an optional comparison (dashed, same colour)."""
    fig, ax = plt.subplots(figsize=(5.2, 2.6))
    for i, (label, values) in enumerate(series.items()):
        color = f"C{i % 10}"
        ax.plot(range(len(values)), values, color=color, label=label)
        if compare and label in compare:
            ax.plot(range(len(compare[label])), compare[label], color=color, linestyle="--", alpha=0.6)
    ax.set_title(title, fontsize=10)
    ax.set_xlabel(xlabel, fontsize=8)
    ax.tick_params(labelsize=7)
    ax.grid(alpha=0.3)
    if len(series) > 1:
        ax.legend(fontsize=7)
    return _png(fig)


def stacked_bars_png(rows: list[str], shares: dict[str, list[float]], title: str, xlabel: str = "") -> str:
    """One stacked bar per row (e.g. a turn), one segment per key (e.g. an ending)."""
    fig, ax = plt.subplots(figsize=(7, 3))
    bottom = [0.0] * len(rows)
    for i, (label, values) in enumerate(shares.items()):
        ax.bar(rows, values, bottom=bottom, label=label, color=f"C{i % 10}")
        bottom = [b + v for b, v in zip(bottom, values)]
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of games", fontsize=8)
    ax.set_xlabel(xlabel, fontsize=8)
    ax.set_title(title, fontsize=10)
    ax.tick_params(labelsize=7)
    ax.legend(fontsize=7, bbox_to_anchor=(1.01, 1), loc="upper left")
    return _png(fig)
