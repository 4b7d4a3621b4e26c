"""The installation's local time: the municipality's time zone, in which people enter and read times.

Instants are stored in UTC; days, weeks, months, quarters and clock times that people see are
local. The zone is one setting of the installation (TRYGG_TIME_ZONE, Europe/Stockholm by
default), set once when the app starts (`use_zone`). Everything in the domain that turns instants
into local days or clock times reads it here, so that no path can group in one zone and show
another, and no server clock (often UTC) decides which day an incident belongs to.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from analysis import localtime
from analysis.localtime import DEFAULT_TIME_ZONE, NonexistentTime, is_ambiguous

__all__ = [
    "DEFAULT_TIME_ZONE",
    "NonexistentTime",
    "day_start",
    "from_local",
    "is_ambiguous_here",
    "local_date",
    "local_zone",
    "now_local",
    "to_local",
    "today",
    "use_zone",
]

_zone: list[ZoneInfo] = [ZoneInfo(DEFAULT_TIME_ZONE)]


def use_zone(name: str) -> ZoneInfo:
    """Make `name` (an IANA zone such as "Europe/Stockholm") the local zone; returns it.

    Raises:
        zoneinfo.ZoneInfoNotFoundError: no such zone.
    """
    _zone[0] = ZoneInfo(name)
    return _zone[0]


def local_zone() -> ZoneInfo:
    """The installation's time zone."""
    return _zone[0]


def utc_now() -> dt.datetime:
    """The instant now: the one clock every local time and day here is read from."""
    return dt.datetime.now(dt.UTC)


def now_local() -> dt.datetime:
    """The local wall-clock time now, to the minute, without a zone (as a form shows it)."""
    return to_local(utc_now()).replace(second=0, microsecond=0)


def today() -> dt.date:
    """The local calendar day now (not the server's, which often runs on UTC)."""
    return to_local(utc_now()).date()


def from_local(wall: dt.datetime) -> dt.datetime:
    """The instant (aware, UTC) of a local wall-clock time; see `analysis.localtime.from_local`.

    Raises:
        NonexistentTime: the clocks skipped `wall` (spring forward).
    """
    return localtime.from_local(wall, local_zone())


def is_ambiguous_here(wall: dt.datetime) -> bool:
    """Whether the local clocks showed `wall` twice (fall back); it is then taken as the first."""
    return is_ambiguous(wall, local_zone())


def to_local(instant: dt.datetime) -> dt.datetime:
    """The local wall-clock time (no zone) of an instant; a naive one is read as UTC.

    Every timestamp column but the incident's time stores naive UTC (`database.base.utcnow`).
    """
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=dt.UTC)
    return localtime.to_local(instant, local_zone())


def local_date(instant: dt.datetime) -> dt.date:
    """The local calendar day an instant falls on (23:30 UTC on 31 March is 1 April in Sweden)."""
    return to_local(instant).date()


def day_start(day: dt.date) -> dt.datetime:
    """The instant (aware, UTC) the local day `day` begins."""
    return localtime.day_start(day, local_zone())
