"""The Slack reminder sender: DMs via conversations.open, channel posts, 429s surfaced, pacing, files."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.slack_outbound import Pacer
from handlers.messages import Attachment, Button, Destination, Reply, Sender, SendError
from tests.fake_slack import FakeSlack
from tests.slack_harness import SlackBot, running_bot, slack_settings


@pytest.fixture
async def bot(fake: FakeSlack, tmp_path: Path) -> AsyncIterator[SlackBot]:
    settings = slack_settings(fake, f"sqlite+aiosqlite:///{tmp_path / 'slack.db'}")
    async with running_bot(settings, fake) as running:
        yield running


def _sender(bot: SlackBot) -> Sender:
    return bot.services.senders["slack"]


REMINDER = Reply(
    "Påminnelse: *Nettverkssamling* i morgen kl 09:00 <!channel>",
    buttons=(Button("Påminn meg også", "reminder.join", "42"),),
)


async def test_personal_reminder_is_delivered_as_a_direct_message(
    bot: SlackBot, fake: FakeSlack
) -> None:
    await _sender(bot).send(Destination("slack", "T0001", "C2001", user="U1001"), REMINDER)
    (opened,) = fake.calls_to("conversations.open")
    assert opened.params["users"] == "U1001"
    (post,) = fake.calls_to("chat.postMessage")
    assert post.params["channel"] == "D1001"
    assert post.token == "xoxb-test-token"
    assert "<!channel>" not in post.all_text()


async def test_channel_reminder_is_posted_in_the_channel_with_its_button(
    bot: SlackBot, fake: FakeSlack
) -> None:
    await _sender(bot).send(Destination("slack", "T0001", "<#C2001|general>"), REMINDER)
    assert fake.calls_to("conversations.open") == []
    (post,) = fake.calls_to("chat.postMessage")
    assert post.params["channel"] == "C2001"
    buttons = [e for b in post.blocks() if b["type"] == "actions" for e in b["elements"]]
    assert [(b["action_id"], b["value"]) for b in buttons] == [("reminder.join", "42")]


async def test_a_rate_limit_is_retried_then_surfaced_with_retry_after(
    bot: SlackBot, fake: FakeSlack
) -> None:
    fake.fail_next("chat.postMessage", times=1, retry_after=0)
    await _sender(bot).send(Destination("slack", "T0001", "C2001"), REMINDER)
    assert len(fake.calls_to("chat.postMessage")) == 2  # retried once, then delivered

    fake.fail_next("chat.postMessage", times=3, retry_after=0)
    with pytest.raises(SendError) as raised:
        await _sender(bot).send(Destination("slack", "T0001", "C2001"), REMINDER)
    assert raised.value.retry_after is not None
    assert not raised.value.permanent


async def test_a_channel_the_bot_is_not_in_is_a_permanent_failure(
    bot: SlackBot, fake: FakeSlack
) -> None:
    fake.blocked_channels.add("C9001")
    with pytest.raises(SendError) as raised:
        await _sender(bot).send(Destination("slack", "T0001", "C9001"), REMINDER)
    assert raised.value.permanent


async def test_attachments_are_uploaded_into_the_same_conversation(
    bot: SlackBot, fake: FakeSlack
) -> None:
    ics = Attachment("samling.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    await _sender(bot).send(Destination("slack", "T0001", "C2001"), Reply("Samling", files=(ics,)))
    (upload,) = fake.calls_to("upload")
    assert fake.uploads[upload.params["file_id"]] == ics.content
    (complete,) = fake.calls_to("files.completeUploadExternal")
    assert complete.params["channel_id"] == "C2001"


async def test_pacer_spaces_posts_to_one_channel_but_not_across_channels() -> None:
    now = [100.0]
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    pacer = Pacer(interval=1.0, monotonic=lambda: now[0], sleep=sleep)
    for channel in ("C1", "C1", "C2", "C1"):
        await pacer.wait(channel)
    assert waits == [1.0, 1.0]


async def test_gathering_reminders_reach_the_channel_and_everyone_who_pressed_remind_me_too(
    fake: FakeSlack, tmp_path: Path
) -> None:
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    from handlers.clock import ManualClock
    from tests.slack_requests import block_actions, mention_event

    fake.admins.add("UADMIN")
    clock = ManualClock(datetime.now(UTC).replace(microsecond=0))
    starts = (
        (clock.now() + timedelta(days=3))
        .astimezone(ZoneInfo("Europe/Oslo"))
        .strftime("%Y-%m-%dT%H:%M")
    )
    settings = slack_settings(fake, f"sqlite+aiosqlite:///{tmp_path / 'slack.db'}")
    async with running_bot(settings, fake, clock=clock) as bot:
        assert bot.services.dispatcher is not None
        await bot.event(
            mention_event(
                f'<@UBOT0001> samling "Nettverkssamling" {starts} --påminn 2d,1d',
                user="UADMIN",
                channel="C2001",
            )
        )
        (confirmation,) = await fake.wait_for("chat.postMessage")
        assert confirmation.params["channel"] == "C2001"

        clock.advance(timedelta(days=1, minutes=1))  # the 2-days-before reminder is due
        await bot.services.dispatcher.run_once()
        channel_post = fake.calls_to("chat.postMessage")[-1]
        assert channel_post.params["channel"] == "C2001"
        join = next(
            e for b in channel_post.blocks() if b["type"] == "actions" for e in b["elements"]
        )
        assert join["action_id"] == "reminder.join"

        await bot.interact(
            block_actions(
                "reminder.join",
                join["value"],
                user="U1001",
                channel="C2001",
                message_ts=channel_post.result["ts"],
            )
        )
        await fake.wait_for("chat.postMessage", count=3)  # the join is confirmed

        clock.advance(timedelta(days=1))  # the 1-day-before reminder: channel post and U1001's DM
        await bot.services.dispatcher.run_once()
        (opened,) = fake.calls_to("conversations.open")
        assert opened.params["users"] == "U1001"
        last_two = {c.params["channel"] for c in fake.calls_to("chat.postMessage")[-2:]}
        assert last_two == {"C2001", "D1001"}
