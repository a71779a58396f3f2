"""A gathering or deadline as an iCalendar (.ics) file, with its reminders as alarms."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar
from icalendar import Event as IcsEvent

from handlers.messages import Attachment, Lang
from handlers.reminder_texts import rt
from storage.reminders import Event

_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_FILE_WORD: dict[str, dict[Lang, str]] = {
    "gathering": {"nb": "samling", "en": "gathering"},
    "deadline": {"nb": "frist", "en": "deadline"},
    "reminder": {"nb": "paminnelse", "en": "reminder"},
}


def ics_filename(event: Event, lang: Lang) -> str:
    """`samling-12.ics` / `gathering-12.ics`."""
    return f"{_FILE_WORD[event.kind][lang]}-{event.id}.ics"


def event_to_ics(event: Event, lang: Lang, now: datetime) -> bytes:
    """The event in local time (with its VTIMEZONE, so repeats keep their wall-clock time)."""
    zone = ZoneInfo(event.zone)
    calendar = Calendar()
    calendar.add("prodid", "-//lupbot//innovative anskaffelser//NO")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    item = IcsEvent()
    item.add("uid", f"lupbot-{event.platform}-{event.workspace}-{event.id}@lupbot")
    item.add("dtstamp", now.astimezone(UTC))
    item.add("dtstart", event.starts_at.astimezone(zone))
    item.add("summary", event.title)
    item.add("description", rt("ics.description", lang, id=event.id))
    item.add("categories", [rt(f"kind.{event.kind}", lang)])
    if event.rule is not None:
        rrule: dict[str, object] = {"freq": event.rule.freq}
        if event.rule.freq == "weekly" and event.rule.weekday is not None:
            rrule["byday"] = _BYDAY[event.rule.weekday]
        if event.rule.until is not None:
            end_of_day = datetime.combine(event.rule.until, time(23, 59, 59), tzinfo=zone)
            rrule["until"] = end_of_day.astimezone(UTC)
        item.add("rrule", rrule)
    for offset in event.offsets:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", event.title)
        alarm.add("trigger", -timedelta(seconds=offset))
        item.add_component(alarm)
    calendar.add_component(item)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def ics_attachment(event: Event, lang: Lang, now: datetime) -> Attachment:
    return Attachment(ics_filename(event, lang), event_to_ics(event, lang, now), "text/calendar")
