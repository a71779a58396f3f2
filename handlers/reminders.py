"""Gatherings, deadlines and reminders: the chat commands and the reminder.* buttons.

Every command is confirmed after its change is stored, with the exact time in words and ISO
form and the reminders that will go out. Channel-wide posts are for facilitators (workspace
admins or LUPBOT_FACILITATORS); anyone may set a reminder for themselves.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Literal, cast
from zoneinfo import ZoneInfo

from handlers.clock import Clock
from handlers.messages import Button, Lang, Message, Reply
from handlers.reminder_args import ArgsError, Parts, split_args, strip_filler, without_me
from handlers.reminder_calendar import ics_attachment
from handlers.reminder_texts import rt
from handlers.router import Command, Handler, Turn
from handlers.safe_text import echo
from handlers.timeparse import Recurrence, TimeReading, read_time
from handlers.timewords import duration_in_words, iso_local, when_in_words
from storage.reminders import CHANNEL, Event, NewEvent, ReminderStore, Rule

DAY, HOUR = 86400, 3600
DEFAULT_OFFSETS: Mapping[str, tuple[int, ...]] = {
    "gathering": (7 * DAY, DAY, HOUR),
    "deadline": (3 * DAY, DAY),
    "reminder": (0,),
}
MAX_TITLE = 300
MAX_TIME_WORDS = 12
LIST_LIMIT = 20
_QUOTE_CHARS = '"“”«»„'
_ID = re.compile(r"^#?(\d{1,12})$")
_NAMES_A_CHANNEL = re.compile(r"(?:^|\s)(?:<#[A-Z0-9]+|#[^\W\d_])")
_TIMEISH_ERRORS = frozenset(
    {"impossible_date", "bad_clock", "past", "nonexistent", "weekday_mismatch", "conflict", "until_invalid",
     "until_before_start", "recurrence_with_date", "too_far"}
)
Kind = Literal["gathering", "deadline", "reminder"]


class ReminderCapability:
    """`påminn`, `samling`, `frist`, their lists, `slett`, `kalender`, and the join/cancel buttons."""

    def __init__(
        self,
        store: ReminderStore,
        clock: Clock,
        zone: ZoneInfo,
        facilitators: frozenset[str] = frozenset(),
        notify: Callable[[], None] | None = None,
    ) -> None:
        self._store = store
        self._clock = clock
        self._zone = zone
        self._facilitators = facilitators
        self._notify = notify or (lambda: None)

    # --- registration ----------------------------------------------------------------------

    def commands(self) -> Sequence[Command]:
        def command(key: str, nb: tuple[str, ...], en: tuple[str, ...], handler: Handler, summary: str,
                    usage: str | None = None, accepts: Callable[[str], bool] | None = None) -> Command:
            return Command(
                key=key, words={"nb": nb, "en": en}, handler=handler,
                summary={"nb": rt(summary, "nb"), "en": rt(summary, "en")},
                usage={"nb": rt(usage, "nb"), "en": rt(usage, "en")} if usage else {},
                takes_args=accepts is not None, accepts=accepts, group="reminders",
            )

        return (
            command("reminders.remind", ("påminn", "paminn"), ("remind",), self.remind, "cmd.remind",
                    "cmd.remind.usage", self._looks_like_request),
            command("reminders.gathering", ("samling",), ("gathering",), self.gathering, "cmd.gathering",
                    "cmd.gathering.usage", self._looks_like_request),
            command("reminders.deadline", ("frist",), ("deadline",), self.deadline, "cmd.deadline",
                    "cmd.deadline.usage", self._looks_like_request),
            command("reminders.gatherings", ("samlinger",), ("gatherings",), self.list_gatherings, "cmd.gatherings"),
            command("reminders.deadlines", ("frister",), ("deadlines",), self.list_deadlines, "cmd.deadlines"),
            command("reminders.list", ("påminnelser", "paminnelser"), ("reminders",), self.list_reminders,
                    "cmd.reminders"),
            command("reminders.cancel", ("slett",), ("cancel",), self.cancel, "cmd.cancel", "cmd.cancel.usage",
                    _looks_like_id),
            command("reminders.calendar", ("kalender",), ("calendar",), self.calendar, "cmd.calendar",
                    "cmd.calendar.usage", _looks_like_id),
        )

    def actions(self) -> Mapping[str, Handler]:
        return {"reminder.join": self.join_button, "reminder.cancel": self.cancel_button}

    def _looks_like_request(self, args: str) -> bool:
        """False for "frist for tilbud?": no quotes, no channel and no time at the end → a question."""
        text = args.strip()
        if not text or any(q in text for q in _QUOTE_CHARS) or text.startswith(("#", "<#", "--", "—", "–")):
            return True
        if _NAMES_A_CHANNEL.search(text):
            return True  # "… kl 10 i #nettverk": a request, even if its time turns out unreadable
        if text.lower().rstrip(".!?") in ("meg", "me"):
            return True  # "påminn meg" alone: show how
        if self._time_at_end(text, timeish_errors=True) is not None:
            return True
        # "frist i morgen for tilbud?" asks; "påminn meg i morgen kl 10 om å ringe Per" tells.
        return not text.endswith("?") and self._time_at_start(without_me(text)) is not None

    # --- creating ---------------------------------------------------------------------------

    async def remind(self, turn: Turn) -> list[Reply]:
        return await self._create(turn, "reminder")

    async def gathering(self, turn: Turn) -> list[Reply]:
        return await self._create(turn, "gathering")

    async def deadline(self, turn: Turn) -> list[Reply]:
        return await self._create(turn, "deadline")

    async def _create(self, turn: Turn, kind: Kind) -> list[Reply]:
        msg, lang = turn.message, turn.lang
        usage = rt("usage.gathering" if kind == "gathering" else "usage.deadline" if kind == "deadline"
                   else "usage.remind", lang)
        if not turn.args.strip():
            return [self._reply(msg, lang, usage)]
        parts = split_args(turn.args, allow_me=kind == "reminder")
        if isinstance(parts, ArgsError):
            return [self._reply(msg, lang, rt(parts.key, lang, text=echo(parts.text, 60)) + "\n" + usage)]
        title, reading = self._title_and_time(parts)
        if isinstance(reading, str):
            return [self._reply(msg, lang, rt(reading, lang) + "\n" + usage)]
        if not reading.ok or reading.when is None:
            assert reading.error is not None
            return [self._reply(msg, lang, reading.error.message(lang) + "\n" + usage)]
        if len(title) > MAX_TITLE:
            return [self._reply(msg, lang, rt("error.title_too_long", lang, length=len(title), limit=MAX_TITLE))]

        target = parts.target
        personal = kind == "reminder" and target.kind != "channel"
        channel_wide = target.kind == "channel" or (kind != "reminder" and not msg.is_direct)
        if channel_wide and not self._is_facilitator(msg):
            return [self._reply(msg, lang, rt("denied.channel", lang))]
        rule = reading.recurrence
        new = NewEvent(
            kind=kind, title=title, starts_at=reading.when, platform=msg.platform, workspace=msg.workspace,
            channel=msg.channel, thread=msg.thread, owner=msg.user, lang=lang, zone=self._zone.key,
            offsets=parts.offsets or DEFAULT_OFFSETS[kind], personal=personal,
            target_channel=(target.channel_id or target.label) if target.kind == "channel" else msg.channel,
            target_label=target.label if target.kind == "channel" else None,
            rule=Rule(rule.freq, rule.hour, rule.minute, rule.weekday, rule.until, self._zone.key) if rule else None,
        )
        created = await self._store.create(new, self._clock.now())
        self._notify()
        return [self._confirmation(msg, lang, created.event, reading, created.skipped_offsets)]

    def _title_and_time(self, parts: Parts) -> tuple[str, TimeReading | str]:
        """The title and the reading of the time; a text key instead when one of them is missing."""
        if parts.title is not None:
            if not parts.title:
                return "", "error.no_title"
            if not parts.when_text:
                return parts.title, "error.no_time"
            return parts.title, read_time(parts.when_text, self._clock.now(), self._zone, forgiving=True)
        found = self._time_at_end(parts.when_text, timeish_errors=True) or self._time_at_start(parts.when_text)
        if found is None:
            return "", "error.no_time_at_end"
        title, reading = found
        return (title, reading) if title else ("", "error.no_title")

    def _time_at_start(self, text: str) -> tuple[str, TimeReading] | None:
        """`i morgen kl 10 om å ringe Per`, `tomorrow at 10 to call Per`: the longest head of `text`
        that reads as a time, and the words after it (only tried when the end holds no time)."""
        words = text.split()
        for i in range(min(len(words) - 1, MAX_TIME_WORDS), 0, -1):
            reading = read_time(" ".join(words[:i]), self._clock.now(), self._zone)
            title = strip_filler(" ".join(words[i:]))
            if reading.ok and title:
                return title, reading
        return None

    def _time_at_end(self, text: str, *, timeish_errors: bool) -> tuple[str, TimeReading] | None:
        """Without quotes: the longest tail of `text` that reads as a time, and the words before it."""
        words = text.split()
        refused: tuple[str, TimeReading] | None = None
        whole = read_time(text, self._clock.now(), self._zone) if len(words) <= MAX_TIME_WORDS else None
        if whole is not None and whole.ok:
            return "", whole  # all of it is the time ("samling i morgen kl 10"): the title is missing
        # No time expression is longer than a dozen words; looking further only costs time.
        for i in range(max(1, len(words) - MAX_TIME_WORDS), len(words)):
            reading = read_time(" ".join(words[i:]), self._clock.now(), self._zone)
            title = strip_filler(" ".join(words[:i]))
            if reading.ok and title:
                return title, reading
            if timeish_errors and reading.error and reading.error.code in _TIMEISH_ERRORS:
                if title:
                    # A longer tail that reads as a time but is refused ("31.02.2027 kl 10", "i går
                    # kl 10") must not give way to a shorter one ("kl 10") that would store the wrong day.
                    return title, reading
                refused = refused or (title, reading)
        return refused

    def _confirmation(self, msg: Message, lang: Lang, event: Event, reading: TimeReading,
                      skipped: Sequence[int]) -> Reply:
        title = echo(event.title, MAX_TITLE)
        lines = [rt(f"confirm.{event.kind}", lang, id=event.id, title=title)]
        lines.append(rt("confirm.when", lang, words=when_in_words(event.starts_at, self._zone, lang),
                        iso=iso_local(event.starts_at, self._zone)))
        if reading.default_time:
            lines.append(rt("confirm.default_time", lang))
        if reading.recurrence is not None:
            lines.append(rt("confirm.repeats", lang, rule=reading.recurrence.describe(lang)))
        if not event.upcoming:
            lines.append(rt("confirm.none", lang))
        elif event.personal:
            lines.append(rt("confirm.where_dm", lang))
        else:
            lines.append(rt("confirm.where_channel", lang, channel=self._channel_name(event, lang)))
        for reminder in event.upcoming:
            lines.append(rt("confirm.reminder_line", lang, words=when_in_words(reminder.due_at, self._zone, lang),
                            before=self._before(reminder.offset_seconds, lang)))
        if skipped:
            lines.append(rt("confirm.skipped", lang, offsets=", ".join(self._before(o, lang) for o in skipped)))
        if event.rule is not None:
            lines.append(rt("confirm.next_occurrences", lang))
        hints = rt("confirm.cancel_hint", lang, id=event.id)
        if event.kind != "reminder":
            hints += " " + rt("confirm.calendar_hint", lang, id=event.id)
        lines.append(hints)
        button = Button(rt("button.cancel", lang), "reminder.cancel", str(event.id), style="danger")
        return self._reply(msg, lang, "\n".join(lines), buttons=(button,))

    @staticmethod
    def _before(offset: int, lang: Lang) -> str:
        if offset == 0:
            return rt("confirm.at_start", lang)
        return rt("confirm.before", lang, duration=duration_in_words(offset, lang))

    @staticmethod
    def _channel_name(event: Event, lang: Lang) -> str:
        if event.target_label:
            return echo(event.target_label, 80)
        return "denne kanalen" if lang == "nb" else "this channel"

    # --- lists -------------------------------------------------------------------------------

    async def list_gatherings(self, turn: Turn) -> list[Reply]:
        return await self._list(turn, ("gathering",), "gathering")

    async def list_deadlines(self, turn: Turn) -> list[Reply]:
        return await self._list(turn, ("deadline",), "deadline")

    async def list_reminders(self, turn: Turn) -> list[Reply]:
        return await self._list(turn, ("gathering", "deadline", "reminder"), "reminder")

    async def _list(self, turn: Turn, kinds: tuple[str, ...], name: str) -> list[Reply]:
        msg, lang = turn.message, turn.lang
        now = self._clock.now()
        channel = None if msg.is_direct and name != "reminder" else msg.channel
        events = await self._store.list_events(msg.platform, msg.workspace, now, kinds=kinds, channel=channel,
                                               owner=msg.user, limit=LIST_LIMIT + 1)
        if not events:
            return [self._reply(msg, lang, rt(f"list.{name}.empty", lang))]
        lines = [rt(f"list.{name}.title", lang)]
        for event in events[:LIST_LIMIT]:
            lines.extend(self._list_entry(event, msg.user, lang))
        if len(events) > LIST_LIMIT:
            lines.append(rt("list.more", lang, count=len(events) - LIST_LIMIT))
        return [self._reply(msg, lang, "\n".join(lines))]

    def _list_entry(self, event: Event, user: str, lang: Lang) -> list[str]:
        visible = [r for r in event.reminders if r.recipient in (CHANNEL, user)]
        upcoming = [r for r in visible if r.status in ("pending", "sending")]
        occurrence = min((r.occurrence_at for r in upcoming), default=event.starts_at)
        lines = [rt("list.item", lang, id=event.id, kind=rt(f"kind.{event.kind}", lang).lower(),
                    title=echo(event.title, 120), words=when_in_words(occurrence, self._zone, lang))]
        if event.rule is not None:
            rule = event.rule
            freq = cast(Literal["daily", "weekly"], rule.freq)
            lines.append("   " + Recurrence(freq, rule.hour, rule.minute, rule.weekday, rule.until).describe(lang))
        if upcoming:
            nxt = min(upcoming, key=lambda r: r.next_attempt_at)
            where = (rt("list.where_dm", lang) if nxt.recipient != CHANNEL
                     else rt("list.where_channel", lang, channel=self._channel_name(event, lang)))
            lines.append(rt("list.next", lang, words=when_in_words(nxt.next_attempt_at, self._zone, lang),
                            where=where))
            for r in upcoming:
                if r.attempts and r.last_error:
                    lines.append(rt("list.retrying", lang, words=when_in_words(r.next_attempt_at, self._zone, lang),
                                    attempts=r.attempts + 1, error=echo(r.last_error, 100)))
        for r in visible:
            if r.status == "failed":
                lines.append(rt("list.failed", lang, words=when_in_words(r.due_at, self._zone, lang),
                                attempts=r.attempts, error=echo(r.last_error or "?", 100)))
        return lines

    # --- cancel, calendar, buttons ------------------------------------------------------------------

    async def cancel(self, turn: Turn) -> list[Reply]:
        return await self._cancel(turn, turn.args)

    async def cancel_button(self, turn: Turn) -> list[Reply]:
        return await self._cancel(turn, turn.args)

    async def _cancel(self, turn: Turn, raw_id: str) -> list[Reply]:
        msg, lang = turn.message, turn.lang
        event_id = _parse_id(raw_id)
        if event_id is None:
            text = rt("usage.cancel", lang) if not raw_id.strip() else rt(
                "error.bad_id", lang, text=echo(raw_id, 40), usage=rt("usage.cancel", lang))
            return [self._reply(msg, lang, text)]
        event = await self._visible_event(msg, event_id)
        if event is None or event.status != "active":
            return [self._reply(msg, lang, rt("error.not_found", lang, id=event_id))]
        if event.owner != msg.user and not self._is_facilitator(msg):
            return [self._reply(msg, lang, rt("denied.cancel", lang, title=echo(event.title, 120)))]
        cancelled = await self._store.cancel(event_id, msg.user, self._clock.now())
        if cancelled is None:
            return [self._reply(msg, lang, rt("error.not_found", lang, id=event_id))]
        self._notify()
        return [self._reply(msg, lang, rt("cancelled", lang, id=event_id, title=echo(event.title, 120)))]

    async def calendar(self, turn: Turn) -> list[Reply]:
        msg, lang = turn.message, turn.lang
        event_id = _parse_id(turn.args)
        if event_id is None:
            text = rt("usage.calendar", lang) if not turn.args.strip() else rt(
                "error.bad_id", lang, text=echo(turn.args, 40), usage=rt("usage.calendar", lang))
            return [self._reply(msg, lang, text)]
        event = await self._visible_event(msg, event_id)
        if event is None or event.status != "active":
            return [self._reply(msg, lang, rt("error.not_found", lang, id=event_id))]
        attachment = ics_attachment(event, lang, self._clock.now())
        return [Reply(rt("ics.attached", lang, title=echo(event.title, 120)), files=(attachment,),
                      in_thread=not msg.is_direct, lang=lang)]

    async def join_button(self, turn: Turn) -> list[Reply]:
        msg, lang = turn.message, turn.lang
        event_id = _parse_id(turn.args)
        event = await self._visible_event(msg, event_id) if event_id is not None else None
        if event is None or event.personal or event_id is None:
            return [self._reply(msg, lang, rt("error.not_found", lang, id=echo(turn.args, 20)))]
        joined = await self._store.join(event_id, msg.user, self._clock.now())
        if joined.event is None:
            return [self._reply(msg, lang, rt("error.not_found", lang, id=event_id))]
        title = echo(event.title, 120)
        if joined.already:
            return [self._reply(msg, lang, rt("joined.already", lang, title=title))]
        if joined.added == 0:
            return [self._reply(msg, lang, rt("joined.nothing_left", lang, title=title))]
        self._notify()
        return [self._reply(msg, lang, rt("joined", lang, count=joined.added, title=title))]

    # --- helpers -------------------------------------------------------------------------------

    async def _visible_event(self, msg: Message, event_id: int) -> Event | None:
        """The event, if it belongs to this workspace and (when personal) to this user."""
        event = await self._store.get(event_id)
        if event is None or event.platform != msg.platform or event.workspace != msg.workspace:
            return None
        if event.personal and event.owner != msg.user and not self._is_facilitator(msg):
            return None
        return event

    def _is_facilitator(self, msg: Message) -> bool:
        return msg.user_is_admin or msg.user in self._facilitators

    @staticmethod
    def _reply(msg: Message, lang: Lang, text: str, buttons: tuple[Button, ...] = ()) -> Reply:
        return Reply(text, buttons=buttons, in_thread=not msg.is_direct, lang=lang)


def _looks_like_id(args: str) -> bool:
    return not args.strip() or _ID.match(args.strip()) is not None


def _parse_id(text: str) -> int | None:
    m = _ID.match(text.strip())
    return int(m.group(1)) if m else None

