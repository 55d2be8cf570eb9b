"""A market's local calendar day as integer arithmetic on UTC instants (fast, exact, from the tz database).

The local date of an instant is ``floor((epoch_us + utc_offset_us) / 1 day)``. A zone's UTC offset
is piecewise constant between its transitions (daylight saving changes), which Python's
``zoneinfo`` knows; this module lists them for a span of years and writes the offset as a
binary tree of ``CASE`` comparisons on the epoch. The SQL then needs no per-row time-zone lookup:
the same answer as ``timezone(zone, instant)``, many times faster when the zone varies by row.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

FIRST_YEAR, LAST_YEAR = 1970, 2100
DAY_US = 86_400_000_000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _offset_us(zone: ZoneInfo, at: datetime) -> int:
    offset = at.astimezone(zone).utcoffset()
    assert offset is not None
    return offset // timedelta(microseconds=1)


def _us(at: datetime) -> int:
    return (at - _EPOCH) // timedelta(microseconds=1)


@lru_cache(maxsize=64)
def transitions(tz: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(starts, offsets): offset ``offsets[i]`` holds from ``starts[i]`` (epoch µs) to ``starts[i+1]``.

    ``starts[0]`` is the first instant of ``FIRST_YEAR``; the last offset holds to the end of ``LAST_YEAR``.
    """
    zone = ZoneInfo(tz)
    at = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)
    end = datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC)
    starts, offsets = [_us(at)], [_offset_us(zone, at)]
    step = timedelta(days=1)  # no zone changes its offset twice within a day
    while at < end:
        nxt = at + step
        if _offset_us(zone, nxt) != offsets[-1]:
            lo, hi = at, nxt  # the change happens in (lo, hi]: find its first second
            while hi - lo > timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                mid = mid.replace(microsecond=0)
                if mid <= lo:
                    mid = lo + timedelta(seconds=1)
                if _offset_us(zone, mid) == offsets[-1]:
                    lo = mid
                else:
                    hi = mid
            starts.append(_us(hi))
            offsets.append(_offset_us(zone, hi))
        at = nxt
    return tuple(starts), tuple(offsets)


def span_us() -> tuple[int, int]:
    """The instants (epoch µs) the transition lists cover: [first, last)."""
    return _us(datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)), _us(datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC))


BUCKET_US = 32 * DAY_US  # no zone changes its offset more than twice in 32 days (checked on load)


def local_day_python(epoch_us: int, tz: str) -> int:
    """The reference for tests: days since 1970-01-01 of the local date of an instant."""
    at = _EPOCH + timedelta(microseconds=epoch_us)
    return (at.astimezone(ZoneInfo(tz)).date() - _EPOCH.date()).days
