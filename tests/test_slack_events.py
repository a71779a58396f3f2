"""Slack end to end over real HTTP: signed events in, Web API calls out (recorded by the fake Slack)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fake_slack import BOT_ID, BOT_USER, FakeSlack
from tests.slack_harness import SlackBot, running_bot, slack_settings
from tests.slack_requests import dm_event, event_callback, mention_event, next_ts

LIVE_MENTION = re.compile(r"<[!@]")


@pytest.fixture
async def bot(fake: FakeSlack, tmp_path: Path) -> AsyncIterator[SlackBot]:
    settings = slack_settings(fake, f"sqlite+aiosqlite:///{tmp_path / 'slack.db'}")
    async with running_bot(settings, fake) as running:
        yield running


def _section_text(call: object) -> str:
    blocks = call.blocks()  # type: ignore[attr-defined]
    return "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section")


def _action_ids(call: object) -> list[str]:
    blocks = call.blocks()  # type: ignore[attr-defined]
    return [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


async def test_url_verification_echoes_the_challenge(bot: SlackBot) -> None:
    response = await bot.envelope({"token": "x", "challenge": "abc123", "type": "url_verification"})
    assert response.status == 200
    assert "abc123" in response.text


async def test_direct_message_is_answered_at_the_top_level_with_answer_buttons(
    bot: SlackBot, fake: FakeSlack
) -> None:
    response = await bot.event(dm_event("hva er markedsdialog?"))
    assert response.status == 200
    (post,) = await fake.wait_for("chat.postMessage")
    assert post.params["channel"] == "D1001"
    assert post.params.get("thread_ts") is None
    assert post.token == "xoxb-test-token"
    text = _section_text(post)
    assert "*Markedsdialog*" in text
    assert "<https://example.org/veileder?a=1&amp;b=2|veilederen>" in text
    assert _action_ids(post) == [
        "answer.more",
        "checklist.start",  # the article is a planning tool with a checklist
        "answer.related",
        "answer.related",
        "answer.helpful",
        "answer.not_helpful",
    ]
    assert post.params["text"]  # a fallback for notifications


async def test_mention_is_answered_in_a_thread_under_the_mention(
    bot: SlackBot, fake: FakeSlack
) -> None:
    ts = next_ts()
    await bot.event(mention_event(f"<@{BOT_USER}> hva er en dialogkonferanse", ts=ts))
    (post,) = await fake.wait_for("chat.postMessage")
    assert post.params["channel"] == "C2001"
    assert post.params["thread_ts"] == ts
    assert "*Dialogkonferanse*" in _section_text(post)


async def test_mention_inside_a_thread_is_answered_in_that_thread(
    bot: SlackBot, fake: FakeSlack
) -> None:
    parent = next_ts()
    await bot.event(mention_event(f"<@{BOT_USER}> what is market dialogue", thread_ts=parent))
    (post,) = await fake.wait_for("chat.postMessage")
    assert post.params["thread_ts"] == parent
    assert "*Market dialogue*" in _section_text(post)


async def test_redelivered_event_is_acknowledged_and_answered_once(
    bot: SlackBot, fake: FakeSlack
) -> None:
    envelope = event_callback(dm_event("hva er markedsdialog"), event_id="EvRetry0001")
    first = await bot.envelope(envelope)
    second = await bot.envelope(envelope, retry=1)
    third = await bot.envelope(envelope, retry=2)
    assert (first.status, second.status, third.status) == (200, 200, 200)
    await fake.wait_for("chat.postMessage")
    await fake.settle()
    assert len(fake.calls_to("chat.postMessage")) == 1


async def test_forged_signature_is_rejected_and_nothing_runs(
    bot: SlackBot, fake: FakeSlack
) -> None:
    envelope = event_callback(dm_event("hva er markedsdialog"))
    response = await bot.envelope(envelope, secret="not-the-signing-secret")
    assert response.status == 401
    await fake.settle(0.2)
    assert fake.calls == []
    assert await bot.services.questions.unanswered() == []
    assert await bot.services.questions.get(1) is None


async def test_stale_timestamp_is_rejected_even_with_a_valid_signature(
    bot: SlackBot, fake: FakeSlack
) -> None:
    envelope = event_callback(dm_event("hva er markedsdialog"))
    response = await bot.envelope(envelope, timestamp=int(time.time()) - 6 * 60)
    assert response.status == 401
    await fake.settle(0.2)
    assert fake.calls == []
    assert await bot.services.questions.get(1) is None


async def test_bots_own_and_other_bots_messages_are_ignored(bot: SlackBot, fake: FakeSlack) -> None:
    await bot.event(dm_event("hva er markedsdialog", user=BOT_USER, bot_id=BOT_ID))
    await bot.event(dm_event("hva er markedsdialog", user="UOTHERBOT", bot_id="BOTHER"))
    await bot.event(dm_event("hva er markedsdialog", subtype="message_changed"))
    await bot.event(
        {
            "type": "message",
            "subtype": "bot_message",
            "channel_type": "im",
            "channel": "D1001",
            "bot_id": "BOTHER",
            "text": "hva er markedsdialog",
            "ts": next_ts(),
        }
    )
    await fake.settle()
    assert fake.calls_to("chat.postMessage") == []


async def test_user_text_never_reaches_slack_as_a_live_mention(
    bot: SlackBot, fake: FakeSlack
) -> None:
    await bot.event(
        dm_event("<!channel> <!here> <!everyone> <!subteam^S1|@all> <@U999> hva er kvantefysikk?")
    )
    posts = await fake.wait_for("chat.postMessage")
    for post in posts:
        assert not LIVE_MENTION.search(post.all_text()), post.all_text()
    assert "channel" in _section_text(posts[0])  # echoed back, defused


async def test_slack_links_and_escapes_are_read_as_the_user_typed_them(
    bot: SlackBot, fake: FakeSlack
) -> None:
    # Slack sends "markedsdialog.no" typed as a link and "&" "<" ">" as entities.
    await bot.event(dm_event("hva er <https://example.org/md/markedsdialog|markedsdialog>?"))
    (post,) = await fake.wait_for("chat.postMessage")
    assert "*Markedsdialog*" in _section_text(post)  # answered, not "I don't know"
    await bot.event(dm_event("kvantefysikk &amp; &lt;b&gt; <http://x.invalid|lenke>", user="U1002", channel="D1002"))
    posts = await fake.wait_for("chat.postMessage", count=2)
    echoed = _section_text(posts[-1])
    assert "kvantefysikk &amp; &lt;b&gt; lenke" in echoed  # escaped once for Slack, shown as typed
    assert "&amp;amp;" not in echoed and "&amp;lt;" not in echoed


async def test_a_20000_character_message_gets_a_short_friendly_reply_in_valid_block_kit(
    bot: SlackBot, fake: FakeSlack
) -> None:
    response = await bot.event(dm_event("markedsdialog " * 1500))
    assert response.status == 200
    (post,) = await fake.wait_for("chat.postMessage")  # the fake refuses invalid Block Kit
    text = _section_text(post)
    assert len(text) < 400
    assert "20" in text and "4000" in text


async def test_rate_limited_reply_is_retried_after_retry_after(
    bot: SlackBot, fake: FakeSlack
) -> None:
    fake.fail_next("chat.postMessage", times=1, retry_after=0)
    await bot.event(dm_event("hva er markedsdialog"))
    posts = await fake.wait_for("chat.postMessage", count=2)
    await fake.settle()
    assert len(fake.calls_to("chat.postMessage")) == 2
    assert posts[0].params == posts[1].params


async def test_app_home_lists_what_the_user_has_going_on(bot: SlackBot, fake: FakeSlack) -> None:
    await bot.event(
        {
            "type": "app_home_opened",
            "user": "U1001",
            "channel": "D1001",
            "tab": "home",
            "event_ts": next_ts(),
        }
    )
    (publish,) = await fake.wait_for("views.publish")
    assert publish.params["user_id"] == "U1001"
    view = publish.view()
    assert view["type"] == "home"
    text = json.dumps(view, ensure_ascii=False)
    assert "Dine aktive sjekklister" in text


async def test_admins_are_looked_up_once_and_cached(bot: SlackBot, fake: FakeSlack) -> None:
    await bot.event(dm_event("hva er markedsdialog", user="UADMIN"))
    await fake.wait_for("chat.postMessage")
    await bot.event(dm_event("hva er en dialogkonferanse", user="UADMIN"))
    await fake.wait_for("chat.postMessage", count=2)
    assert [c.params["user"] for c in fake.calls_to("users.info")] == ["UADMIN"]


async def test_unhandled_event_types_are_acknowledged(bot: SlackBot, fake: FakeSlack) -> None:
    response = await bot.event(
        {"type": "reaction_added", "user": "U1001", "reaction": "tada", "event_ts": next_ts()}
    )
    assert response.status == 200
