"""Teams end to end over real HTTP: activities POSTed to the real server's /api/messages, replies
arriving at a local fake connector named by the activity's serviceUrl."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.composition import Services, load_knowledge_for, open_services
from bot.config import Settings
from bot.server import build_app
from handlers.clock import ManualClock
from handlers.messages import Button, Destination, Reply, SendError
from knowledge.model import KnowledgeBase
from knowledge.search import SearchIndex
from storage.conversations import ConversationStore
from tests.core_helpers import KB_CORE
from tests.fake_connector import FakeConnector
from tests.teams_activities import (
    KARI,
    OLA,
    PERSONAL_CONVERSATION,
    TEAM_CHANNEL,
    TENANT,
    bot_added_to_team,
    card_submit,
    channel_mention,
    personal_message,
)


@dataclass
class Server:
    url: str
    services: Services
    http: aiohttp.ClientSession

    async def post(
        self,
        activity: Any,
        *,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> aiohttp.ClientResponse:
        import json

        data = activity if isinstance(activity, str | bytes) else json.dumps(activity)
        async with self.http.post(
            self.url + "/api/messages",
            data=data,
            headers={"Content-Type": content_type, **(headers or {})},
        ) as response:
            await response.read()
            return response

    @property
    def conversations(self) -> ConversationStore:
        return ConversationStore(self.services.db)


@pytest.fixture(scope="module")
def knowledge() -> tuple[KnowledgeBase, SearchIndex]:
    """The small, stable test knowledge base (markedsdialog, dialogkonferanse)."""
    return load_knowledge_for(Settings(knowledge_dir=KB_CORE))


@pytest.fixture(scope="module")
def bundled() -> tuple[KnowledgeBase, SearchIndex]:
    """The bundled knowledge, for its checklists."""
    return load_knowledge_for(Settings())


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = await FakeConnector().start()
    yield fake
    await fake.stop()


async def _serve(
    settings: Settings, clock: ManualClock, knowledge: tuple[KnowledgeBase, SearchIndex]
) -> AsyncIterator[Server]:
    async with open_services(
        settings, clock=clock, knowledge=knowledge, serve_teams=True
    ) as services:
        runner = web.AppRunner(build_app(services), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        host, port = runner.addresses[0][:2]
        try:
            async with aiohttp.ClientSession() as http:
                yield Server(f"http://{host}:{port}", services, http)
        finally:
            await runner.cleanup()


@pytest.fixture
async def server(
    tmp_path: Path, clock: ManualClock, knowledge: tuple[KnowledgeBase, SearchIndex]
) -> AsyncIterator[Server]:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'teams.db'}")
    async for running in _serve(settings, clock, knowledge):
        yield running


async def test_question_in_personal_chat_is_answered_with_an_adaptive_card(
    server: Server, connector: FakeConnector
) -> None:
    activity = personal_message(connector.url, "Hva er markedsdialog?")
    response = await server.post(activity)
    assert response.status in (200, 201)
    (reply,) = connector.ok()
    assert reply.kind == "reply"
    assert reply.conversation == PERSONAL_CONVERSATION and reply.activity_id == activity["id"]
    assert reply.body["type"] == "message" and reply.body["replyToId"] == activity["id"]
    card = reply.card
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
    assert all(b.get("wrap") for b in card["body"] if b["type"] == "TextBlock")
    assert card["body"][0]["text"] == "Markedsdialog" and card["body"][0]["weight"] == "Bolder"
    actions = {a["data"]["action"]: a for a in reply.actions()}
    assert {"answer.helpful", "answer.not_helpful"} <= set(actions)
    assert all(a["type"] == "Action.Submit" for a in actions.values())
    assert actions["answer.helpful"]["data"]["value"].startswith("markedsdialog")
    # No authentication configured: the reply went out without a token, as with the Emulator.
    assert "Authorization" not in reply.headers


async def test_helpful_press_updates_the_answer_card_in_place(
    server: Server, connector: FakeConnector
) -> None:
    await server.post(personal_message(connector.url, "Hva er markedsdialog?"))
    (answer,) = connector.ok()
    card_id = "bot-activity-1"
    helpful = next(a for a in answer.actions() if a["data"]["action"] == "answer.helpful")
    press = card_submit(
        connector.url, "answer.helpful", helpful["data"]["value"], reply_to_id=card_id
    )
    response = await server.post(press)
    assert response.status in (200, 201)
    updates = connector.ok("update")
    assert len(updates) == 1
    assert updates[0].conversation == PERSONAL_CONVERSATION and updates[0].activity_id == card_id
    assert updates[0].body["id"] == card_id
    assert not any(a["data"]["action"] == "answer.helpful" for a in updates[0].actions())
    tallies = await server.services.questions.tallies()
    assert [(t.slug, t.helpful) for t in tallies] == [("markedsdialog", 1)]


async def test_read_more_press_posts_a_new_card_with_the_rest_of_the_article(
    server: Server, connector: FakeConnector
) -> None:
    press = card_submit(connector.url, "answer.more", "markedsdialog", reply_to_id="bot-activity-9")
    await server.post(press)
    (reply,) = connector.ok()
    assert reply.kind == "reply" and reply.card_text.startswith("Markedsdialog")
    assert "Les mer om markedsdialog her." in reply.card_text


async def test_mention_in_a_channel_is_stripped_and_answered_in_the_reply_chain(
    server: Server, connector: FakeConnector
) -> None:
    activity = channel_mention(connector.url, "hva er markedsdialog?")
    await server.post(activity)
    (reply,) = connector.ok()
    assert reply.conversation == activity["conversation"]["id"]
    assert reply.conversation.startswith(TEAM_CHANNEL + ";messageid=")
    assert reply.card["body"][0]["text"] == "Markedsdialog"
    helpful = next(a for a in reply.actions() if a["data"]["action"] == "answer.helpful")
    question_id = int(helpful["data"]["value"].split("|")[1])
    asked = await server.services.questions.get(question_id)
    assert asked is not None and asked.text == "hva er markedsdialog?"
    stored = await server.conversations.get("teams", TEAM_CHANNEL)
    assert stored is not None and stored.kind == "channel" and stored.workspace == TENANT
    assert stored.reference["conversation"]["id"] == TEAM_CHANNEL


async def test_unanswerable_channel_question_echoes_the_text_without_the_mention(
    server: Server, connector: FakeConnector
) -> None:
    await server.post(channel_mention(connector.url, "zqxv blorf wumpus?"))
    (reply,) = connector.ok()
    assert "zqxv blorf wumpus?" in reply.card_text
    assert "lupbot" not in reply.card_text.split("«")[1]


async def test_conversation_update_stores_the_reference_and_welcomes_the_team(
    server: Server, connector: FakeConnector
) -> None:
    response = await server.post(bot_added_to_team(connector.url))
    assert response.status in (200, 201)
    stored = await server.conversations.get("teams", TEAM_CHANNEL)
    assert stored is not None and stored.active and stored.service_url == connector.url
    assert stored.reference["bot"]["id"].startswith("28:")
    (welcome,) = connector.ok()
    assert welcome.conversation == TEAM_CHANNEL and "lupbot" in welcome.card_text


async def test_channel_reminder_is_posted_proactively_through_the_sender(
    server: Server, connector: FakeConnector
) -> None:
    await server.post(bot_added_to_team(connector.url))
    connector.calls.clear()
    sender = server.services.senders["teams"]
    reply = Reply(
        "*Påminnelse:* Nettverkssamling i morgen kl 09:00",
        lang="nb",
        buttons=(Button("Påminn meg også", "reminder.join", "17"),),
    )
    await sender.send(Destination("teams", TENANT, TEAM_CHANNEL), reply)
    (post,) = connector.ok()
    assert post.kind == "send" and post.conversation == TEAM_CHANNEL  # a new post, not a reply
    assert "Nettverkssamling i morgen" in post.card_text
    (join,) = post.actions()
    assert join["data"] == {"action": "reminder.join", "value": "17"}


async def test_remind_me_too_opens_a_personal_chat_once_and_reuses_it(
    server: Server, connector: FakeConnector
) -> None:
    await server.post(channel_mention(connector.url, "hjelp", sender=OLA))
    connector.calls.clear()
    sender = server.services.senders["teams"]
    to = Destination("teams", TENANT, TEAM_CHANNEL, user=OLA["aadObjectId"])
    await sender.send(to, Reply("Påminnelse: frist for tilbud i dag kl 12", lang="nb"))
    create, post = connector.ok()
    assert create.kind == "create"
    assert create.body["members"] == [{"id": OLA["id"]}] and create.body["isGroup"] is False
    assert create.body["channelData"] == {"tenant": {"id": TENANT}} and create.body["bot"][
        "id"
    ].startswith("28:")
    assert (
        post.kind == "send"
        and post.conversation
        and post.conversation.startswith("a:personal-created-")
    )
    stored = await server.conversations.personal("teams", TENANT, OLA["aadObjectId"])
    assert stored is not None and stored.conversation == post.conversation
    await sender.send(to, Reply("Påminnelse nummer to", lang="nb"))
    assert [c.kind for c in connector.ok()] == ["create", "send", "send"]
    assert connector.ok()[-1].conversation == post.conversation


async def test_personal_reminder_uses_the_stored_personal_chat(
    server: Server, connector: FakeConnector
) -> None:
    await server.post(personal_message(connector.url, "hjelp"))
    connector.calls.clear()
    sender = server.services.senders["teams"]
    await sender.send(
        Destination("teams", TENANT, "somewhere", user=KARI["aadObjectId"]), Reply("Hei", lang="nb")
    )
    (post,) = connector.ok()
    assert post.kind == "send" and post.conversation == PERSONAL_CONVERSATION


async def test_throttled_send_is_retried_after_the_connectors_retry_after(
    server: Server, connector: FakeConnector
) -> None:
    await server.post(bot_added_to_team(connector.url))
    connector.calls.clear()
    connector.fail_next(429, retry_after="0")
    connector.fail_next(503)
    await server.services.senders["teams"].send(
        Destination("teams", TENANT, TEAM_CHANNEL), Reply("Hei", lang="nb")
    )
    assert [c.status for c in connector.calls] == [429, 503, 200]


async def test_long_throttle_is_handed_back_to_the_dispatcher_with_retry_after(
    server: Server, connector: FakeConnector
) -> None:
    await server.post(bot_added_to_team(connector.url))
    connector.fail_next(429, retry_after="120")
    with pytest.raises(SendError) as raised:
        await server.services.senders["teams"].send(
            Destination("teams", TENANT, TEAM_CHANNEL), Reply("Hei", lang="nb")
        )
    assert raised.value.retry_after == 120 and not raised.value.permanent


async def test_bot_removed_from_the_conversation_is_a_permanent_failure(
    server: Server, connector: FakeConnector
) -> None:
    await server.post(bot_added_to_team(connector.url))
    connector.fail_next(403)
    with pytest.raises(SendError) as raised:
        await server.services.senders["teams"].send(
            Destination("teams", TENANT, TEAM_CHANNEL), Reply("Hei", lang="nb")
        )
    assert raised.value.permanent
    assert len(connector.calls) == 2  # the welcome, then one refused attempt: no retries on 403


async def test_unknown_conversation_is_a_permanent_failure(server: Server) -> None:
    with pytest.raises(SendError) as raised:
        await server.services.senders["teams"].send(
            Destination("teams", TENANT, "19:never-seen"), Reply("x", lang="nb")
        )
    assert raised.value.permanent


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("{not json", "application/json", 400),
        ("[1, 2, 3]", "application/json", 400),
        ('{"type": "message", "text": "hei"}', "application/json", 400),
        (
            '{"type": "message", "serviceUrl": "http://127.0.0.1:9/", "conversation": "x"}',
            "application/json",
            400,
        ),
        (
            '{"type": "message", "serviceUrl": "http://127.0.0.1:9/", "conversation": {"id": "c"}, "from": 5}',
            "application/json",
            400,
        ),
        (
            '{"type": "message", "serviceUrl": "http://127.0.0.1:9/", "conversation": {"id": "c"}, "from": {"id": "u"}, "entities": [1]}',
            "application/json",
            400,
        ),
        ("type=message", "application/x-www-form-urlencoded", 415),
    ],
)
async def test_malformed_body_gets_a_4xx_and_the_server_keeps_answering(
    server: Server, connector: FakeConnector, body: str, content_type: str, status: int
) -> None:
    response = await server.post(body, content_type=content_type)
    assert response.status == status
    assert connector.calls == []
    async with server.http.get(server.url + "/healthz") as health:
        assert health.status == 200
    await server.post(personal_message(connector.url, "hjelp"))
    assert len(connector.ok()) == 1


async def test_mentions_and_markdown_links_in_user_text_are_defused(
    server: Server, connector: FakeConnector
) -> None:
    evil = "[Logg inn her](https://evil.example/login) <at>Alle</at> zqxv blorf"
    await server.post(personal_message(connector.url, evil))
    (reply,) = connector.ok()
    text = reply.card_text
    assert "](https://evil.example" not in text
    assert "<at>" not in text and "</at>" not in text
    assert (
        "Logg inn her (https://evil.example/login)" in text
    )  # visible, so the address cannot hide
    assert "entities" not in reply.body or not any(
        e.get("type") == "mention" for e in reply.body["entities"]
    )


async def test_checklist_press_updates_the_step_card_and_records_who_pressed(
    tmp_path: Path,
    clock: ManualClock,
    bundled: tuple[KnowledgeBase, SearchIndex],
    connector: FakeConnector,
) -> None:
    slug = next(iter(bundled[0].checklists))
    chain = f"{TEAM_CHANNEL};messageid=1700000000999"
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'runs.db'}")
    async for server in _serve(settings, clock, bundled):
        await server.post(
            channel_mention(connector.url, f"sjekkliste {slug}", root_id="1700000000999")
        )
        intro, step = connector.ok()  # the checklist's introduction, then its first step
        step_card_id = "bot-activity-2"
        assert intro.conversation == step.conversation == chain
        done = next(a for a in step.actions() if a["data"]["action"] == "checklist.done")
        press = card_submit(
            connector.url,
            "checklist.done",
            done["data"]["value"],
            reply_to_id=step_card_id,
            sender=OLA,
            conversation=chain,
            conversation_type="channel",
        )
        connector.calls.clear()
        await server.post(press)
        update, follow = connector.ok()
        assert (
            update.kind == "update"
            and update.activity_id == step_card_id
            and update.conversation == chain
        )
        assert "Ola Hansen" in update.card_text  # who pressed, by name rather than by AAD object id
        assert OLA["aadObjectId"] not in update.card_text
        assert follow.kind == "reply" and any(
            a["data"]["action"] == "checklist.done" for a in follow.actions()
        )
        run = await server.services.checklist_runs.in_thread("teams", TENANT, TEAM_CHANNEL, chain)
        assert run is not None and run.position == 1
        first = run.marks[0]
        assert first is not None and first.user == OLA["aadObjectId"]


async def test_with_an_app_id_activities_without_a_token_are_rejected(
    tmp_path: Path,
    clock: ManualClock,
    knowledge: tuple[KnowledgeBase, SearchIndex],
    connector: FakeConnector,
) -> None:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'auth.db'}",
        microsoft_app_id="5b4a8d07-0000-4c1b-8f0b-2f7d4a6f3b11",
        microsoft_app_password="secret",
    )
    async for running in _serve(settings, clock, knowledge):
        response = await running.post(personal_message(connector.url, "hjelp"))
        assert response.status == 401
        for token in ("not-a-jwt", _unsigned_jwt({"iss": "https://evil.example", "aud": "x"})):
            forged = await running.post(
                personal_message(connector.url, "hjelp"),
                headers={"Authorization": f"Bearer {token}"},
            )
            assert forged.status == 401
    assert connector.calls == []


def _unsigned_jwt(claims: dict[str, str]) -> str:
    import base64
    import json

    def part(obj: dict[str, str]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


async def test_gathering_reminder_reaches_the_channel_and_remind_me_too_reaches_a_personal_chat(
    tmp_path: Path,
    clock: ManualClock,
    knowledge: tuple[KnowledgeBase, SearchIndex],
    connector: FakeConnector,
) -> None:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'reminders.db'}",
        facilitators=frozenset({KARI["aadObjectId"]}),
    )
    async for server in _serve(settings, clock, knowledge):
        await server.post(bot_added_to_team(connector.url))
        await server.post(
            channel_mention(connector.url, 'samling "Nettverkssamling Østlandet" 2026-11-26T10:00')
        )
        confirmation = connector.ok()[-1]
        assert "Nettverkssamling Østlandet" in confirmation.card_text
        connector.calls.clear()

        assert server.services.dispatcher is not None
        clock.advance(
            timedelta(days=1, hours=20, seconds=1)
        )  # 2026-11-25 09:00:01 UTC: one day before
        report = await server.services.dispatcher.run_once()
        assert report.sent == 1
        (post,) = connector.ok()
        assert (
            post.kind == "send" and post.conversation == TEAM_CHANNEL
        )  # a new post in the channel
        assert "Nettverkssamling Østlandet" in post.card_text
        join = next(a for a in post.actions() if a["data"]["action"] == "reminder.join")

        press = card_submit(
            connector.url,
            "reminder.join",
            join["data"]["value"],
            reply_to_id="bot-activity-9",
            sender=OLA,
            conversation=f"{TEAM_CHANNEL};messageid=1700000000555",
            conversation_type="channel",
        )
        await server.post(press)
        connector.calls.clear()
        clock.advance(timedelta(hours=23))  # one hour before the gathering
        await server.services.dispatcher.run_once()
        kinds = {(c.kind, c.conversation) for c in connector.ok()}
        assert ("send", TEAM_CHANNEL) in kinds
        created = [c for c in connector.ok() if c.kind == "create"]
        assert len(created) == 1 and created[0].body["members"] == [{"id": OLA["id"]}]
        personal = [
            c for c in connector.ok() if c.kind == "send" and c.conversation != TEAM_CHANNEL
        ]
        assert len(personal) == 1 and "Nettverkssamling Østlandet" in personal[0].card_text
