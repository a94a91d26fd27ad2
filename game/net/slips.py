"""Printable join slips: one page per code, with the address, the code and a QR code to scan.

The QR code opens the browser client (``http://HOST:PORT/?code=CODE``); the page also
gives the command for the game's own client. The room's PIN, if any, is not on the
slips: it is written on the board, so a slip found outside the room is no use.

>>> html = slips_html("Winter 2021", {"us": "United States"}, {"us": "3f9a1c0e"}, ["192.168.1.20"], 8765)
>>> "http://192.168.1.20:8765/?code=3f9a1c0e" in html and "<svg" in html
True
"""

from __future__ import annotations

from html import escape

import segno

PAGE_CSS = """
body { font-family: system-ui, sans-serif; margin: 0; }
.slip { page-break-after: always; break-after: page; padding: 2.5cm 2cm; }
.slip:last-child { page-break-after: auto; }
h1 { font-size: 28pt; margin: 0 0 0.3em; }
h2 { font-size: 14pt; font-weight: normal; color: #444; margin: 0 0 1.5em; }
.code { font: bold 40pt ui-monospace, monospace; letter-spacing: 0.15em; }
.qr svg { width: 7cm; height: 7cm; }
.how { font-size: 12pt; color: #333; }
code { font-size: 12pt; }
"""


def join_url(address: str, port: int, code: str) -> str:
    """Where the browser client joins with ``code``.

    >>> join_url("192.168.1.20", 8765, "3f9a1c0e")
    'http://192.168.1.20:8765/?code=3f9a1c0e'
    """
    host = f"[{address}]" if ":" in address else address
    return f"http://{host}:{port}/?code={code}"


def slip_title(key: str, names: dict[str, str]) -> str:
    """'United States', 'Projector (public view)', 'Observer of United States'."""
    if key == "projector":
        return "Projector (public view)"
    if key == "assistant":
        return "The white cell's assistant"
    if key.startswith("actor:"):
        return f"{names.get(key[len('actor:'):], key[len('actor:'):].capitalize())} (a playable actor)"
    if key.startswith("observer:"):
        return f"Observer of {names.get(key[len('observer:'):], key)} (read only)"
    return names.get(key, key)


def slips_html(title: str, names: dict[str, str], codes: dict[str, str], addresses: list[str], port: int) -> str:
    """One printable page per code that admits someone (revoked codes get no page)."""
    address = addresses[0] if addresses else "127.0.0.1"
    pages = []
    for key, code in codes.items():
        if not code:
            continue
        url = join_url(address, port, code)
        qr = segno.make(url, error="m").svg_inline(scale=4, border=2)
        others = "".join(f"<br><code>{escape(join_url(a, port, code))}</code>" for a in addresses[1:])
        pages.append(
            f'<section class="slip"><h1>{escape(slip_title(key, names))}</h1><h2>{escape(title)}</h2>'
            f'<p class="code">{escape(code)}</p><div class="qr">{qr}</div>'
            f'<p class="how">Scan the code, or open <code>{escape(url)}</code>{others}<br>'
            f"or run <code>brink join {escape(address)}:{port} --code {escape(code)}</code>.<br>"
            "Several laptops of one team may join with the same code; each gives its seat a name.</p></section>")
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>Join slips: {escape(title)}</title>"
            f"<style>{PAGE_CSS}</style></head><body>{''.join(pages)}</body></html>")
