"""Multi-workspace Slack: OAuth install stored in lupbot's database, tokens looked up per workspace."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from handlers.messages import Destination, Reply, SendError
from tests.conftest import PG_URL
from tests.fake_slack import FakeSlack
from tests.slack_harness import SlackBot, running_bot, slack_settings
from tests.slack_requests import dm_event


def _backends() -> list[object]:
    return [
        "sqlite",
        pytest.param(
            "postgresql", marks=pytest.mark.skipif(not PG_URL, reason="TEST_DATABASE_URL not set")
        ),
    ]


@pytest.fixture(params=_backends())
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh database URL: a SQLite file, or a throw-away PostgreSQL database (slack_sdk's tables live there)."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'oauth.db'}"
        return
    assert PG_URL
    name = f"lupbot_oauth_{uuid.uuid4().hex[:10]}"
    admin = create_async_engine(PG_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@pytest.fixture
async def bot(fake: FakeSlack, db_url: str) -> AsyncIterator[SlackBot]:
    settings = slack_settings(
        fake,
        db_url,
        slack_bot_token=None,
        slack_client_id="111.222",
        slack_client_secret="client-secret",
    )
    async with running_bot(settings, fake) as running:
        yield running


async def _install(bot: SlackBot, code: str) -> None:
    page = await bot.get("/slack/install")
    assert page.status == 200
    html = await page.text()
    state = re.search(r"state=([\w-]+)", html)
    assert state and "client_id=111.222" in html and "chat%3Awrite" in html.replace(":", "%3A")
    cookie = page.headers["Set-Cookie"].split(";")[0]
    done = await bot.get(
        f"/slack/oauth_redirect?code={code}&state={state.group(1)}", headers={"Cookie": cookie}
    )
    assert done.status == 200, await done.text()


async def test_install_then_answer_in_that_workspace_with_its_own_token(
    bot: SlackBot, fake: FakeSlack
) -> None:
    await _install(bot, "abc123")
    (exchange,) = fake.calls_to("oauth.v2.access")
    assert exchange.params["code"] == "abc123"

    await bot.event(dm_event("hva er markedsdialog"), team="TABC123")
    (post,) = await fake.wait_for("chat.postMessage")
    assert post.token == "xoxb-TABC123-token"
    assert post.params["channel"] == "D1001"


async def test_two_workspaces_each_get_their_own_token(bot: SlackBot, fake: FakeSlack) -> None:
    await _install(bot, "one")
    await _install(bot, "two")
    await bot.event(dm_event("hva er markedsdialog"), team="TONE")
    await bot.event(dm_event("hva er markedsdialog"), team="TTWO")
    posts = await fake.wait_for("chat.postMessage", count=2)
    assert sorted(p.token or "" for p in posts) == ["xoxb-TONE-token", "xoxb-TTWO-token"]


async def test_a_forged_oauth_state_installs_nothing(bot: SlackBot, fake: FakeSlack) -> None:
    done = await bot.get("/slack/oauth_redirect?code=evil&state=made-up")
    assert done.status >= 400
    assert fake.calls_to("oauth.v2.access") == []


async def test_events_from_a_workspace_without_installation_are_not_answered(
    bot: SlackBot, fake: FakeSlack
) -> None:
    response = await bot.event(dm_event("hva er markedsdialog"), team="TNOWHERE")
    assert response.status < 500
    await fake.settle(0.2)
    assert fake.calls_to("chat.postMessage") == []


async def test_reminders_use_the_stored_installation_and_survive_a_restart(
    fake: FakeSlack, db_url: str
) -> None:
    settings = slack_settings(
        fake,
        db_url,
        slack_bot_token=None,
        slack_client_id="111.222",
        slack_client_secret="client-secret",
    )
    async with running_bot(settings, fake) as first:
        await _install(first, "keep")
    async with running_bot(settings, fake) as restarted:
        sender = restarted.services.senders["slack"]
        await sender.send(Destination("slack", "TKEEP", "C2001"), Reply("Påminnelse"))
        with pytest.raises(SendError) as raised:
            await sender.send(Destination("slack", "TOTHER", "C2001"), Reply("Påminnelse"))
    (post,) = fake.calls_to("chat.postMessage")
    assert post.token == "xoxb-TKEEP-token"
    assert raised.value.permanent
