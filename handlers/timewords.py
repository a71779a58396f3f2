"""Times in words, in bokmål and English: what confirmations and reminders show people."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from handlers.messages import Lang

WEEKDAY_NAMES: dict[Lang, tuple[str, ...]] = {
    "nb": ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTH_NAMES: dict[Lang, tuple[str, ...]] = {
    "nb": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
           "oktober", "november", "desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}


def weekday_name(index: int, lang: Lang) -> str:
    return WEEKDAY_NAMES[lang][index]


def month_name(month: int, lang: Lang) -> str:
    return MONTH_NAMES[lang][month - 1]


def date_in_words(day: date, lang: Lang, *, weekday: bool = True) -> str:
    """`tirsdag 1. desember 2026` / `Tuesday 1 December 2026`."""
    core = (f"{day.day}. {month_name(day.month, 'nb')} {day.year}" if lang == "nb"
            else f"{day.day} {month_name(day.month, 'en')} {day.year}")
    return f"{weekday_name(day.weekday(), lang)} {core}" if weekday else core


def clock_text(moment: datetime) -> str:
    """`09:00`, with seconds only when they are not zero."""
    return moment.strftime("%H:%M:%S" if moment.second else "%H:%M")


def when_in_words(moment: datetime, zone: ZoneInfo, lang: Lang) -> str:
    """`tirsdag 1. desember 2026 kl. 09:00` / `Tuesday 1 December 2026 at 09:00` (local time)."""
    local = moment.astimezone(zone)
    joiner = "kl." if lang == "nb" else "at"
    return f"{date_in_words(local.date(), lang)} {joiner} {clock_text(local)}"


def iso_local(moment: datetime, zone: ZoneInfo) -> str:
    """ISO 8601 in local time with its offset: `2026-12-01T09:00:00+01:00`."""
    return moment.astimezone(zone).replace(microsecond=0).isoformat()


_UNITS: dict[Lang, tuple[tuple[int, str, str], ...]] = {
    "nb": ((7 * 86400, "uke", "uker"), (86400, "dag", "dager"), (3600, "time", "timer"),
           (60, "minutt", "minutter"), (1, "sekund", "sekunder")),
    "en": ((7 * 86400, "week", "weeks"), (86400, "day", "days"), (3600, "hour", "hours"),
           (60, "minute", "minutes"), (1, "second", "seconds")),
}


def duration_in_words(seconds: int, lang: Lang) -> str:
    """`2 dager og 3 timer` / `2 days and 3 hours` (at most the two largest units)."""
    if seconds <= 0:
        return "0 " + ("minutter" if lang == "nb" else "minutes")
    parts: list[str] = []
    rest = seconds
    for size, one, many in _UNITS[lang]:
        if size == 7 * 86400 and (rest % size or rest < 2 * size):
            continue  # "7 days" and "10 days" read better than "1 week" and "1 week and 3 days"
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{count} {one if count == 1 else many}")
    parts = parts[:2]
    return (" og " if lang == "nb" else " and ").join(parts)
