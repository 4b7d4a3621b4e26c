"""Wall-clock time in a time zone and the instants (UTC) it stands for, daylight saving included.

People enter and read local wall-clock time; what is stored is the instant. Twice a year the
two do not match one to one:

- spring forward: a stretch of wall-clock time never happens (in Sweden 02:00-02:59 on the last
  Sunday of March). Such a time is refused (`NonexistentTime`): guessing which hour was meant
  would put an incident an hour off without anyone knowing.
- fall back: a stretch happens twice (02:00-02:59 on the last Sunday of October). Such a time is
  taken as its first occurrence, still on summer time, as calendars and clocks do; callers can
  tell with `is_ambiguous` and say so.

Pure functions of the zone given; which zone is the installation's is decided elsewhere.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

DEFAULT_TIME_ZONE = "Europe/Stockholm"


class NonexistentTime(ValueError):
    """A wall-clock time the clocks skipped in `zone` (spring forward).

    `suggestion` is the wall-clock time of the same instant had the clocks not moved (02:30 in a
    gap of one hour gives 03:30): what a reporter whose phone showed the old time most likely meant.
    """

    def __init__(self, wall: dt.datetime, zone: ZoneInfo) -> None:
        super().__init__(f"{wall:%Y-%m-%d %H:%M} does not exist in {zone.key}")
        self.wall = wall
        self.zone = zone
        self.suggestion = _round_trip(wall, zone)


def _round_trip(wall: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """`wall` read as a time in `zone` (first occurrence) and back; differs only for skipped times."""
    instant = wall.replace(tzinfo=zone, fold=0).astimezone(dt.UTC)
    return instant.astimezone(zone).replace(tzinfo=None, fold=0)


def _naive(wall: dt.datetime) -> dt.datetime:
    if wall.tzinfo is not None:
        raise ValueError(f"expected a wall-clock time without a zone, got {wall.isoformat()}")
    return wall.replace(fold=0)


def exists(wall: dt.datetime, zone: ZoneInfo) -> bool:
    """Whether the clocks in `zone` ever showed `wall` (False inside a spring-forward gap)."""
    return _round_trip(_naive(wall), zone) == _naive(wall)


def is_ambiguous(wall: dt.datetime, zone: ZoneInfo) -> bool:
    """Whether the clocks in `zone` showed `wall` twice (inside a fall-back overlap)."""
    wall = _naive(wall)
    first, second = wall.replace(tzinfo=zone, fold=0), wall.replace(tzinfo=zone, fold=1)
    return exists(wall, zone) and first.utcoffset() != second.utcoffset()


def from_local(wall: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The instant (aware, UTC) at which the clocks in `zone` showed `wall`.

    An ambiguous time is its first occurrence.

    Raises:
        NonexistentTime: the clocks skipped `wall` (spring forward).
        ValueError: `wall` carries a zone already.
    """
    wall = _naive(wall)
    if not exists(wall, zone):
        raise NonexistentTime(wall, zone)
    return wall.replace(tzinfo=zone).astimezone(dt.UTC)


def to_local(instant: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The wall-clock time (no zone) the clocks in `zone` showed at `instant` (aware)."""
    if instant.tzinfo is None:
        raise ValueError(f"expected an instant with a zone, got {instant.isoformat()}")
    return instant.astimezone(zone).replace(tzinfo=None, fold=0)


def day_start(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    """The instant (aware, UTC) the local calendar day `day` begins in `zone`.

    Midnight, or where a zone skips midnight itself, the first moment of the day that exists.
    """
    midnight = dt.datetime.combine(day, dt.time())
    while not exists(midnight, zone):  # no gap is longer than a few hours
        midnight += dt.timedelta(minutes=1)
    return midnight.replace(tzinfo=zone).astimezone(dt.UTC)
