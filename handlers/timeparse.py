"""Reading times the way Norwegians and English speakers write them.

Pure: takes the text, "now" and the time zone and returns an instant (or a weekly/daily rule),
or an error that says what was understood. No I/O, no wall clock, no platform.

Conventions (documented in the README): a day without a time means 09:00; a weekday means the
nearest one still ahead (today if its time has not passed); "neste/next <weekday>" means that day
in next calendar week; a date without a year is the next one to come; "kl 24" is midnight at the
end of that day; in the autumn hour that occurs twice, the first (summer-time) one is meant.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Literal
from zoneinfo import ZoneInfo

from rapidfuzz import process
from rapidfuzz.distance import OSA

from handlers.messages import Lang
from handlers.time_texts import time_text
from handlers.timewords import (
    clock_text,
    date_in_words,
    month_name,
    weekday_name,
    when_in_words,
)

DEFAULT_TIME = time(9, 0)
EVENING_TIME = time(18, 0)
MAX_YEARS_AHEAD = 10

_WEEKDAYS: dict[str, int] = {
    "mandag": 0, "monday": 0, "mon": 0,
    "tirsdag": 1, "tirs": 1, "tuesday": 1, "tues": 1, "tue": 1,
    "onsdag": 2, "ons": 2, "wednesday": 2, "wed": 2,
    "torsdag": 3, "tors": 3, "thursday": 3, "thurs": 3, "thur": 3, "thu": 3,
    "fredag": 4, "fre": 4, "friday": 4, "fri": 4,
    "lørdag": 5, "lør": 5, "saturday": 5,
    "søndag": 6, "søn": 6, "sunday": 6,
}
_WEEKDAY_PLURALS: dict[str, int] = {
    "mandager": 0, "mondays": 0, "tirsdager": 1, "tuesdays": 1, "onsdager": 2, "wednesdays": 2,
    "torsdager": 3, "thursdays": 3, "fredager": 4, "fridays": 4, "lørdager": 5, "saturdays": 5,
    "søndager": 6, "sundays": 6,
}
_MONTHS: dict[str, int] = {
    "januar": 1, "january": 1, "jan": 1,
    "februar": 2, "february": 2, "feb": 2,
    "mars": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11,
    "desember": 12, "december": 12, "des": 12, "dec": 12,
}
_NUMBER_WORDS: dict[str, int] = {
    "en": 1, "én": 1, "ett": 1, "ei": 1, "et": 1, "a": 1, "an": 1, "one": 1,
    "to": 2, "two": 2, "tre": 3, "three": 3, "fire": 4, "four": 4, "fem": 5, "five": 5,
    "seks": 6, "six": 6, "sju": 7, "syv": 7, "seven": 7, "åtte": 8, "eight": 8, "ni": 9, "nine": 9,
    "ti": 10, "ten": 10, "elleve": 11, "eleven": 11, "tolv": 12, "twelve": 12,
    "femten": 15, "fifteen": 15, "tjue": 20, "twenty": 20, "tretti": 30, "thirty": 30,
}
_UNIT_SECONDS: dict[str, int] = {
    **dict.fromkeys(("sekunder", "sekund", "sek", "seconds", "second", "secs", "sec", "s"), 1),
    **dict.fromkeys(("minutter", "minutt", "min", "minutes", "minute", "mins", "m"), 60),
    **dict.fromkeys(("timer", "time", "t", "hours", "hour", "hrs", "hr", "h"), 3600),
}
_UNIT_DAYS: dict[str, int] = {
    **dict.fromkeys(("dager", "dag", "døgn", "days", "day", "d"), 1),
    **dict.fromkeys(("uker", "uke", "weeks", "week", "w"), 7),
}
_UNIT_MONTHS = ("måneder", "måned", "mnd", "months", "month")
_UNIT_YEARS = ("år", "years", "year")

_FILLERS = frozenset(
    "på den kl klokka klokken at on the ca cirka around about @ og and , - – —".split()
)


def _alternation(words: Mapping[str, int] | tuple[str, ...]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_WD = _alternation(_WEEKDAYS)
_MON = _alternation(_MONTHS)
_UNITS = _alternation(tuple(_UNIT_SECONDS) + tuple(_UNIT_DAYS) + _UNIT_MONTHS + _UNIT_YEARS)

_ISO = re.compile(
    r"(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:(?:t|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(z|[+-]\d{2}(?::?\d{2})?)?)?(?![\d:])"
)
_KL_HHMM = re.compile(r"\b(?:kl|klokka|klokken)\.?\s*(\d{2})(\d{2})(?!\d)")
_KL = re.compile(r"\b(?:kl|klokka|klokken)\.?\s*(\d{1,2})(?:[:.](\d{2})(?::(\d{2}))?)?(?![\d])(?:\s*(am|pm)\b)?")
_AMPM = re.compile(r"(?<![\d:.])(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)\b")
_NOON = re.compile(r"\b(?:at\s+)?(noon|midday)\b")
_COLON = re.compile(r"(?<![\d:.])(\d{1,2}):(\d{2})(?::(\d{2}))?(?![\d:])")
_AT_HOUR = re.compile(r"(?:\bat|@)\s*(\d{1,2})(?![\d:.])")
_REL_SPECIAL = re.compile(
    r"\b(?:om|in)\s+(en\s+halvtime|en\s+halv\s+time|et\s+kvarter|ett\s+kvarter|half\s+an\s+hour|"
    r"a\s+half\s+hour|a\s+quarter\s+of\s+an\s+hour|a\s+quarter\s+hour)\b"
)
# A number word needs a space before its unit ("an d" in "and" is not "one day").
_AMOUNT = r"(?:\d+(?:[.,]\d+)?\s*|(?:" + _alternation(_NUMBER_WORDS) + r")\s+)"
_PAIR = _AMOUNT + r"(?:" + _UNITS + r")\b"
_REL = re.compile(r"\b(?:om|in)\s+(" + _PAIR + r"(?:\s*(?:,|og|and)?\s*" + _PAIR + r")*)")
_REL_PART = re.compile(r"(" + _AMOUNT + r")(" + _UNITS + r")\b")
_RELDAY = re.compile(
    r"\b(i\s*overmorgen|overmorgen|i\s*morgen|imorgen|i\s*morra|imorra|i\s*dag|idag|i\s*går|igår|"
    r"i\s*forgårs|iforgårs|i\s*kveld|ikveld|the\s+day\s+after\s+tomorrow|day\s+after\s+tomorrow|"
    r"tomorrow|today|tonight|yesterday)\b"
)
_RELDAY_OFFSETS = {
    "idag": 0, "today": 0, "ikveld": 0, "tonight": 0,
    "imorgen": 1, "imorra": 1, "tomorrow": 1,
    "iovermorgen": 2, "overmorgen": 2, "thedayaftertomorrow": 2, "dayaftertomorrow": 2,
    "igår": -1, "yesterday": -1, "iforgårs": -2,
}
_WEEKDAY = re.compile(
    r"\b(?:(neste|next|kommende|førstkommende|this|denne|forrige|last|sist)\s+)?(" + _WD + r")\b\.?"
    r"(?:\s+(?:i\s+)?(neste\s+uke|next\s+week))?"
)
_NEXT_WEEK = re.compile(r"\b(?:i\s+)?(neste\s+uke|next\s+week)\b")
_MONTH_DATE_DM = re.compile(
    r"\b(\d{1,2})(?:\.|st|nd|rd|th)?\s*(?:of\s+)?(" + _MON + r")\b\.?(?:,?\s*(\d{4}))?(?!\d)"
)
_MONTH_DATE_MD = re.compile(
    r"\b(" + _MON + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s*(\d{4}))?(?![\d:])"
)
_NUM_DATE_Y = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d.])")
_SLASH_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])")  # day/month, as in Norway
_PART_OF_DAY = re.compile(
    r"\b(?:(?:in\s+the|om)\s+)?(morning|formiddagen|formiddag|afternoon|ettermiddagen|ettermiddag|evening|kvelden|kveld)\b"
)
_PART_CLOCK = {"morning": 9, "formiddag": 10, "formiddagen": 10, "afternoon": 15, "ettermiddag": 15,
               "ettermiddagen": 15, "evening": 18, "kveld": 18, "kvelden": 18}
_NUM_DATE_DOT = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(?!\d)")
_AMBIGUOUS = re.compile(r"(?<![\d.:])(\d{1,2})\.(\d{1,2})(?![\d.:])")
_BARE_HOUR = re.compile(r"(?<![\d.:])(\d{1,2})(?![\d.:])")

# Words the reader knows that are long enough to guess at when mistyped (shorter ones, like "mai"
# or "kl", are too close to other words).
MIN_TYPO_WORD = 5
LONG_TYPO_WORD = 8
_TYPO_TARGETS = tuple(sorted(
    w for w in (*_WEEKDAYS, *_WEEKDAY_PLURALS, *_MONTHS, *_UNIT_SECONDS, *_UNIT_DAYS, *_RELDAY_OFFSETS,
                *_PART_CLOCK, "neste", "every", "until", "klokka", "klokken")
    if len(w) >= MIN_TYPO_WORD and w.isalpha()
))

_RECUR_DAILY = re.compile(r"\b(?:(?:hver|hvert|every|each)\s+(?:dag|day)|daglig|daily)\b")
_RECUR_WEEKLY = re.compile(
    r"\b(?:(?:hver|every|each)\s+(?:uke|week)\s+(?:på|on)\s+|(?:ukentlig|weekly)\s+(?:på|on)\s+|"
    r"(?:hver|hvert|every|each)\s+)(" + _WD + r")\b"
)
_RECUR_PLURAL = re.compile(r"\b(?:on\s+|på\s+)?(" + _alternation(_WEEKDAY_PLURALS) + r")\b")
_UNTIL = re.compile(
    r"\s+(?:til\s+og\s+med|t\.o\.m\.?|tom|frem\s+til|fram\s+til|til|until|till|through|thru)\s+(.+)$"
)


@dataclass(frozen=True)
class Recurrence:
    """A daily or weekly repeat at a local wall-clock time, optionally until a date (inclusive)."""

    freq: Literal["daily", "weekly"]
    hour: int
    minute: int
    weekday: int | None = None  # 0 = Monday, for weekly
    until: date | None = None

    def next_after(self, after: datetime, zone: ZoneInfo) -> datetime | None:
        """The first occurrence strictly after `after`, or None when the rule has ended."""
        after = after.astimezone(UTC)  # compare instants, not wall clocks (same-zone datetimes compare naively)
        day = after.astimezone(zone).date()
        for _ in range(16):
            if self.until is not None and day > self.until:
                return None
            if self.freq == "daily" or day.weekday() == self.weekday:
                candidate = _local(day, time(self.hour, self.minute), zone)
                if candidate > after:
                    return candidate
            day += timedelta(days=1)
        return None  # pragma: no cover - a daily or weekly rule always finds one within 8 days

    def describe(self, lang: Lang) -> str:
        """`hver mandag kl. 09:00 til og med 1. mars 2027` / `every Monday at 09:00 until 1 March 2027`."""
        clock = f"{self.hour:02d}:{self.minute:02d}"
        if lang == "nb":
            head = "hver dag" if self.freq == "daily" else f"hver {weekday_name(self.weekday or 0, 'nb')}"
            text = f"{head} kl. {clock}"
            if self.until:
                text += f" til og med {date_in_words(self.until, 'nb', weekday=False)}"
        else:
            head = "every day" if self.freq == "daily" else f"every {weekday_name(self.weekday or 0, 'en')}"
            text = f"{head} at {clock}"
            if self.until:
                text += f" until {date_in_words(self.until, 'en', weekday=False)}"
        return text


@dataclass(frozen=True)
class TimeError:
    """Why a time was refused; `message(lang)` says it in words, with what was understood."""

    code: str
    values: Mapping[str, object] = field(default_factory=dict)
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Oslo"))

    def message(self, lang: Lang) -> str:
        v = dict(self.values)
        for key, value in list(v.items()):
            if isinstance(value, datetime):
                v[key] = when_in_words(value, self.zone, lang)
            elif isinstance(value, date):
                v[key] = date_in_words(value, lang, weekday=self.code != "weekday_mismatch")
        if self.code == "too_far" and isinstance(v["when"], str):
            v["when"] = f"«{v['when']}»" if lang == "nb" else f"“{v['when']}”"  # what was typed
        if self.code == "impossible_date":
            v["month"] = month_name(int(str(v["month"])), lang)
        if self.code == "weekday_mismatch":
            v["given"] = weekday_name(int(str(v["given"])), lang)
            v["actual"] = weekday_name(int(str(v["actual"])), lang)
        return time_text("time." + self.code, lang, **v)


@dataclass(frozen=True)
class TimeReading:
    """The outcome of reading one expression: an instant (plus a rule if it repeats) or an error."""

    text: str
    when: datetime | None
    recurrence: Recurrence | None = None
    error: TimeError | None = None
    default_time: bool = False  # no time of day was given, so DEFAULT_TIME was used

    @property
    def ok(self) -> bool:
        return self.when is not None and self.error is None


class _Refused(Exception):
    def __init__(self, code: str, **values: object) -> None:
        super().__init__(code)
        self.code = code
        self.values = values


@dataclass
class _Clock:
    hour: int
    minute: int
    second: int
    text: str
    evening_hint: bool = False  # an hour written without am/pm may be moved to the evening by "i kveld"


@dataclass
class _Parts:
    iso: tuple[date, _Clock | None, str | None, str] | None = None  # day, clock, offset, text
    clocks: list[_Clock] = field(default_factory=list)
    relative_seconds: tuple[float, str] | None = None
    relative_days: tuple[int, int, str] | None = None  # days, months, text
    relday: tuple[int, bool, str] | None = None  # day offset, evening, text
    weekday: tuple[int, str | None, str] | None = None  # weekday, modifier, text
    dates: list[tuple[int | None, int, int, str]] = field(default_factory=list)  # year, month, day
    next_week: str | None = None
    understood: list[tuple[int, str]] = field(default_factory=list)


class _Scanner:
    """Finds the pieces of a time expression, blanking each one out once it is understood."""

    def __init__(self, normalised: str) -> None:
        self.s = normalised
        self.parts = _Parts()

    def take(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        m = pattern.search(self.s)
        if m is None:
            return None
        self.s = self.s[: m.start()] + " " * (m.end() - m.start()) + self.s[m.end() :]
        self.parts.understood.append((m.start(), m.group(0).strip()))
        return m

    def leftover(self) -> list[str]:
        words = re.findall(r"[^\s,;]+", self.s)
        return [w for w in words if w not in _FILLERS and re.search(r"\w", w)]


def _normalise(text: str) -> str:
    s = unicodedata.normalize("NFC", text).lower().replace("\u00a0", " ")
    s = re.sub(r"\b([ap])\.\s?m\b\.?", r"\1m", s)
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"[\s.,!?;:]+$", "", s)


def _number(word: str) -> float:
    word = word.strip()
    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    return float(word.replace(",", "."))


def _clock(hour: str, minute: str | None, second: str | None, text: str, ampm: str | None = None) -> _Clock:
    h, m, s = int(hour), int(minute or 0), int(second or 0)
    if ampm:
        if not 1 <= h <= 12 or m > 59:
            raise _Refused("bad_clock", clock=text)
        h = (0 if h == 12 else h) + (12 if ampm == "pm" else 0)
        return _Clock(h, m, s, text)
    if h > 24 or m > 59 or s > 59 or (h == 24 and (m or s)):
        raise _Refused("bad_clock", clock=text)
    return _Clock(h, m, s, text, evening_hint=h < 12 and minute is None)


def _scan(scanner: _Scanner) -> None:
    p = scanner.parts
    if m := scanner.take(_ISO):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        day = _valid_date(y, mo, d, m.group(0))
        clock = _clock(m.group(4), m.group(5), m.group(6), m.group(0)) if m.group(4) else None
        p.iso = (day, clock, m.group(7), m.group(0))
    for pattern in (_KL_HHMM, _KL):
        while m := scanner.take(pattern):
            ampm = m.group(4) if pattern is _KL else None
            second = m.group(3) if pattern is _KL else None
            p.clocks.append(_clock(m.group(1), m.group(2), second, m.group(0).strip(), ampm))
    while m := scanner.take(_AMPM):
        p.clocks.append(_clock(m.group(1), m.group(2), None, m.group(0).strip(), m.group(3)))
    while m := scanner.take(_NOON):
        p.clocks.append(_Clock(12, 0, 0, m.group(0).strip()))
    while m := scanner.take(_COLON):
        p.clocks.append(_clock(m.group(1), m.group(2), m.group(3), m.group(0)))
    if m := scanner.take(_REL_SPECIAL):
        minutes = 15 if "kvarter" in m.group(1) or "quarter" in m.group(1) else 30
        p.relative_seconds = (minutes * 60.0, m.group(0))
    elif m := scanner.take(_REL):
        _relative(p, m.group(0), [(_number(a), unit) for a, unit in _REL_PART.findall(m.group(1))])
    if m := scanner.take(_RELDAY):
        word = re.sub(r"\s+", "", m.group(1))
        p.relday = (_RELDAY_OFFSETS[word], word in ("ikveld", "tonight"), m.group(0))
    if m := scanner.take(_WEEKDAY):
        modifier = m.group(1)
        if m.group(3):
            modifier = "next"
        p.weekday = (_WEEKDAYS[m.group(2)], modifier, m.group(0))
    if m := scanner.take(_NEXT_WEEK):
        p.next_week = m.group(0)
    for pattern in (_MONTH_DATE_DM, _MONTH_DATE_MD):
        while m := scanner.take(pattern):
            if pattern is _MONTH_DATE_DM:
                dom, mon, yr = m.group(1), m.group(2), m.group(3)
            else:
                mon, dom, yr = m.group(1), m.group(2), m.group(3)
            p.dates.append((int(yr) if yr else None, _MONTHS[mon], int(dom), m.group(0).strip()))
    while m := scanner.take(_NUM_DATE_Y):
        year = int(m.group(3))
        p.dates.append((year + 2000 if year < 100 else year, int(m.group(2)), int(m.group(1)), m.group(0)))
    while m := scanner.take(_SLASH_DATE):
        slash_year = int(m.group(3)) if m.group(3) else None
        if slash_year is not None and slash_year < 100:
            slash_year += 2000
        p.dates.append((slash_year, int(m.group(2)), int(m.group(1)), m.group(0)))
    while m := scanner.take(_NUM_DATE_DOT):
        p.dates.append((None, int(m.group(2)), int(m.group(1)), m.group(0)))
    while m := scanner.take(_AMBIGUOUS):
        a, b = m.group(1), m.group(2)
        has_day = bool(p.dates or p.iso or p.relday or p.weekday or p.relative_days)
        looks_like_clock = len(b) == 2 and int(a) <= 24 and int(b) <= 59
        if looks_like_clock and (int(b) > 12 or has_day) and not p.clocks:
            p.clocks.append(_clock(a, b, None, m.group(0)))
        elif 1 <= int(b) <= 12:
            p.dates.append((None, int(b), int(a), m.group(0)))
        else:
            raise _Refused("not_a_time", text=m.group(0))
    has_day = bool(p.dates or p.iso or p.relday or p.weekday or p.relative_days or p.next_week)
    if has_day and not p.clocks and not (p.iso and p.iso[1]):
        if m := scanner.take(_AT_HOUR):
            p.clocks.append(_clock(m.group(1), None, None, m.group(0).strip()))
        elif m := scanner.take(_BARE_HOUR):
            p.clocks.append(_clock(m.group(1), None, None, m.group(0)))
    elif not p.clocks and (m := scanner.take(_AT_HOUR)):
        p.clocks.append(_clock(m.group(1), None, None, m.group(0).strip()))
    if m := scanner.take(_PART_OF_DAY):
        hour = _PART_CLOCK[m.group(1)]
        if not p.clocks:
            p.clocks.append(_Clock(hour, 0, 0, m.group(0).strip()))
        elif hour >= 12 and p.clocks[0].evening_hint and p.clocks[0].hour < 12:
            p.clocks[0].hour += 12  # "i morgen kveld kl 8", "tomorrow at 8 in the evening"


def _relative(p: _Parts, text: str, pairs: list[tuple[float, str]]) -> None:
    """`om 2 timer og 30 minutter`, `in 3 days`, `om en måned`: a duration from now."""
    seconds = days = months = 0.0
    for amount, unit in pairs:
        if unit in _UNIT_SECONDS:
            seconds += amount * _UNIT_SECONDS[unit]
        elif unit in _UNIT_DAYS:
            days += amount * _UNIT_DAYS[unit]
        elif unit in _UNIT_YEARS:
            months += 12 * amount
        else:
            months += amount
    if seconds + days * 86400 + months * 31 * 86400 > MAX_YEARS_AHEAD * 366 * 86400:
        raise _Refused("too_far", when=text, years=MAX_YEARS_AHEAD)
    if (months and (seconds or days)) or months != int(months):
        raise _Refused("not_a_time", text=text)
    if seconds or days != int(days):
        # Hours and minutes (also "1 dag og 2 timer") are an absolute duration.
        p.relative_seconds = (seconds + days * 86400, text)
    else:
        p.relative_days = (int(days), int(months), text)


def _valid_date(year: int, month: int, day: int, text: str) -> date:
    if not 1 <= month <= 12:
        raise _Refused("not_a_time", text=text)
    try:
        return date(year, month, day)
    except ValueError:
        days = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
        if day < 1:
            raise _Refused("not_a_time", text=text) from None
        raise _Refused("impossible_date", day=day, month=month, year=year, days=days) from None


def _local(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """A local wall-clock time as an aware datetime (the first one when the hour repeats)."""
    return datetime.combine(day, clock, tzinfo=zone).astimezone(zone)


def _exists(day: date, clock: time, zone: ZoneInfo) -> bool:
    naive = datetime.combine(day, clock)
    back = naive.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    return back == naive


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def _resolve(parts: _Parts, now: datetime, zone: ZoneInfo, text: str) -> tuple[datetime, bool]:
    """Turn the pieces into one instant; returns (instant, default time used)."""
    local_now = now.astimezone(zone)
    today = local_now.date()
    if len(parts.clocks) > 1:
        raise _Refused("conflict", first=parts.clocks[0].text, second=parts.clocks[1].text)
    if len(parts.dates) > 1:
        raise _Refused("conflict", first=parts.dates[0][3], second=parts.dates[1][3])
    clock = parts.clocks[0] if parts.clocks else None
    day_sources = [s for s in (
        parts.iso[3] if parts.iso else None,
        parts.dates[0][3] if parts.dates else None,
        parts.relday[2] if parts.relday else None,
        parts.relative_days[2] if parts.relative_days else None,
        parts.relative_seconds[1] if parts.relative_seconds else None,
    ) if s]
    if len(day_sources) > 1:
        raise _Refused("conflict", first=day_sources[0], second=day_sources[1])

    if parts.iso is not None:
        day, iso_clock, offset, iso_text = parts.iso
        if iso_clock is not None:
            if clock is not None:
                raise _Refused("conflict", first=iso_text, second=clock.text)
            if parts.weekday or parts.next_week:
                raise _Refused("conflict", first=iso_text, second=(parts.weekday or (0, None, parts.next_week))[2])
            return _iso_instant(day, iso_clock, offset, zone), False
    if parts.relative_seconds is not None:
        if clock is not None or parts.weekday or parts.next_week:
            other = clock.text if clock else (parts.weekday[2] if parts.weekday else parts.next_week)
            raise _Refused("conflict", first=parts.relative_seconds[1], second=other)
        seconds = parts.relative_seconds[0]
        return (now + timedelta(seconds=seconds)).replace(microsecond=0).astimezone(zone), False

    default = clock is None
    wall = time(clock.hour % 24, clock.minute, clock.second) if clock else DEFAULT_TIME
    plus_day = bool(clock and clock.hour == 24)

    day_fixed: date | None = None
    if parts.iso is not None:
        day_fixed = parts.iso[0]
    elif parts.dates:
        year, month, dom, date_text = parts.dates[0]
        if year is None:
            year = today.year if (month, dom) >= (today.month, today.day) else today.year + 1
        day_fixed = _valid_date(year, month, dom, date_text)
    elif parts.relday is not None:
        day_offset, evening, _ = parts.relday
        day_fixed = today + timedelta(days=day_offset)
        if evening:
            if clock is None:
                wall, default = EVENING_TIME, False
            elif clock.evening_hint and clock.hour < 12:
                wall = time(clock.hour + 12, clock.minute, clock.second)
    elif parts.relative_days is not None:
        days, months, _ = parts.relative_days
        day_fixed = _add_months(today, months) + timedelta(days=days)
        if clock is None:
            wall, default = local_now.time().replace(microsecond=0), False

    if parts.weekday is not None:
        weekday, modifier, wd_text = parts.weekday
        if modifier is None and parts.next_week:
            modifier = "next"
        if day_fixed is not None:
            if day_fixed.weekday() != weekday:
                raise _Refused("weekday_mismatch", date=day_fixed, given=weekday, actual=day_fixed.weekday())
        elif modifier in ("neste", "next"):
            day_fixed = today - timedelta(days=today.weekday()) + timedelta(days=7 + weekday)
        elif modifier in ("forrige", "last", "sist"):
            back = (today.weekday() - weekday) % 7 or 7
            day_fixed = today - timedelta(days=back)
        else:
            candidate = today + timedelta(days=(weekday - today.weekday()) % 7)
            if _instant(candidate, wall, plus_day, zone) <= now:
                candidate += timedelta(days=7)
            day_fixed = candidate
        del wd_text
    elif parts.next_week is not None:
        if day_fixed is not None:
            raise _Refused("conflict", first=parts.next_week, second=day_sources[0])
        day_fixed = today - timedelta(days=today.weekday()) + timedelta(days=7)

    if day_fixed is None:
        if clock is None:
            raise _Refused("not_a_time", text=text)
        day_fixed = today
        if _instant(today, wall, plus_day, zone) <= now:
            day_fixed = today + timedelta(days=1)

    actual_day = day_fixed + timedelta(days=1) if plus_day else day_fixed
    if not _exists(actual_day, wall, zone):
        raise _Refused("nonexistent", clock=clock_text(datetime.combine(actual_day, wall)),
                       date=actual_day)
    return _local(actual_day, wall, zone), default


def _instant(day: date, wall: time, plus_day: bool, zone: ZoneInfo) -> datetime:
    return _local(day + timedelta(days=1) if plus_day else day, wall, zone)


def _iso_instant(day: date, clock: _Clock, offset: str | None, zone: ZoneInfo) -> datetime:
    plus = clock.hour == 24
    wall = time(clock.hour % 24, clock.minute, clock.second)
    actual = day + timedelta(days=1) if plus else day
    if offset is None:
        if not _exists(actual, wall, zone):
            raise _Refused("nonexistent", clock=clock_text(datetime.combine(actual, wall)), date=actual)
        return _local(actual, wall, zone)
    if offset == "z":
        tz_offset = timedelta(0)
    else:
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
        if hours > 14 or minutes > 59:
            raise _Refused("not_a_time", text=offset)
        tz_offset = sign * timedelta(hours=hours, minutes=minutes)
    return datetime.combine(actual, wall, tzinfo=timezone(tz_offset)).astimezone(zone)


def _read_recurrence(s: str, now: datetime, zone: ZoneInfo, text: str) -> TimeReading | None:
    """A repeating time (`hver mandag kl 09:00`, `daily at 8 until March 1`), or None if `s` is not one."""
    daily = _RECUR_DAILY.search(s)
    weekly = _RECUR_WEEKLY.search(s) or _RECUR_PLURAL.search(s)
    if daily is None and weekly is None:
        return None
    until: date | None = None
    until_match = _UNTIL.search(s)
    if until_match:
        until_reading = read_time(until_match.group(1), now, zone)
        if until_reading.when is None:
            raise _Refused("until_invalid", text=until_match.group(1))
        until = until_reading.when.astimezone(zone).date()
        s = s[: until_match.start()]
    rule_match = daily or weekly
    assert rule_match is not None
    rest = s[: rule_match.start()] + " " * (rule_match.end() - rule_match.start()) + s[rule_match.end() :]
    scanner = _Scanner(rest)
    _scan(scanner)
    p = scanner.parts
    fixed = p.iso[3] if p.iso else (p.dates[0][3] if p.dates else None) or (
        (p.relday[2] if p.relday else None) or (p.weekday[2] if p.weekday else None)
        or (p.relative_days[2] if p.relative_days else None)
        or (p.relative_seconds[1] if p.relative_seconds else None) or p.next_week
    )
    if fixed:
        raise _Refused("recurrence_with_date", rule=rule_match.group(0), text=fixed)
    if len(p.clocks) > 1:
        raise _Refused("conflict", first=p.clocks[0].text, second=p.clocks[1].text)
    leftover = scanner.leftover()
    if leftover:
        raise _Refused("partly", understood=rule_match.group(0), rest=" ".join(leftover))
    clock = p.clocks[0] if p.clocks else None
    hour, minute = (clock.hour, clock.minute) if clock else (DEFAULT_TIME.hour, DEFAULT_TIME.minute)
    if hour == 24:
        raise _Refused("bad_clock", clock=clock.text if clock else "24")
    if daily is not None:
        rule = Recurrence("daily", hour, minute, None, until)
    else:
        assert weekly is not None
        word = weekly.group(1)
        rule = Recurrence("weekly", hour, minute, _WEEKDAYS.get(word, _WEEKDAY_PLURALS.get(word)), until)
    first = rule.next_after(now, zone)
    if first is None:
        assert until is not None
        no_limit = Recurrence(rule.freq, rule.hour, rule.minute, rule.weekday, None).next_after(now, zone)
        raise _Refused("until_before_start", until=until, first=no_limit or now)
    return TimeReading(text=text, when=first, recurrence=rule, default_time=clock is None)


def _typo_fixed(s: str) -> str:
    """`tomorow at 10` → `tomorrow at 10`: long words one edit (two from 8 letters) from a time word."""
    words = s.split(" ")
    for i, word in enumerate(words):
        if len(word) < MIN_TYPO_WORD or word in _TYPO_TARGETS or not word.isalpha():
            continue
        edits = 1 if len(word) < LONG_TYPO_WORD else 2  # "tommorow" is two edits from "tomorrow"
        close = process.extractOne(word, _TYPO_TARGETS, scorer=OSA.distance, score_cutoff=edits)
        if close is not None:
            words[i] = close[0]
    return " ".join(words)


def read_time(text: str, now: datetime, zone: ZoneInfo, *, forgiving: bool = False) -> TimeReading:
    """Read `text` as a moment after `now` (aware) in `zone`; never raises on bad input.

    `forgiving`: when `text` is all time (not a title's tail), a long word one typo away from a
    time word is read as that word if nothing else reads; the answer shows the time in words."""
    reading = _read_time(text, now, zone)
    if forgiving and reading.error is not None and reading.error.code in ("partly", "not_a_time"):
        normalised = _normalise(text or "")
        fixed = _typo_fixed(normalised)
        if fixed != normalised:
            retry = _read_time(fixed, now, zone)
            if retry.ok:
                return replace(retry, text=reading.text)
    return reading


def _read_time(text: str, now: datetime, zone: ZoneInfo) -> TimeReading:
    if now.tzinfo is None:
        raise ValueError("read_time needs an aware 'now'")
    # Arithmetic and comparisons in UTC: Python adds and compares same-zone datetimes by wall clock.
    now = now.astimezone(UTC)
    s = _normalise(text or "")
    shown = re.sub(r"\s+", " ", (text or "").strip())
    if not s:
        return TimeReading(text=shown, when=None, error=TimeError("empty", zone=zone))
    try:
        recurring = _read_recurrence(s, now, zone, shown)
        if recurring is not None:
            return recurring
        scanner = _Scanner(s)
        _scan(scanner)
        leftover = scanner.leftover()
        understood = " ".join(piece for _, piece in sorted(scanner.parts.understood))
        if leftover:
            if understood:
                raise _Refused("partly", understood=understood, rest=" ".join(leftover))
            raise _Refused("not_a_time", text=shown)
        when, default = _resolve(scanner.parts, now, zone, shown)
    except _Refused as refused:
        return TimeReading(text=shown, when=None, error=TimeError(refused.code, refused.values, zone))
    if when <= now:
        return TimeReading(text=shown, when=None, error=TimeError("past", {"text": shown, "when": when}, zone))
    if when > now + timedelta(days=366 * MAX_YEARS_AHEAD):
        return TimeReading(text=shown, when=None,
                           error=TimeError("too_far", {"when": when, "years": MAX_YEARS_AHEAD}, zone))
    return TimeReading(text=shown, when=when, default_time=default)
