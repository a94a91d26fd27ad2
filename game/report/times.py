"""Times in reports: the record's UTC stamps shown in the reader's local time, with the zone.

>>> import datetime as dt
>>> local_time("2026-12-01T15:04:05+00:00", dt.timezone(dt.timedelta(hours=1), "CET"))
'Tue 01 Dec 2026, 16:04 CET'
>>> local_time("not a time")
'not a time'
"""

from __future__ import annotations

import datetime as dt
import zoneinfo


class ZoneError(ValueError):
    """A time zone name the system does not know."""


def zone_named(name: str | None) -> dt.tzinfo | None:
    """The zone called ``name`` ('Europe/Berlin'); None for the machine's own zone.

    >>> zone_named("UTC").key, zone_named(None)
    ('UTC', None)
    """
    if not name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ZoneError(f"unknown time zone '{name}' (e.g. Europe/Berlin, America/New_York, UTC)") from None


def local_time(stamp: str, zone: dt.tzinfo | None = None, date: bool = True) -> str:
    """``stamp`` (ISO 8601, as the record keeps it) in ``zone`` (None: the machine's), zone named;
    a stamp that is not a time is shown as it is."""
    try:
        when = dt.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return str(stamp)
    if when.tzinfo is None:  # the record's stamps are UTC
        when = when.replace(tzinfo=dt.UTC)
    when = when.astimezone(zone)
    name = when.tzname() or when.strftime("UTC%z")
    return when.strftime("%a %d %b %Y, %H:%M " if date else "%H:%M ") + name


def zone_words(zone: dt.tzinfo | None = None) -> str:
    """The zone times are shown in, for a page's heading ('times in CET').

    >>> zone_words(dt.UTC)
    'times are UTC'
    """
    name = dt.datetime.now(dt.UTC).astimezone(zone).tzname()
    return f"times are {name}"
