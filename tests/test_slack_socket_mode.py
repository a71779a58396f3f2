"""Socket Mode: with SLACK_APP_TOKEN the bot connects out over a WebSocket and needs no public URL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fake_slack import FakeSlack
from tests.slack_harness import SlackBot, running_bot, slack_settings
from tests.slack_requests import dm_event, event_callback


@pytest.fixture
async def bot(fake: FakeSlack, tmp_path: Path) -> AsyncIterator[SlackBot]:
    settings = slack_settings(
        fake,
        f"sqlite+aiosqlite:///{tmp_path / 'socket.db'}",
        slack_signing_secret=None,
        slack_app_token="xapp-1-A0001-test",
    )
    async with running_bot(settings, fake) as running:
        yield running


async def test_events_arrive_over_the_socket_are_acked_and_answered(
    bot: SlackBot, fake: FakeSlack
) -> None:
    (opened,) = await fake.wait_for("apps.connections.open")
    assert opened.token == "xapp-1-A0001-test"
    await fake.wait_for("socket.connected")

    await fake.push_socket_event(
        event_callback(dm_event("hva er markedsdialog")), envelope_id="env-1"
    )
    (ack,) = await fake.wait_for("socket.ack")
    assert ack.params["envelope_id"] == "env-1"
    (post,) = await fake.wait_for("chat.postMessage")
    assert post.params["channel"] == "D1001"
    assert post.token == "xoxb-test-token"


async def test_a_redelivered_socket_event_is_answered_once(bot: SlackBot, fake: FakeSlack) -> None:
    await fake.wait_for("socket.connected")
    envelope = event_callback(dm_event("hva er markedsdialog"), event_id="EvSocket1")
    await fake.push_socket_event(envelope, envelope_id="env-1")
    await fake.push_socket_event(envelope, envelope_id="env-2")
    await fake.wait_for("socket.ack", count=2)
    await fake.wait_for("chat.postMessage")
    await fake.settle()
    assert len(fake.calls_to("chat.postMessage")) == 1


async def test_without_a_signing_secret_the_http_endpoint_is_not_mounted(
    bot: SlackBot, fake: FakeSlack
) -> None:
    body, ctype = '{"type": "url_verification", "challenge": "x"}', "application/json"
    response = await bot.post(body, ctype)
    assert response.status in (404, 405)
