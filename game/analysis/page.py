"""The analysis as one self-contained HTML file: charts embedded as data URIs, no
scripts, no external files, so it opens offline and can be mailed around.

>>> "<html" in render({"scenario": "x", "games": 0, "seed": 0, "policies": {}, "endings": {},
...                    "trajectories": {}, "levers": [], "decided": {}}, charts={})
True
"""

from __future__ import annotations

import base64
import html

from . import charts as ch

STYLE = """body{font-family:system-ui,sans-serif;max-width:960px;margin:2em auto;color:#1a202c;padding:0 1em}
table{border-collapse:collapse;font-size:0.85em}td,th{border-bottom:1px solid #e2e8f0;padding:3px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}img{max-width:100%}h2{margin-top:1.6em}.note{color:#4a5568}"""


def draw(analysis: dict) -> dict[str, bytes]:
    """Every chart of the analysis, as PNG bytes."""
    out = {"endings": ch.endings_chart(analysis["endings"])}
    if analysis["trajectories"]:
        out["trajectories"] = ch.trajectories_chart(analysis["trajectories"])
    if analysis["levers"]:
        out["levers"] = ch.levers_chart(analysis["levers"])
    if analysis["decided"]:
        out["decided"] = ch.decided_chart(analysis["decided"])
    if analysis.get("sensitivity", {}).get("ranked"):
        out["sensitivity"] = ch.sensitivity_chart(analysis["sensitivity"])
    return out


def _img(png: bytes | None, alt: str) -> str:
    if not png:
        return ""
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'


def render(analysis: dict, charts: dict[str, bytes] | None = None) -> str:
    """The HTML page of an analysis (``charts`` default to ``draw(analysis)``)."""
    charts = draw(analysis) if charts is None else charts
    e = html.escape
    policies = ", ".join(f"{role} {spec}" for role, spec in analysis["policies"].items())
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Analysis: {e(analysis['scenario'])}</title>",
             f"<style>{STYLE}</style></head><body>",
             f"<h1>{e(analysis['scenario'])}: {analysis['games']:,} games</h1>",
             f"<p class='note'>Seed {analysis['seed']}; policies: {e(policies)}.</p>",
             "<h2>Endings</h2>", _img(charts.get("endings"), "endings"),
             "<table><tr><th>ending</th><th>games</th><th>share</th><th>95% interval</th></tr>"]
    for ending, row in analysis["endings"].items():
        parts.append(f"<tr><td>{e(ending)}</td><td>{row['count']:,}</td><td>{row['share']:.1%}</td>"
                     f"<td>{row['ci95'][0]:.1%} - {row['ci95'][1]:.1%}</td></tr>")
    parts += ["</table>", "<h2>Key variables, turn by turn</h2>",
              "<p class='note'>Median (line) and 10-90% of games (band), after each turn.</p>",
              _img(charts.get("trajectories"), "trajectories")]
    if analysis["levers"]:
        turn = analysis["levers"][0]["used_by_turn"]
        endings = list(analysis["endings"])
        parts += ["<h2>Which levers matter</h2>",
                  "<p class='note'>Forced: the action is taken whenever allowed; forbidden: never. "
                  f"Observed: games where it was used by turn {turn} against games where it was not "
                  "(a correlation, not a cause). Figures are changes in the chance of each ending.</p>",
                  _img(charts.get("levers"), "levers"),
                  "<table><tr><th>#</th><th>action</th><th>role</th>"
                  + "".join(f"<th>{e(x)}<br>forced-forbidden</th>" for x in endings)
                  + "<th>scores forced-forbidden</th><th>used by T (games)</th><th>biggest observed change</th></tr>"]
        for row in analysis["levers"]:
            observed = {x: row["used"]["endings"][x] - row["not_used"]["endings"][x] for x in endings}
            top = max(observed, key=lambda x: abs(observed[x]))
            scores = ", ".join(f"{r} {v:+.1f}" for r, v in row["effect"]["scores"].items())
            parts.append(f"<tr><td>{row['rank']}</td><td>{e(row['action'])}</td><td>{e(row['role'])}</td>"
                         + "".join(f"<td>{row['effect']['endings'][x]:+.1%}</td>" for x in endings)
                         + f"<td>{e(scores)}</td><td>{row['used']['games']:,}</td><td>{e(top)} {observed[top]:+.1%}</td></tr>")
        parts.append("</table>")
    if analysis["decided"]:
        d = analysis["decided"]
        parts += ["<h2>When the outcome is decided</h2>",
                  "<p class='note'>The share of the uncertainty about the ending that the situation after each turn "
                  "already resolves (the ending if there is one, else the key variables in fifths of their range). "
                  f"Half resolved after turn {d['half_resolved_after_turn']}; the biggest step comes in turn "
                  f"{d['biggest_step_turn']}.</p>", _img(charts.get("decided"), "decided")]
    if analysis.get("sensitivity"):
        parts += sensitivity_section(analysis["sensitivity"], charts.get("sensitivity"))
    parts.append("</body></html>")
    return "\n".join(parts)


def _short(value, limit: int = 40) -> str:
    text = f"{value:g}" if isinstance(value, (int, float)) else str(value)
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def sensitivity_section(sens: dict, chart: bytes | None) -> list[str]:
    """The sensitivity table: each constant moved by -25% and +25%, the shift of every ending."""
    e = html.escape
    endings = list(sens["base"])
    parts = ["<h2>Sensitivity: which constants decide the ending</h2>",
             f"<p class='note'>Each of the scenario's {sens['constants']} numeric constants moved by -25% and +25%, "
             f"{sens['games']:,} games each on the same seeds as the scenario as written (common random numbers, "
             "so the shifts are paired). Figures are changes in the share of each ending, in percentage points "
             "(-25% / +25%), ranked by the largest. With the scenario as written: "
             + e(", ".join(f"{k} {v:.1%}" for k, v in sens["base"].items())) + ".</p>",
             _img(chart, "sensitivity"),
             "<table><tr><th>#</th><th>constant</th><th>value</th>"
             + "".join(f"<th>{e(x)}</th>" for x in endings) + "</tr>"]
    for row in sens["ranked"]:
        down, up = row["shifts"]["-25%"]["endings"], row["shifts"]["+25%"]["endings"]
        name = e(row["id"]) + (f"<br><span class='note'>{e(_short(row['label'], 60))}</span>" if row["label"] else "")
        parts.append(f"<tr><td>{row['rank']}</td><td>{name}</td><td>{e(_short(row['value']))}</td>"
                     + "".join(f"<td>{100 * down[x]:+.1f} / {100 * up[x]:+.1f}</td>" for x in endings) + "</tr>")
    parts.append("</table>")
    return parts
