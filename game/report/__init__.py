"""Printable, self-contained HTML for seminars: briefings and after-action reports."""
