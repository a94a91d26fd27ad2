"""Charts of an analysis, drawn with matplotlib's Agg backend (no window) as PNG bytes.

>>> png = endings_chart({"a": {"share": 0.5, "ci95": [0.4, 0.6]}})
>>> png[:4] == b"\\x89PNG"
True
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 (after choosing the backend)

BLUE, RED, GREY = "#2b6cb0", "#c53030", "#718096"


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def endings_chart(endings: dict[str, dict]) -> bytes:
    """Share of each ending with its 95% interval."""
    names = list(endings)
    shares = [endings[n]["share"] for n in names]
    low = [s - endings[n]["ci95"][0] for n, s in zip(names, shares)]
    high = [endings[n]["ci95"][1] - s for n, s in zip(names, shares)]
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(names) + 1))
    ax.barh(names, shares, xerr=[low, high], color=BLUE, capsize=3)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of games (bars: 95% interval)")
    return _png(fig)


def trajectories_chart(trajectories: dict[str, dict]) -> bytes:
    """Median and 10-90% band of each key variable after each turn."""
    n = len(trajectories)
    cols = 2
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(9, 2.3 * rows), squeeze=False)
    for ax, t in zip(axes.flat, trajectories.values()):
        ax.fill_between(t["turns"], t["p10"], t["p90"], color=BLUE, alpha=0.2, label="10-90%")
        ax.plot(t["turns"], t["median"], color=BLUE, label="median")
        ax.set_title(t["label"], fontsize=9)
        ax.tick_params(labelsize=8)
    for ax in list(axes.flat)[n:]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=7)
    fig.supxlabel("after turn", fontsize=9)
    fig.tight_layout()
    return _png(fig)


def levers_chart(levers: list[dict], top: int = 15) -> bytes:
    """The actions that change the ending most, forced against forbidden."""
    rows = levers[:top]
    labels = [f"{r['role']}: {r['action']} -> {r['effect']['biggest_ending']}" for r in rows]
    values = [r["effect"]["endings"][r["effect"]["biggest_ending"]] for r in rows]
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(rows) + 1))
    ax.barh(labels, values, color=[RED if v > 0 else BLUE for v in values])
    ax.invert_yaxis()
    ax.axvline(0, color=GREY, linewidth=0.8)
    ax.tick_params(axis="y", labelsize=8)
    ax.set_xlabel("change in the chance of that ending, forced minus forbidden")
    return _png(fig)


def decided_chart(decided: dict) -> bytes:
    """How much of the uncertainty about the ending the situation after each turn resolves."""
    fig, ax = plt.subplots(figsize=(7, 3))
    ax.plot(decided["turns"], decided["resolved"], marker="o", color=BLUE)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("after turn")
    ax.set_ylabel("outcome uncertainty resolved")
    return _png(fig)


def sensitivity_chart(sensitivity: dict, top: int = 15) -> bytes:
    """A tornado: for each constant, the shift of its most moved ending at -25% and at +25%."""
    rows = sensitivity["ranked"][:top]
    labels = [f"{r['id']} -> {r['largest']['ending']}" for r in rows]
    down = [r["shifts"]["-25%"]["endings"][r["largest"]["ending"]] for r in rows]
    up = [r["shifts"]["+25%"]["endings"][r["largest"]["ending"]] for r in rows]
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(rows) + 1.2))
    y = range(len(rows))
    ax.barh([i - 0.2 for i in y], down, height=0.4, color=BLUE, label="constant -25%")
    ax.barh([i + 0.2 for i in y], up, height=0.4, color=RED, label="constant +25%")
    ax.set_yticks(list(y), labels)
    ax.invert_yaxis()
    ax.axvline(0, color=GREY, linewidth=0.8)
    ax.tick_params(axis="y", labelsize=7)
    ax.legend(fontsize=7)
    ax.set_xlabel("change in the share of that ending (same games)")
    return _png(fig)
