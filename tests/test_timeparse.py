"""Reading times as Norwegians and English speakers write them (Europe/Oslo, DST-correct)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.timeparse import Recurrence, read_time

OSLO = ZoneInfo("Europe/Oslo")
# Monday 2026-11-23 14:00 in Oslo: the "now" of the shared dev set.
NOW = datetime(2026, 11, 23, 14, 0, tzinfo=OSLO)


def when(expr: str, now: datetime = NOW) -> str | None:
    reading = read_time(expr, now, OSLO)
    return reading.when.isoformat() if reading.when else None


# Every case of /work/shared/eval/times-dev.yaml, copied so the suite stands on its own.
DEV_SET = [
    ("i morgen kl 10", "2026-11-24T10:00:00+01:00"),
    ("tomorrow at 9am", "2026-11-24T09:00:00+01:00"),
    ("fredag 13:30", "2026-11-27T13:30:00+01:00"),
    ("12. desember kl 14:30", "2026-12-12T14:30:00+01:00"),
    ("om 2 timer", "2026-11-23T16:00:00+01:00"),
    ("in 3 days at 08:00", "2026-11-26T08:00:00+01:00"),
    ("2026-12-01T09:00", "2026-12-01T09:00:00+01:00"),
    ("2026-12-01 09:00", "2026-12-01T09:00:00+01:00"),
    ("1. mars kl 09.00", "2027-03-01T09:00:00+01:00"),
    ("Dec 12 2pm", "2026-12-12T14:00:00+01:00"),
    ("31. februar kl 10", None),
    ("blabla", None),
    ("i går kl 10", None),
]


@pytest.mark.parametrize(("expr", "expected"), DEV_SET)
def test_dev_set_reads_as_expected(expr: str, expected: str | None) -> None:
    assert when(expr) == expected


NORWEGIAN = [
    ("imorgen kl 10:15", "2026-11-24T10:15:00+01:00"),
    ("i morgen kl. 10", "2026-11-24T10:00:00+01:00"),
    ("i morgen klokka 7", "2026-11-24T07:00:00+01:00"),
    ("i overmorgen kl 7", "2026-11-25T07:00:00+01:00"),
    ("torsdag 9.30", "2026-11-26T09:30:00+01:00"),
    ("på torsdag kl 9.30", "2026-11-26T09:30:00+01:00"),
    ("3.12.2026 kl 13", "2026-12-03T13:00:00+01:00"),
    ("3.12.26 kl 13", "2026-12-03T13:00:00+01:00"),
    ("4.12. kl 10", "2026-12-04T10:00:00+01:00"),
    ("den 12. desember kl. 14.30.", "2026-12-12T14:30:00+01:00"),
    ("12 des kl 8", "2026-12-12T08:00:00+01:00"),
    ("12. desember 2026 kl 14:30", "2026-12-12T14:30:00+01:00"),
    ("om en uke", "2026-11-30T14:00:00+01:00"),
    ("om to uker", "2026-12-07T14:00:00+01:00"),
    ("om 2 dager", "2026-11-25T14:00:00+01:00"),
    ("om 3 dager kl 8", "2026-11-26T08:00:00+01:00"),
    ("om 90 minutter", "2026-11-23T15:30:00+01:00"),
    ("om en halvtime", "2026-11-23T14:30:00+01:00"),
    ("om et kvarter", "2026-11-23T14:15:00+01:00"),
    ("om 1,5 time", "2026-11-23T15:30:00+01:00"),
    ("om en time", "2026-11-23T15:00:00+01:00"),
    ("neste tirsdag kl 09:00", "2026-12-01T09:00:00+01:00"),
    ("neste tirsdag kl 9", "2026-12-01T09:00:00+01:00"),
    ("tirsdag neste uke kl 9", "2026-12-01T09:00:00+01:00"),
    ("fredag kl 9 neste uke", "2026-12-04T09:00:00+01:00"),
    ("neste uke", "2026-11-30T09:00:00+01:00"),
    ("kl 1330", "2026-11-24T13:30:00+01:00"),
    ("kl 15", "2026-11-23T15:00:00+01:00"),
    ("i kveld kl 8", "2026-11-23T20:00:00+01:00"),
    ("i dag kl 16", "2026-11-23T16:00:00+01:00"),
    ("ons 12:00", "2026-11-25T12:00:00+01:00"),
    ("FREDAG 13:30!", "2026-11-27T13:30:00+01:00"),
    ("1. april kl 10", "2027-04-01T10:00:00+02:00"),  # summer time in April: +02:00
    ("27/11 kl 10", "2026-11-27T10:00:00+01:00"),
    ("3/12/2026 13:00", "2026-12-03T13:00:00+01:00"),
    ("om 2 timer og 30 minutter", "2026-11-23T16:30:00+01:00"),
    ("om 1 time 30 min", "2026-11-23T15:30:00+01:00"),
    ("i morgen kveld", "2026-11-24T18:00:00+01:00"),
    ("i morgen kveld kl 8", "2026-11-24T20:00:00+01:00"),
    ("fredag ettermiddag", "2026-11-27T15:00:00+01:00"),
]

ENGLISH = [
    ("next Monday at 10", "2026-11-30T10:00:00+01:00"),
    ("next Tuesday 9:00", "2026-12-01T09:00:00+01:00"),
    ("friday 1:30pm", "2026-11-27T13:30:00+01:00"),
    ("on Friday at noon", "2026-11-27T12:00:00+01:00"),
    ("12th of december at 3pm", "2026-12-12T15:00:00+01:00"),
    ("December 12th, 2026 at 2:30 pm", "2026-12-12T14:30:00+01:00"),
    ("Dec 12 2026 2pm", "2026-12-12T14:00:00+01:00"),
    ("12 Dec 14:00", "2026-12-12T14:00:00+01:00"),
    ("in 2 hours", "2026-11-23T16:00:00+01:00"),
    ("in an hour", "2026-11-23T15:00:00+01:00"),
    ("in half an hour", "2026-11-23T14:30:00+01:00"),
    ("in a week", "2026-11-30T14:00:00+01:00"),
    ("in 30 minutes", "2026-11-23T14:30:00+01:00"),
    ("tomorrow at 9 a.m.", "2026-11-24T09:00:00+01:00"),
    ("tomorrow 11:59 pm", "2026-11-24T23:59:00+01:00"),
    ("tonight at 8", "2026-11-23T20:00:00+01:00"),
    ("at 10", "2026-11-24T10:00:00+01:00"),
    ("12am", "2026-11-24T00:00:00+01:00"),
    ("12pm", "2026-11-24T12:00:00+01:00"),
    ("the day after tomorrow at 7", "2026-11-25T07:00:00+01:00"),
    ("next week", "2026-11-30T09:00:00+01:00"),
    ("March 1 at 9", "2027-03-01T09:00:00+01:00"),
    ("in 1 hour and 30 minutes", "2026-11-23T15:30:00+01:00"),
    ("in 2h", "2026-11-23T16:00:00+01:00"),
    ("tomorrow morning", "2026-11-24T09:00:00+01:00"),
    ("tomorrow at 8 in the evening", "2026-11-24T20:00:00+01:00"),
    ("Friday, December 4 at 10", "2026-12-04T10:00:00+01:00"),
]

ISO = [
    ("2026-12-01T09:00:30", "2026-12-01T09:00:30+01:00"),
    ("2026-12-01T09:00:30+01:00", "2026-12-01T09:00:30+01:00"),
    ("2026-12-01T09:00+02:00", "2026-12-01T08:00:00+01:00"),
    ("2026-12-01T08:00Z", "2026-12-01T09:00:00+01:00"),
    ("2026-12-01T08:00:00.250Z", "2026-12-01T09:00:00+01:00"),
    ("2026-12-01", "2026-12-01T09:00:00+01:00"),
    ("2026-12-01 kl 13", "2026-12-01T13:00:00+01:00"),
    ("2027-06-01T12:00", "2027-06-01T12:00:00+02:00"),
]


@pytest.mark.parametrize(("expr", "expected"), NORWEGIAN)
def test_norwegian_times(expr: str, expected: str) -> None:
    assert when(expr) == expected


@pytest.mark.parametrize(("expr", "expected"), ENGLISH)
def test_english_times(expr: str, expected: str) -> None:
    assert when(expr) == expected


@pytest.mark.parametrize(("expr", "expected"), ISO)
def test_iso_8601_with_and_without_offset_and_seconds(expr: str, expected: str) -> None:
    assert when(expr) == expected


def test_a_day_without_a_time_means_nine_in_the_morning_and_says_so() -> None:
    reading = read_time("fredag", NOW, OSLO)
    assert reading.when == datetime(2026, 11, 27, 9, 0, tzinfo=OSLO)
    assert reading.default_time


def test_kl_24_is_midnight_at_the_end_of_the_day() -> None:
    assert when("kl 24") == "2026-11-24T00:00:00+01:00"
    assert when("fredag kl 24") == "2026-11-28T00:00:00+01:00"


def test_kl_25_and_13pm_are_refused_as_clock_times() -> None:
    for expr in ("kl 25", "i morgen kl 24:30", "13pm", "kl 10:75"):
        reading = read_time(expr, NOW, OSLO)
        assert reading.when is None, expr
        assert reading.error is not None and reading.error.code == "bad_clock", expr


def test_weekday_that_is_today_means_today_while_the_time_is_ahead() -> None:
    friday_morning = datetime(2026, 11, 27, 8, 0, tzinfo=OSLO)
    assert when("fredag 13:30", friday_morning) == "2026-11-27T13:30:00+01:00"
    assert when("fredag 07:00", friday_morning) == "2026-12-04T07:00:00+01:00"
    friday_afternoon = datetime(2026, 11, 27, 14, 0, tzinfo=OSLO)
    assert when("fredag 13:30", friday_afternoon) == "2026-12-04T13:30:00+01:00"


def test_next_weekday_is_that_day_in_next_calendar_week() -> None:
    assert when("neste mandag kl 10") == "2026-11-30T10:00:00+01:00"
    sunday = datetime(2026, 11, 29, 12, 0, tzinfo=OSLO)
    assert when("neste mandag kl 10", sunday) == "2026-11-30T10:00:00+01:00"
    assert when("neste søndag kl 10", sunday) == "2026-12-06T10:00:00+01:00"
    assert when("mandag kl 10", sunday) == "2026-11-30T10:00:00+01:00"


def test_date_without_year_rolls_over_to_next_year_once_it_has_passed() -> None:
    assert when("1. mars") == "2027-03-01T09:00:00+01:00"
    assert when("24. november kl 10") == "2026-11-24T10:00:00+01:00"
    new_years_eve = datetime(2026, 12, 31, 23, 0, tzinfo=OSLO)
    assert when("1. januar kl 10", new_years_eve) == "2027-01-01T10:00:00+01:00"
    assert when("2. januar", new_years_eve) == "2027-01-02T09:00:00+01:00"


def test_today_with_a_passed_time_is_refused_not_moved_a_year() -> None:
    reading = read_time("23. november kl 10", NOW, OSLO)
    assert reading.when is None and reading.error is not None
    assert reading.error.code == "past"


def test_tomorrow_near_midnight_uses_the_local_date() -> None:
    # 23:59 in Oslo is 22:59 UTC: "tomorrow" must still be the next Oslo day.
    late = datetime(2026, 11, 23, 23, 59, tzinfo=OSLO)
    assert when("i morgen kl 10", late) == "2026-11-24T10:00:00+01:00"
    # 00:30 in Oslo is still the previous day in UTC.
    just_after = datetime(2026, 11, 24, 0, 30, tzinfo=OSLO)
    assert when("i morgen kl 10", just_after) == "2026-11-25T10:00:00+01:00"
    assert when("i dag kl 10", just_after) == "2026-11-24T10:00:00+01:00"


def test_dst_spring_forward_week_keeps_wall_clock_times() -> None:
    friday = datetime(2026, 3, 27, 12, 0, tzinfo=OSLO)  # clocks go forward Sunday 29 March
    assert when("søndag kl 10", friday) == "2026-03-29T10:00:00+02:00"
    assert when("om 2 dager", friday) == "2026-03-29T12:00:00+02:00"
    # 48 hours is an absolute duration: one wall-clock hour more.
    assert when("om 48 timer", friday) == "2026-03-29T13:00:00+02:00"
    assert when("mandag kl 9", friday) == "2026-03-30T09:00:00+02:00"


def test_a_time_inside_the_spring_gap_is_refused_with_a_reason() -> None:
    friday = datetime(2026, 3, 27, 12, 0, tzinfo=OSLO)
    reading = read_time("søndag kl 02:30", friday, OSLO)
    assert reading.when is None and reading.error is not None
    assert reading.error.code == "nonexistent"
    assert "02:30" in reading.error.message("en") and "summer time" in reading.error.message("en")
    assert "sommertid" in reading.error.message("nb")


def test_autumn_repeated_hour_means_the_first_one() -> None:
    friday = datetime(2026, 10, 23, 12, 0, tzinfo=OSLO)  # clocks go back Sunday 25 October
    assert when("søndag kl 02:30", friday) == "2026-10-25T02:30:00+02:00"
    assert when("søndag kl 10", friday) == "2026-10-25T10:00:00+01:00"


def test_recurring_weekly_and_daily_in_both_languages() -> None:
    weekly = read_time("hver mandag kl 09:00", NOW, OSLO)
    assert weekly.recurrence == Recurrence("weekly", 9, 0, 0, None)
    assert weekly.when == datetime(2026, 11, 30, 9, 0, tzinfo=OSLO)
    english = read_time("every Monday at 9am", NOW, OSLO)
    assert english.recurrence == weekly.recurrence and english.when == weekly.when
    daily = read_time("hver dag kl 8", NOW, OSLO)
    assert daily.recurrence == Recurrence("daily", 8, 0, None, None)
    assert daily.when == datetime(2026, 11, 24, 8, 0, tzinfo=OSLO)
    assert read_time("daily at 8", NOW, OSLO).recurrence == daily.recurrence
    assert read_time("hver dag kl 15", NOW, OSLO).when == datetime(2026, 11, 23, 15, 0, tzinfo=OSLO)


def test_recurring_with_until_date() -> None:
    nb = read_time("hver mandag kl 09:00 til 1. mars", NOW, OSLO)
    assert nb.recurrence is not None and nb.recurrence.until == date(2027, 3, 1)
    en = read_time("every Monday at 9am until March 1", NOW, OSLO)
    assert en.recurrence == nb.recurrence
    assert read_time("every day at 8 until 2026-12-24", NOW, OSLO).recurrence == Recurrence(
        "daily", 8, 0, None, date(2026, 12, 24)
    )
    assert nb.recurrence.describe("nb") == "hver mandag kl. 09:00 til og med 1. mars 2027"
    assert en.recurrence.describe("en") == "every Monday at 09:00 until 1 March 2027"


def test_recurrence_expands_in_local_time_across_dst() -> None:
    rule = Recurrence("weekly", 9, 0, 0, None)
    before = datetime(2026, 3, 23, 9, 0, tzinfo=OSLO)  # Monday, winter time
    after = rule.next_after(before, OSLO)
    assert after == datetime(2026, 3, 30, 9, 0, tzinfo=OSLO)
    assert after is not None and after.utcoffset() is not None
    assert after.isoformat() == "2026-03-30T09:00:00+02:00"


def test_recurrence_stops_after_until() -> None:
    rule = Recurrence("weekly", 9, 0, 0, date(2026, 12, 7))
    last = datetime(2026, 12, 7, 9, 0, tzinfo=OSLO)
    assert rule.next_after(datetime(2026, 12, 1, 9, 0, tzinfo=OSLO), OSLO) == last
    assert rule.next_after(last, OSLO) is None


def test_recurring_with_an_end_before_the_start_is_refused() -> None:
    reading = read_time("hver mandag kl 9 til i morgen", NOW, OSLO)
    assert reading.error is not None and reading.error.code == "until_before_start"


def test_recurring_with_a_fixed_date_is_refused() -> None:
    reading = read_time("hver mandag 12. desember", NOW, OSLO)
    assert reading.error is not None and reading.error.code == "recurrence_with_date"


@pytest.mark.parametrize(
    ("expr", "code"),
    [
        ("31. februar kl 10", "impossible_date"),
        ("29. februar", "impossible_date"),
        ("2026-02-30", "impossible_date"),
        ("31. november", "impossible_date"),
        ("i går kl 10", "past"),
        ("forrige fredag", "past"),
        ("2026-01-01T10:00", "past"),
        ("blabla", "not_a_time"),
        ("", "empty"),
        ("   ", "empty"),
        ("10", "not_a_time"),
        ("i morgen tidlig", "partly"),
        ("fredag 12. desember", "weekday_mismatch"),
        ("om 2 timer kl 10", "conflict"),
        ("kl 10 kl 11", "conflict"),
        ("12. desember 2114", "too_far"),
        ("om 99999999999 dager", "too_far"),
        ("in 999999999999999999999 seconds", "too_far"),
        ("2026-13-01", "not_a_time"),
        ("0. mars", "not_a_time"),
        ("om -2 timer", "not_a_time"),
        ("11/27", "not_a_time"),
        ("om 1 måned og 2 dager", "not_a_time"),
    ],
)
def test_refusals_name_the_reason(expr: str, code: str) -> None:
    reading = read_time(expr, NOW, OSLO)
    assert reading.when is None
    assert reading.error is not None and reading.error.code == code


def test_refusal_messages_say_what_was_understood_in_both_languages() -> None:
    past = read_time("i går kl 10", NOW, OSLO).error
    assert past is not None
    assert past.message("nb") == "Jeg leste «i går kl 10» som søndag 22. november 2026 kl. 10:00, og det har allerede vært."
    assert past.message("en") == "I read “i går kl 10” as Sunday 22 November 2026 at 10:00, which has already passed."
    impossible = read_time("31. februar kl 10", NOW, OSLO).error
    assert impossible is not None
    assert impossible.message("nb").startswith("31. februar 2027 finnes ikke – februar 2027 har bare 28 dager")
    assert impossible.message("en").startswith("There is no 31 February 2027")
    partly = read_time("i morgen tidlig", NOW, OSLO).error
    assert partly is not None
    assert "«i morgen»" in partly.message("nb") and "«tidlig»" in partly.message("nb")
    nothing = read_time("blabla", NOW, OSLO).error
    assert nothing is not None and "blabla" in nothing.message("en")


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError):
        read_time("i morgen", datetime(2026, 11, 23, 14, 0), OSLO)


def test_another_configured_zone_is_respected() -> None:
    new_york = ZoneInfo("America/New_York")
    reading = read_time("tomorrow at 9am", NOW, new_york)
    assert reading.when is not None
    assert reading.when.isoformat() == "2026-11-24T09:00:00-05:00"


def test_no_input_makes_the_reader_raise() -> None:
    import random

    tokens = ("i morgen kl 10 : . , fredag neste mandag om 2 timer dager uke hver dag til 1. mars dec 12 2pm am "
              "pm 2026-12-01 T 09:00 +01:00 z 31 februar 24 0 99 at on in the every daily 9.30 3.12.2026 — ' \" « "
              "tonight noon 99999999999").split(" ")
    rng = random.Random(20261123)
    for _ in range(3000):
        text = " ".join(rng.choice(tokens) for _ in range(rng.randint(1, 7)))
        reading = read_time(text, NOW, OSLO)
        assert (reading.when is None) == (reading.error is not None), text


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("tomorow at 10", "2026-11-24T10:00:00+01:00"),
        ("tommorow 9am", "2026-11-24T09:00:00+01:00"),  # two edits, in a long word
        ("fredga kl 13:30", "2026-11-27T13:30:00+01:00"),
        ("desmber 12 kl 14", "2026-12-12T14:00:00+01:00"),
        ("hver mandga kl 9", "2026-11-30T09:00:00+01:00"),
    ],
)
def test_a_mistyped_time_word_is_read_when_the_whole_text_is_a_time(expr: str, expected: str) -> None:
    reading = read_time(expr, NOW, OSLO, forgiving=True)
    assert reading.when is not None and reading.when.isoformat() == expected
    assert reading.text == expr  # what the user wrote is what gets echoed


@pytest.mark.parametrize("expr", ["tomorow at 10", "fredga kl 13:30"])
def test_without_forgiving_a_mistyped_word_is_refused_saying_what_was_understood(expr: str) -> None:
    # A title's tail is read unforgivingly: "Møte i Mandal kl 10" must not become a Monday.
    reading = read_time(expr, NOW, OSLO)
    assert reading.error is not None and reading.error.code == "partly"


@pytest.mark.parametrize("expr", ["blabla", "31. februar kl 10", "i går kl 10", "tomorow kl 25"])
def test_forgiving_never_turns_a_refusal_of_substance_into_a_time(expr: str) -> None:
    assert read_time(expr, NOW, OSLO, forgiving=True).when is None


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("om ett år", "2027-11-23T14:00:00+01:00"),
        ("om 2 år", "2028-11-23T14:00:00+01:00"),
        ("in 1 year", "2027-11-23T14:00:00+01:00"),
        ("om 1 år kl 10", "2027-11-23T10:00:00+01:00"),
    ],
)
def test_years_from_now_are_read_as_calendar_years(expr: str, expected: str) -> None:
    assert when(expr) == expected


def test_more_than_ten_years_ahead_is_refused_quoting_what_was_typed() -> None:
    error = read_time("om 11 år", NOW, OSLO).error
    assert error is not None and error.code == "too_far"
    assert error.message("nb").startswith("«om 11 år» er mer enn 10 år fram i tid")
