"""The reminder commands and buttons through the router: confirmations, permissions, bad input."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from handlers.clock import ManualClock
from handlers.help import HelpCapability
from handlers.messages import Destination, Message, Reply, SendError
from handlers.reminder_dispatch import ReminderDispatcher, RetryPolicy, next_occurrence
from handlers.reminders import ReminderCapability
from handlers.router import Router, Turn
from storage.db import Database
from storage.preferences import PreferenceStore
from storage.reminders import ReminderStore

OSLO = ZoneInfo("Europe/Oslo")


@dataclass
class Bot:
    """The router with the reminder capability, plus what reached the question handler."""

    router: Router
    store: ReminderStore
    clock: ManualClock
    questions: list[str] = field(default_factory=list)
    changes: list[int] = field(default_factory=list)

    async def say(self, text: str, *, user: str = "U1", admin: bool = False, direct: bool = False,
                  channel: str = "C1", workspace: str = "T1") -> Reply:
        replies = await self.router.handle(Message(
            platform="slack", workspace=workspace, channel=channel, thread=None if direct else "1.0", user=user,
            text=text, user_is_admin=admin, is_direct=direct,
        ))
        assert len(replies) == 1, replies
        return replies[0]

    async def press(self, action: str, value: str, *, user: str = "U1", admin: bool = False) -> Reply:
        (reply,) = await self.router.handle(Message(
            platform="slack", workspace="T1", channel="C1", thread="1.0", user=user, text=value, action=action,
            user_is_admin=admin,
        ))
        return reply


@pytest.fixture
async def bot(db: Database, clock: ManualClock) -> Bot:
    store = ReminderStore(db, next_occurrence)
    holder: list[Bot] = []

    async def question(turn: Turn) -> list[Reply]:
        holder[0].questions.append(turn.text)
        return [Reply("(question)", lang=turn.lang)]

    capability = ReminderCapability(store, clock, OSLO, frozenset({"UFAC"}), notify=lambda: holder[0].changes.append(1))
    router_ref: list[Router] = []
    router = Router([HelpCapability(lambda: router_ref[0].commands), capability], question, PreferenceStore(db), clock)
    router_ref.append(router)
    holder.append(Bot(router, store, clock))
    return holder[0]


async def only_event(bot: Bot) -> int:
    events = await bot.store.list_events("slack", "T1", bot.clock.now())
    assert len(events) == 1
    return events[0].id


async def test_personal_reminder_is_confirmed_with_words_iso_and_dm_after_it_is_stored(bot: Bot) -> None:
    reply = await bot.say('påminn meg "Send innspill til behovsbeskrivelsen" fredag 13:30')
    event = await bot.store.get(await only_event(bot))
    assert event is not None and event.personal and event.kind == "reminder"
    assert event.title == "Send innspill til behovsbeskrivelsen"
    assert event.starts_at == datetime(2026, 11, 27, 13, 30, tzinfo=OSLO)
    assert reply.text.splitlines()[:4] == [
        f"✅ Påminnelse lagret (id {event.id}): Send innspill til behovsbeskrivelsen",
        "Tid: fredag 27. november 2026 kl. 13:30 (2026-11-27T13:30:00+01:00)",
        "Jeg sender den til deg som direktemelding:",
        "• fredag 27. november 2026 kl. 13:30 (når det skjer)",
    ]
    assert reply.in_thread and reply.lang == "nb"
    assert [(b.action, b.value) for b in reply.buttons] == [("reminder.cancel", str(event.id))]
    assert bot.changes == [1]  # the scheduler is told to re-arm


async def test_english_reminder_is_answered_in_english(bot: Bot) -> None:
    reply = await bot.say('remind me "Send input" friday 1:30pm', direct=True)
    assert reply.text.splitlines()[1] == "Time: Friday 27 November 2026 at 13:30 (2026-11-27T13:30:00+01:00)"
    assert reply.lang == "en" and not reply.in_thread


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("påminn meg i morgen kl 10 om å ringe Per", "ringe Per"),
        ("remind me tomorrow at 10 to call Per", "call Per"),
        ("påminn meg på tirsdag kl 10 å sende kunngjøringen", "sende kunngjøringen"),
    ],
)
async def test_reminder_without_quotes_may_also_start_with_the_time(bot: Bot, text: str, title: str) -> None:
    await bot.say(text)
    event = await bot.store.get(await only_event(bot))
    assert event is not None and event.title == title
    assert event.starts_at == datetime(2026, 11, 24, 10, 0, tzinfo=OSLO)


async def test_reminder_without_quotes_takes_the_time_from_the_end(bot: Bot) -> None:
    await bot.say("påminn meg om å ringe Per i morgen kl 10")
    event = await bot.store.get(await only_event(bot))
    assert event is not None and event.title == "ringe Per"
    assert event.starts_at == datetime(2026, 11, 24, 10, 0, tzinfo=OSLO)


async def test_a_typo_in_the_time_after_a_quoted_title_is_forgiven_and_shown_in_words(bot: Bot) -> None:
    reply = await bot.say('remind me "Call Per" tomorow at 10')
    event = await bot.store.get(await only_event(bot))
    assert event is not None and event.starts_at == datetime(2026, 11, 24, 10, 0, tzinfo=OSLO)
    assert "Tuesday 24 November 2026 at 10:00" in reply.text


async def test_gathering_in_a_channel_needs_a_facilitator(bot: Bot) -> None:
    reply = await bot.say('samling "Nettverkssamling 3 – behovskartlegging" 10. desember kl 09:00')
    assert "bare fasilitatorer" in reply.text
    assert await bot.store.list_events("slack", "T1", bot.clock.now()) == []
    assert bot.changes == []


async def test_gathering_by_a_facilitator_gets_the_default_reminders(bot: Bot) -> None:
    reply = await bot.say('samling "Nettverkssamling 3 – behovskartlegging" 10. desember kl 09:00', user="UFAC")
    event = await bot.store.get(await only_event(bot))
    assert event is not None and event.kind == "gathering" and not event.personal
    assert event.target_channel == "C1"
    assert [r.due_at.astimezone(OSLO).isoformat() for r in event.reminders] == [
        "2026-12-03T09:00:00+01:00", "2026-12-09T09:00:00+01:00", "2026-12-10T08:00:00+01:00",
    ]
    assert "Tid: torsdag 10. desember 2026 kl. 09:00 (2026-12-10T09:00:00+01:00)" in reply.text
    assert "• torsdag 3. desember 2026 kl. 09:00 (7 dager før)" in reply.text
    assert "• torsdag 10. desember 2026 kl. 08:00 (1 time før)" in reply.text
    assert f"kalender {event.id}" in reply.text


async def test_workspace_admin_may_post_an_english_gathering(bot: Bot) -> None:
    reply = await bot.say('gathering "Network gathering 3" Dec 10 9am', admin=True)
    assert reply.text.startswith("✅ Gathering saved")
    assert "• Thursday 3 December 2026 at 09:00 (7 days before)" in reply.text


async def test_deadline_with_own_offsets_says_which_were_skipped(bot: Bot) -> None:
    reply = await bot.say('frist "Påmelding til dialogkonferansen" i overmorgen kl 12 --påminn 3d,1d,2h', user="UFAC")
    event = await bot.store.get(await only_event(bot))
    assert event is not None
    assert [r.offset_seconds for r in event.reminders] == [86400, 7200]
    assert "Hoppet over fordi tidspunktet allerede er passert: 3 dager før." in reply.text


async def test_gathering_too_soon_for_any_reminder_says_none_will_be_sent(bot: Bot) -> None:
    reply = await bot.say('samling "Lynmøte" om 30 minutter', user="UFAC")
    assert "Ingen påminnelser blir sendt" in reply.text
    assert "7 dager før, 1 dag før, 1 time før" in reply.text


async def test_slack_em_dash_offsets_are_understood(bot: Bot) -> None:
    await bot.say('frist "Tilbud" 10. desember kl 12 —påminn 2d', user="UFAC")
    event = await bot.store.get(await only_event(bot))
    assert event is not None and [r.offset_seconds for r in event.reminders] == [172800]


async def test_gathering_in_a_direct_message_is_allowed_for_anyone(bot: Bot) -> None:
    reply = await bot.say('samling "Min egen samling" 10. desember kl 09:00', direct=True, channel="D1")
    assert reply.text.startswith("✅ Samling lagret")


async def test_channel_reminder_needs_a_facilitator_and_stores_the_slack_channel_id(bot: Bot) -> None:
    refused = await bot.say('påminn <#C777|nettverk> "Ukesmøte i nettverket" hver mandag kl 09:00')
    assert "bare fasilitatorer" in refused.text
    reply = await bot.say('påminn <#C777|nettverk> "Ukesmøte i nettverket" hver mandag kl 09:00', user="UFAC")
    event = await bot.store.get(await only_event(bot))
    assert event is not None and not event.personal
    assert (event.target_channel, event.target_label) == ("C777", "#nettverk")
    assert event.rule is not None and (event.rule.freq, event.rule.weekday, event.rule.hour) == ("weekly", 0, 9)
    assert "Gjentas: hver mandag kl. 09:00" in reply.text and "#nettverk" in reply.text


async def test_plain_hash_channel_is_accepted(bot: Bot) -> None:
    await bot.say('remind #network "Weekly meeting" every Monday at 9am until March 1', user="UFAC")
    event = await bot.store.get(await only_event(bot))
    assert event is not None and event.target_channel == "#network"
    assert event.rule is not None and event.rule.until is not None and event.rule.until.isoformat() == "2027-03-01"


async def test_question_that_starts_with_a_command_word_goes_to_the_question_handler(bot: Bot) -> None:
    reply = await bot.say("frist for tilbud?")
    assert reply.text == "(question)" and bot.questions == ["frist for tilbud?"]
    await bot.say("remind me what LUP is")
    assert bot.questions[-1] == "remind me what LUP is"
    await bot.say("frist i morgen for tilbud?", user="UFAC")
    assert bot.questions[-1] == "frist i morgen for tilbud?"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('påminn meg "x" 31. februar kl 10', "31. februar 2027 finnes ikke"),
        ('påminn meg "x" blabla', "Jeg klarte ikke å lese «blabla» som et tidspunkt"),
        ('påminn meg "x" i går kl 10', "har allerede vært"),
        ('påminn meg "x"', "Jeg fant ikke når det skal skje"),
        ('påminn meg "uten slutt i morgen', "mangler et avsluttende anførselstegn"),
        ('påminn meg "" i morgen', "Jeg fant ikke hva det gjelder"),
        ("påminn meg i morgen kl 10", "skriv teksten i anførselstegn"),
        ("samling i morgen kl 10", "skriv teksten i anførselstegn"),
        ('påminn meg "x" i morgen --påminn 2x', "Jeg forsto ikke påminnelsene «2x»"),
        ("påminn", 'påminn meg "Send innspill'),
        ("påminn meg", 'påminn meg "Send innspill'),
        ("remind me", 'remind me "Send input'),
        ('remind me "x" Feb 30', "There is no 30 February"),
    ],
)
async def test_bad_input_gets_a_clear_answer_and_stores_nothing(bot: Bot, text: str, expected: str) -> None:
    reply = await bot.say(text)
    assert expected in reply.text
    assert await bot.store.list_events("slack", "T1", bot.clock.now()) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("samling Nettverkssamling 31.02.2027 kl 10", "31. februar 2027 finnes ikke"),
        ("samling Nettverkssamling i går kl 10", "har allerede vært"),
        ("frist Innspill tirsdag 1. februar kl 12", "1. februar 2027 er en mandag, ikke en tirsdag"),
        ("samling Samling 6 15. januar kl 1O i #nettverk", "Skriv tidspunktet til slutt"),
    ],
)
async def test_an_unquoted_title_never_swallows_a_date_that_was_refused(bot: Bot, text: str, expected: str) -> None:
    reply = await bot.say(text, user="UFAC")
    assert expected in reply.text
    assert await bot.store.list_events("slack", "T1", bot.clock.now()) == []
    assert bot.questions == []


@pytest.mark.parametrize(
    ("text", "channel", "label"),
    [
        ("samling Nettverkssamling 15. januar kl 10 i #nettverk", "#nettverk", "#nettverk"),
        ('samling "Samling 4" 15. januar kl 10 in <#C123|nett>', "C123", "#nett"),
        ('gathering "Gathering 4" Jan 15 10am in #network.', "#network", "#network"),
    ],
)
async def test_the_channel_may_also_be_named_last(bot: Bot, text: str, channel: str, label: str) -> None:
    await bot.say(text, user="UFAC")
    event = await bot.store.get(await only_event(bot))
    assert event is not None and event.starts_at == datetime(2027, 1, 15, 10, 0, tzinfo=OSLO)
    assert (event.target_channel, event.target_label) == (channel, label)


async def test_a_hash_inside_the_quoted_title_is_not_a_channel(bot: Bot) -> None:
    await bot.say('samling "Samling #3" 15. januar kl 10', user="UFAC")
    event = await bot.store.get(await only_event(bot))
    assert event is not None and event.title == "Samling #3" and event.target_channel == "C1"


async def test_too_long_title_is_refused(bot: Bot) -> None:
    reply = await bot.say(f'påminn meg "{"x" * 400}" i morgen')
    assert "400 tegn" in reply.text


async def test_user_text_is_echoed_without_live_mentions_but_stored_raw(bot: Bot) -> None:
    reply = await bot.say('påminn meg "Si fra til <!channel> og @here" i morgen kl 10')
    assert "<!channel>" not in reply.text and "@here" not in reply.text
    event = await bot.store.get(await only_event(bot))
    assert event is not None and event.title == "Si fra til <!channel> og @here"


async def test_only_the_owner_or_a_facilitator_may_cancel(bot: Bot) -> None:
    await bot.say('samling "Samling" 10. desember kl 09:00', user="UFAC")
    event_id = await only_event(bot)
    refused = await bot.say(f"slett {event_id}", user="U2")
    assert refused.text == "Beklager – bare den som la inn «Samling» eller en fasilitator kan slette den."
    assert (await bot.store.get(event_id)).status == "active"  # type: ignore[union-attr]
    english = await bot.say(f"cancel {event_id}", user="U2")
    assert english.text.startswith("Sorry – only the person who added")
    done = await bot.say(f"slett {event_id}", user="UFAC")
    assert done.text.startswith(f"🗑️ Slettet (id {event_id})")
    assert (await bot.store.get(event_id)).status == "cancelled"  # type: ignore[union-attr]
    again = await bot.say(f"slett {event_id}", user="UFAC")
    assert f"ingen aktiv samling, frist eller påminnelse med id {event_id}" in again.text


async def test_owner_cancels_with_the_button(bot: Bot) -> None:
    await bot.say('påminn meg "x" i morgen kl 10')
    event_id = await only_event(bot)
    # Someone else's personal reminder is not even admitted to exist.
    assert "ingen aktiv" in (await bot.press("reminder.cancel", str(event_id), user="U2")).text
    reply = await bot.press("reminder.cancel", str(event_id))
    assert reply.text.startswith("🗑️ Slettet")
    assert bot.changes == [1, 1]


async def test_a_workspace_admin_may_cancel_anything_in_the_workspace(bot: Bot) -> None:
    await bot.say('samling "Samling" 10. desember kl 09:00', user="UFAC")
    event_id = await only_event(bot)
    assert (await bot.say(f"slett {event_id}", user="U3", admin=True)).text.startswith("🗑️")


async def test_cancel_from_another_workspace_finds_nothing(bot: Bot) -> None:
    await bot.say('påminn meg "x" i morgen kl 10')
    event_id = await only_event(bot)
    reply = await bot.say(f"slett {event_id}", workspace="T2", admin=True)
    assert "ingen aktiv" in reply.text


async def test_cancel_with_a_bad_id_explains_itself(bot: Bot) -> None:
    assert "Skriv `slett <id>`" in (await bot.say("slett")).text
    assert (await bot.say("cancel my subscription")).text == "(question)"


async def test_remind_me_too_adds_dm_reminders_once(bot: Bot) -> None:
    await bot.say('samling "Samling" 10. desember kl 09:00', user="UFAC")
    event_id = await only_event(bot)
    first = await bot.press("reminder.join", str(event_id), user="U5")
    assert first.text == "🔔 Greit – du får 3 påminnelse(r) om «Samling» som direktemelding."
    second = await bot.press("reminder.join", str(event_id), user="U5")
    assert second.text == "Du får allerede påminnelser om «Samling» som direktemelding."
    event = await bot.store.get(event_id)
    assert event is not None and sum(r.recipient == "U5" for r in event.reminders) == 3
    assert "ingen aktiv" in (await bot.press("reminder.join", "999")).text


async def test_lists_show_ids_and_keep_personal_reminders_private(bot: Bot) -> None:
    await bot.say('samling "Samling A" 10. desember kl 09:00', user="UFAC")
    await bot.say('frist "Frist B" 1. desember kl 12', user="UFAC")
    await bot.say('påminn meg "Hemmelig" i morgen kl 10', user="U9")
    gatherings = await bot.say("samlinger", user="U2")
    assert gatherings.text.startswith("*Kommende samlinger*") and "Samling A" in gatherings.text
    assert "Frist B" not in gatherings.text
    deadlines = await bot.say("deadlines", user="U2")
    assert "Frist B" in deadlines.text and deadlines.lang == "en"
    theirs = await bot.say("påminnelser", user="U2")
    assert "Hemmelig" not in theirs.text and "Samling A" in theirs.text
    mine = await bot.say("påminnelser", user="U9")
    assert "Hemmelig" in mine.text and "(direktemelding)" in mine.text


async def test_failed_reminder_is_visible_in_the_list(bot: Bot, clock: ManualClock) -> None:
    await bot.say('påminn meg "Send rapport" om 1 time')

    class Refusing:
        async def send(self, to: Destination, reply: Reply) -> None:
            raise SendError("channel_not_found", permanent=True)

    clock.advance(timedelta(hours=1))
    await ReminderDispatcher(bot.store, {"slack": Refusing()}, clock, retry=RetryPolicy()).run_once()
    listed = await bot.say("påminnelser")
    assert "⚠️ kunne ikke sendes" in listed.text and "channel_not_found" in listed.text


async def test_empty_lists_say_so(bot: Bot) -> None:
    assert (await bot.say("samlinger")).text == "Ingen kommende samlinger her."
    assert (await bot.say("reminders")).text == "No upcoming reminders."


async def test_calendar_file_for_a_gathering(bot: Bot) -> None:
    await bot.say('samling "Nettverkssamling 3" 10. desember kl 09:00 --påminn 1d,1h', user="UFAC")
    event_id = await only_event(bot)
    reply = await bot.say(f"kalender {event_id}", user="U2")
    (attachment,) = reply.files
    assert attachment.filename == f"samling-{event_id}.ics" and attachment.mime_type == "text/calendar"
    calendar = icalendar.Calendar.from_ical(attachment.content)
    (vevent,) = [c for c in calendar.walk("VEVENT")]
    assert str(vevent["SUMMARY"]) == "Nettverkssamling 3"
    assert vevent.decoded("DTSTART") == datetime(2026, 12, 10, 8, 0, tzinfo=UTC)
    assert sorted(a.decoded("TRIGGER") for a in vevent.walk("VALARM")) == [timedelta(days=-1), timedelta(hours=-1)]
    english = await bot.say(f"calendar {event_id}", user="U2")
    assert english.files[0].filename == f"gathering-{event_id}.ics"


async def test_calendar_file_of_a_weekly_reminder_repeats_in_local_time(bot: Bot) -> None:
    await bot.say('påminn #nettverk "Ukesmøte" hver mandag kl 09:00 til 1. mars', user="UFAC")
    event_id = await only_event(bot)
    (attachment,) = (await bot.say(f"kalender {event_id}", user="UFAC")).files
    vevent = next(iter(icalendar.Calendar.from_ical(attachment.content).walk("VEVENT")))
    assert vevent["RRULE"]["FREQ"] == ["WEEKLY"] and vevent["RRULE"]["BYDAY"] == ["MO"]
    assert vevent["DTSTART"].params["TZID"] == "Europe/Oslo"


async def test_help_lists_the_reminder_commands(bot: Bot) -> None:
    text = (await bot.say("hjelp")).text
    assert "*Samlinger, frister og påminnelser*" in text
    assert '`påminn [meg|#kanal] "<tekst>" <når>`' in text and "`slett <id>`" in text


@pytest.mark.parametrize("text", ["hjelp påminnelser", "hjelp samlinger", "help reminders", "help deadlines"])
async def test_help_on_a_topic_shows_only_that_part(bot: Bot, text: str) -> None:
    reply = await bot.say(text)
    assert "`slett <id>`" in reply.text or "`cancel <id>`" in reply.text
    assert "hjelp [emne]" not in reply.text and "help [topic]" not in reply.text  # the general part left out
    assert bot.questions == []


async def test_help_with_words_that_name_no_topic_is_a_question(bot: Bot) -> None:
    await bot.say("hjelp med markedsdialog")
    assert bot.questions == ["hjelp med markedsdialog"]
