"""Small helpers for self-contained, printable HTML pages (no external files).

>>> "<h1>" in page("Title", "<p>x</p>")
True
>>> esc('<b> & "q"')
'&lt;b&gt; &amp; &quot;q&quot;'
"""

from __future__ import annotations

import html

CSS = """
body{font:11pt/1.45 Georgia,'Times New Roman',serif;max-width:60em;margin:2em auto;padding:0 1em;color:#111}
h1{font-size:1.7em;margin-bottom:.1em}h2{border-bottom:1px solid #999;margin-top:1.6em}h3{margin-bottom:.2em}
table{border-collapse:collapse;margin:.5em 0;width:100%}th,td{border:1px solid #bbb;padding:.25em .45em;text-align:left;vertical-align:top}
th{background:#eee}.num{text-align:right}.muted{color:#555}.quote{font-style:italic;color:#333}
.cite{font-size:.85em;color:#555}.tag{font-size:.8em;border:1px solid #888;border-radius:3px;padding:0 .3em}
.private{background:#fff6e0}.control{background:#eef4ff}img.chart{max-width:100%}
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}table{page-break-inside:auto}tr{page-break-inside:avoid}}
"""


def esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def page(title: str, body: str, subtitle: str = "", head: str = "") -> str:
    """A whole HTML document with inline CSS (``head``: more of it, such as the maps' style and font)."""
    sub = f'<p class="muted">{esc(subtitle)}</p>' if subtitle else ""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><style>{CSS}</style>{head}</head>\n"
            f"<body><h1>{esc(title)}</h1>{sub}\n{body}\n</body></html>\n")


def table(headers: list[str], rows: list[list[str]], raw: bool = False) -> str:
    """A table; cells are escaped unless ``raw`` (then they are trusted HTML)."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c if raw else esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def cite(source: str | None, quote: str | None = None) -> str:
    if not source:
        return ""
    q = f' <span class="quote">"{esc(quote)}"</span>' if quote else ""
    return f'<span class="cite">({esc(source)}{q})</span>'
