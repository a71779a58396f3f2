"""Why a time could not be read, in bokmål and English (used by chat replies and `lupbot when`)."""

from __future__ import annotations

from handlers.i18n import Catalog

EXAMPLES_NB = "«i morgen kl 10», «fredag 13:30», «12. desember kl 14:30», «om 2 timer» eller «2026-12-01T09:00»"
EXAMPLES_EN = "“tomorrow at 9am”, “friday 1:30pm”, “Dec 12 2pm”, “in 2 hours” or “2026-12-01T09:00”"

time_text = Catalog(
    {
        "time.empty": {
            "nb": "Jeg fant ikke noe tidspunkt. Skriv for eksempel " + EXAMPLES_NB + ".",
            "en": "I found no time. Write for example " + EXAMPLES_EN + ".",
        },
        "time.not_a_time": {
            "nb": "Jeg klarte ikke å lese «{text}» som et tidspunkt. Skriv for eksempel " + EXAMPLES_NB + ".",
            "en": "I could not read “{text}” as a time. Write for example " + EXAMPLES_EN + ".",
        },
        "time.partly": {
            "nb": "Jeg forsto «{understood}», men ikke «{rest}». Skriv for eksempel " + EXAMPLES_NB + ".",
            "en": "I understood “{understood}” but not “{rest}”. Write for example " + EXAMPLES_EN + ".",
        },
        "time.impossible_date": {
            "nb": "{day}. {month} {year} finnes ikke – {month} {year} har bare {days} dager.",
            "en": "There is no {day} {month} {year} – {month} {year} has only {days} days.",
        },
        "time.bad_clock": {
            "nb": "«{clock}» er ikke et klokkeslett – bruk 00:00 til 23:59 (eller 24:00 for midnatt).",
            "en": "“{clock}” is not a time of day – use 00:00 to 23:59 (or 24:00 for midnight).",
        },
        "time.past": {
            "nb": "Jeg leste «{text}» som {when}, og det har allerede vært.",
            "en": "I read “{text}” as {when}, which has already passed.",
        },
        "time.nonexistent": {
            "nb": "Klokka {clock} finnes ikke {date}: da stilles klokka fram en time (sommertid).",
            "en": "{clock} does not exist on {date}: the clocks go forward an hour that night (summer time).",
        },
        "time.weekday_mismatch": {
            "nb": "{date} er en {actual}, ikke en {given}. Hvilken dag mener du?",
            "en": "{date} is a {actual}, not a {given}. Which day do you mean?",
        },
        "time.conflict": {
            "nb": "«{first}» og «{second}» sier to forskjellige tidspunkt – skriv bare ett.",
            "en": "“{first}” and “{second}” name two different times – write just one.",
        },
        "time.until_invalid": {
            "nb": "Jeg forsto ikke sluttdatoen «{text}». Skriv for eksempel «til 1. mars».",
            "en": "I did not understand the end date “{text}”. Write for example “until March 1”.",
        },
        "time.until_before_start": {
            "nb": "Sluttdatoen {until} kommer før første gang ({first}).",
            "en": "The end date {until} comes before the first time ({first}).",
        },
        "time.recurrence_with_date": {
            "nb": "En gjentakelse («{rule}») kan ikke ha en bestemt dato («{text}») i tillegg. Bruk «til <dato>» for en sluttdato.",
            "en": "A repeat (“{rule}”) cannot also have a fixed date (“{text}”). Use “until <date>” for an end date.",
        },
        "time.too_far": {
            "nb": "{when} er mer enn {years} år fram i tid – det tar jeg ikke imot.",
            "en": "{when} is more than {years} years ahead – I don't take that.",
        },
    }
)
