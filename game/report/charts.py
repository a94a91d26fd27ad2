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


Mark = tuple[float, str]  # (x, a short label): where the white cell stepped in


def _marks(ax, marks: list[Mark] | None) -> None:
    """Dotted upright lines, each labelled at the top: an override, a rollback, a restart."""
    for x, label in marks or []:
        ax.axvline(x, color="#b03030", linestyle=":", linewidth=1.2)
        ax.annotate(label, (x, 1), xycoords=("data", "axes fraction"), xytext=(2, -2), textcoords="offset points",
                    fontsize=6.5, color="#b03030", va="top", rotation=90)


def line_chart_png(series: dict[str, list[float]], title: str, compare: dict[str, list[float]] | None = None,
                   xlabel: str = "", marks: list[Mark] | None = None) -> str:
    """Lines for each series (solid), with an optional comparison (dashed, same colour) and ``marks``."""
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
    _marks(ax, marks)
    if len(series) > 1:
        ax.legend(fontsize=7)
    return _png(fig)


def truth_chart_png(truth: list[float], estimates: dict[str, tuple[list[float], list[float], list[float]]], title: str,
                    xlabel: str = "", marks: list[Mark] | None = None, size: tuple[float, float] = (5.2, 2.6)) -> str:
    """A hidden value's truth (black) against each role's estimate (a line) and its 90% range (a band).

    ``estimates``: role name -> (estimate, low, high), one value a turn (nan where it had none).

    >>> truth_chart_png([35, 40], {"NATO": ([30, 44], [20, 34], [40, 54])}, "Readiness").startswith("data:image/png")
    True
    """
    fig, ax = plt.subplots(figsize=size)
    for i, (name, (est, low, high)) in enumerate(estimates.items()):
        color = f"C{i % 10}"
        xs = range(len(est))
        ax.fill_between(xs, low, high, color=color, alpha=0.15, linewidth=0)
        ax.plot(xs, est, color=color, linewidth=1.2, marker=".", markersize=4, label=f"{name}: estimate (90% range)")
    ax.plot(range(len(truth)), truth, color="black", linewidth=2, label="the truth")
    ax.set_title(title, fontsize=10)
    ax.set_xlabel(xlabel, fontsize=8)
    ax.tick_params(labelsize=7)
    ax.grid(alpha=0.3)
    _marks(ax, marks)
    ax.legend(fontsize=6.5, loc="best")
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
