"""Teams dialog flows on botbuilder's TestAdapter: activities in, Messages to the handler, cards out."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity, ChannelAccount, ConversationAccount, Entity

from bot.composition import Services, open_services
from bot.config import Settings
from bot.teams import TeamsBot
from bot.teams_files import FILE_CONSENT_CONTENT_TYPE, FILE_INFO_CONTENT_TYPE, upload
from handlers.clock import ManualClock
from handlers.messages import Attachment, Message, Reply
from storage.conversations import ConversationStore
from tests.core_helpers import KB_CORE
from tests.fake_connector import FakeConnector
from tests.teams_activities import (
    BOT_ID,
    GROUP_CHAT,
    KARI,
    PERSONAL_CONVERSATION,
    TEAM_CHANNEL,
    TENANT,
)

SERVICE_URL = "https://smba.example.invalid/emea/"
CARD = "application/vnd.microsoft.card.adaptive"


def template(
    kind: str = "personal", conversation: str = PERSONAL_CONVERSATION, locale: str = "nb-NO"
) -> Activity:
    return Activity(
        channel_id="msteams",
        service_url=SERVICE_URL,
        from_property=ChannelAccount(
            id=KARI["id"], name=KARI["name"], aad_object_id=KARI["aadObjectId"]
        ),
        recipient=ChannelAccount(id=BOT_ID, name="lupbot"),
        conversation=ConversationAccount(
            id=conversation, conversation_type=kind, is_group=kind != "personal"
        ),
        channel_data={"tenant": {"id": TENANT}},
        locale=locale,
    )


def card_of(activity: Activity) -> dict[str, Any]:
    (attachment,) = [a for a in activity.attachments or [] if a.content_type == CARD]
    return attachment.content


def text_of(activity: Activity) -> str:
    return "\n".join(
        b.get("text", "") for b in card_of(activity)["body"] if b["type"] == "TextBlock"
    )


class Recorder:
    """A stand-in for the router that records the Messages the adapter produced."""

    def __init__(self, *replies: Reply) -> None:
        self.messages: list[Message] = []
        self.replies = list(replies) or [Reply("ok")]

    async def __call__(self, message: Message) -> list[Reply]:
        self.messages.append(message)
        return self.replies


@pytest.fixture
async def services(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Services]:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'dialog.db'}", knowledge_dir=KB_CORE
    )
    async with open_services(settings, clock=clock) as built:
        yield built


def teams_bot(services: Services, handle: Any = None, **kwargs: Any) -> TeamsBot:
    return TeamsBot(
        handle or services.router.handle, ConversationStore(services.db), services.clock, **kwargs
    )


async def test_help_in_personal_chat_comes_back_as_one_card(services: Services) -> None:
    adapter = TestAdapter(teams_bot(services).on_turn, template())

    def is_help_card(activity: Activity, description: str | None = None) -> None:
        assert activity.type == "message"
        assert "**lupbot**" in text_of(activity)
        assert activity.summary and "lupbot" in activity.summary

    await adapter.test("hjelp", is_help_card)


async def test_question_is_answered_from_the_knowledge_base(services: Services) -> None:
    adapter = TestAdapter(teams_bot(services).on_turn, template())

    def is_answer(activity: Activity, description: str | None = None) -> None:
        card = card_of(activity)
        assert card["body"][0]["text"] == "Markedsdialog"
        assert {a["data"]["action"] for a in card["actions"]} >= {
            "answer.helpful",
            "answer.not_helpful",
        }

    await adapter.test("Hva er markedsdialog?", is_answer)


async def test_typed_message_becomes_a_direct_message_from_the_aad_user(services: Services) -> None:
    recorder = Recorder()
    adapter = TestAdapter(teams_bot(services, recorder).on_turn, template())
    await adapter.send("hei der")
    (message,) = recorder.messages
    assert message.platform == "teams" and message.workspace == TENANT
    assert message.user == KARI["aadObjectId"]  # the id LUPBOT_FACILITATORS lists
    assert message.is_direct and message.channel == PERSONAL_CONVERSATION
    assert (
        message.thread == PERSONAL_CONVERSATION
        and message.action is None
        and message.text == "hei der"
    )
    assert not message.user_is_admin


async def test_only_the_bots_own_mention_is_removed_from_channel_text(services: Services) -> None:
    recorder = Recorder()
    chain = f"{TEAM_CHANNEL};messageid=1700000000123"
    adapter = TestAdapter(teams_bot(services, recorder).on_turn, template("channel", chain))
    await adapter.send(
        Activity(
            type="message",
            text="<at>lupbot</at> spør <at>Ola Hansen</at>: hva er lupbot?",
            entities=[
                Entity().deserialize(
                    {
                        "type": "mention",
                        "text": "<at>lupbot</at>",
                        "mentioned": {"id": BOT_ID, "name": "lupbot"},
                    }
                ),
                Entity().deserialize(
                    {
                        "type": "mention",
                        "text": "<at>Ola Hansen</at>",
                        "mentioned": {"id": "29:ola", "name": "Ola"},
                    }
                ),
            ],
        )
    )
    (message,) = recorder.messages
    assert message.text == "spør Ola Hansen: hva er lupbot?"
    assert message.channel == TEAM_CHANNEL and message.thread == chain and not message.is_direct
    assert message.summoned


async def test_the_bot_mentioned_alone_in_a_channel_shows_what_it_can_do(services: Services) -> None:
    chain = f"{TEAM_CHANNEL};messageid=1700000000124"
    adapter = TestAdapter(teams_bot(services).on_turn, template("channel", chain))
    mention = Entity().deserialize(
        {"type": "mention", "text": "<at>lupbot</at>", "mentioned": {"id": BOT_ID, "name": "lupbot"}}
    )

    def is_help_card(activity: Activity, description: str | None = None) -> None:
        assert "**lupbot**" in text_of(activity) and "tom melding" not in text_of(activity)

    await adapter.test(Activity(type="message", text="<at>lupbot</at>", entities=[mention]), is_help_card)


async def test_group_chat_is_its_own_channel_and_thread(services: Services) -> None:
    recorder = Recorder()
    adapter = TestAdapter(teams_bot(services, recorder).on_turn, template("groupChat", GROUP_CHAT))
    await adapter.send("sjekklister")
    (message,) = recorder.messages
    assert message.channel == GROUP_CHAT and message.thread == GROUP_CHAT and not message.is_direct


async def test_emulator_activity_without_tenant_or_type_is_a_direct_chat() -> None:
    from bot.teams_translate import to_message

    activity = Activity().deserialize(
        {
            "type": "message",
            "id": "1",
            "channelId": "emulator",
            "serviceUrl": "http://localhost:50000",
            "from": {"id": "user-1", "name": "User"},
            "recipient": {"id": "bot-1"},
            "conversation": {"id": "conv-1"},
            "text": "hjelp",
        }
    )
    message = to_message(activity)
    assert message.workspace == "emulator" and message.is_direct and message.user == "user-1"


async def test_card_press_reaches_the_handler_as_action_and_value(services: Services) -> None:
    recorder = Recorder()
    adapter = TestAdapter(teams_bot(services, recorder).on_turn, template())
    await adapter.send(
        Activity(
            type="message", value={"action": "checklist.done", "value": "run-1:0"}, reply_to_id="c1"
        )
    )
    await adapter.send(Activity(type="message", value={"action": "reminder.join", "value": 17}))
    await adapter.send(
        Activity(type="message", value={"action": "answer.more", "value": {"nested": True}})
    )
    assert [(m.action, m.text) for m in recorder.messages] == [
        ("checklist.done", "run-1:0"),
        ("reminder.join", "17"),
        ("answer.more", ""),
    ]


async def test_card_submit_that_is_not_ours_is_ignored(services: Services) -> None:
    recorder = Recorder()
    adapter = TestAdapter(teams_bot(services, recorder).on_turn, template())
    await adapter.send(Activity(type="message", value={"someone": "else"}))
    assert adapter.get_next_activity() is None
    assert recorder.messages == []


async def test_replace_original_updates_the_pressed_card_once_and_posts_the_rest(
    services: Services,
) -> None:
    recorder = Recorder(
        Reply("✅ Steg 1 ferdig – Kari", replace_original=True), Reply("Steg 2 av 5")
    )
    adapter = TestAdapter(teams_bot(services, recorder).on_turn, template())
    flow = await adapter.send(
        Activity(
            type="message", value={"action": "checklist.done", "value": "r:0"}, reply_to_id="card-7"
        )
    )
    (updated,) = adapter.updated_activities
    assert updated.id == "card-7" and "Steg 1 ferdig" in text_of(updated)
    await flow.assert_reply(lambda a, d=None: _assert_text(a, "Steg 2 av 5"))


async def test_replace_original_without_a_pressed_card_is_posted(services: Services) -> None:
    recorder = Recorder(Reply("Oppdatert", replace_original=True))
    adapter = TestAdapter(teams_bot(services, recorder).on_turn, template())
    await adapter.test("ferdig", lambda a, d=None: _assert_text(a, "Oppdatert"))
    assert adapter.updated_activities == []


def _assert_text(activity: Activity, expected: str) -> None:
    assert expected in text_of(activity)


async def test_real_checklist_press_replaces_the_step_card(
    services: Services, tmp_path: Path, clock: ManualClock
) -> None:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'runs.db'}")
    async with open_services(settings, clock=clock) as bundled:
        slug = next(iter(bundled.kb.checklists))
        adapter = TestAdapter(teams_bot(bundled).on_turn, template())
        await adapter.send(f"sjekkliste {slug}")
        cards = [adapter.get_next_activity(), adapter.get_next_activity()]
        step = cards[-1]
        done = next(a for a in card_of(step)["actions"] if a["data"]["action"] == "checklist.done")
        await adapter.send(Activity(type="message", value=done["data"], reply_to_id="step-card-1"))
        (updated,) = adapter.updated_activities
        assert updated.id == "step-card-1"
        assert not card_of(updated).get("actions")  # the answered step keeps no buttons
        nxt = adapter.get_next_activity()
        assert any(a["data"]["action"] == "checklist.done" for a in card_of(nxt)["actions"])


async def test_bot_added_to_a_team_stores_the_channel_and_welcomes_in_the_users_language(
    services: Services,
) -> None:
    adapter = TestAdapter(
        teams_bot(services).on_turn, template("channel", TEAM_CHANNEL, locale="en-US")
    )
    flow = await adapter.send(
        Activity(type="conversationUpdate", members_added=[ChannelAccount(id=BOT_ID)])
    )
    await flow.assert_reply(
        lambda a, d=None: _assert_text(a, "assistant for innovative public procurement")
    )
    stored = await ConversationStore(services.db).get("teams", TEAM_CHANNEL)
    assert stored is not None and stored.kind == "channel" and stored.service_url == SERVICE_URL


async def test_other_members_joining_get_no_welcome(services: Services) -> None:
    adapter = TestAdapter(teams_bot(services).on_turn, template("channel", TEAM_CHANNEL))
    await adapter.send(
        Activity(type="conversationUpdate", members_added=[ChannelAccount(id="29:new-person")])
    )
    assert adapter.get_next_activity() is None


async def test_uninstall_stops_proactive_messages_until_the_bot_is_back(services: Services) -> None:
    store = ConversationStore(services.db)
    adapter = TestAdapter(teams_bot(services).on_turn, template())
    await adapter.send(Activity(type="installationUpdate", action="add"))
    assert await store.personal("teams", TENANT, KARI["aadObjectId"]) is not None
    await adapter.send(Activity(type="installationUpdate", action="remove"))
    assert await store.personal("teams", TENANT, KARI["aadObjectId"]) is None
    await adapter.send(Activity(type="installationUpdate", action="add-upgrade"))
    assert await store.personal("teams", TENANT, KARI["aadObjectId"]) is not None


async def test_bot_removed_from_a_team_deactivates_the_channel(services: Services) -> None:
    store = ConversationStore(services.db)
    adapter = TestAdapter(teams_bot(services).on_turn, template("channel", TEAM_CHANNEL))
    await adapter.send(
        Activity(type="conversationUpdate", members_added=[ChannelAccount(id=BOT_ID)])
    )
    await adapter.send(
        Activity(type="conversationUpdate", members_removed=[ChannelAccount(id=BOT_ID)])
    )
    stored = await store.get("teams", TEAM_CHANNEL)
    assert stored is not None and not stored.active


async def test_account_id_is_remembered_for_personal_reminders(services: Services) -> None:
    adapter = TestAdapter(teams_bot(services).on_turn, template("channel", TEAM_CHANNEL))
    await adapter.send("hjelp")
    assert (
        await ConversationStore(services.db).account("teams", TENANT, KARI["aadObjectId"])
        == KARI["id"]
    )


ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


async def test_file_in_personal_chat_is_offered_with_a_consent_card(services: Services) -> None:
    recorder = Recorder(
        Reply("Kalenderfil:", files=(Attachment("samling-12.ics", ICS, "text/calendar"),))
    )
    adapter = TestAdapter(teams_bot(services, recorder).on_turn, template())
    await adapter.send("kalender 12")
    answer, offer = adapter.get_next_activity(), adapter.get_next_activity()
    assert "Kalenderfil:" in text_of(answer)
    (consent,) = offer.attachments
    assert consent.content_type == FILE_CONSENT_CONTENT_TYPE and consent.name == "samling-12.ics"
    assert consent.content["sizeInBytes"] == len(ICS)
    assert base64.b64decode(consent.content["acceptContext"]["data"]) == ICS


async def test_file_in_a_channel_is_explained_instead(services: Services) -> None:
    recorder = Recorder(
        Reply("Kalenderfil:", files=(Attachment("samling-12.ics", ICS, "text/calendar"),))
    )
    adapter = TestAdapter(
        teams_bot(services, recorder).on_turn, template("channel", f"{TEAM_CHANNEL};messageid=1")
    )
    flow = await adapter.send("kalender 12")
    await flow.assert_reply(lambda a, d=None: _assert_text(a, "personlig chat"))
    assert adapter.get_next_activity() is None


def _consent_invoke(action: str, context: dict[str, Any], upload_url: str = "") -> Activity:
    value: dict[str, Any] = {"type": "fileUpload", "action": action, "context": context}
    if upload_url:
        value["uploadInfo"] = {
            "contentUrl": "https://contoso.example/f.ics",
            "name": "samling-12.ics",
            "uploadUrl": upload_url,
            "uniqueId": "u-1",
            "fileType": "ics",
        }
    return Activity(type="invoke", name="fileConsent/invoke", value=value)


async def test_accepted_file_is_uploaded_and_shown_as_a_file_card(services: Services) -> None:
    connector = await FakeConnector().start()
    try:
        recorder = Recorder(Reply("x", files=(Attachment("samling-12.ics", ICS, "text/calendar"),)))
        adapter = TestAdapter(teams_bot(services, recorder, upload_file=upload).on_turn, template())
        await adapter.send("kalender 12")
        adapter.get_next_activity()
        context = adapter.get_next_activity().attachments[0].content["acceptContext"]
        await adapter.send(
            _consent_invoke("accept", context, connector.url + "upload/samling-12.ics")
        )
        (put,) = connector.ok("upload")
        assert (
            put.body == ICS and put.headers["Content-Range"] == f"bytes 0-{len(ICS) - 1}/{len(ICS)}"
        )
        sent = [adapter.get_next_activity() for _ in range(2)]
        file_cards = [
            a
            for a in sent
            if a and a.attachments and a.attachments[0].content_type == FILE_INFO_CONTENT_TYPE
        ]
        assert (
            file_cards
            and file_cards[0].attachments[0].content_url == "https://contoso.example/f.ics"
        )
    finally:
        await connector.stop()


async def test_failed_upload_and_declined_file_are_explained(services: Services) -> None:
    connector = await FakeConnector().start()
    try:
        connector.fail_next(500, kinds=("upload",))
        context = {
            "filename": "samling-12.ics",
            "mime": "text/calendar",
            "lang": "nb",
            "data": base64.b64encode(ICS).decode(),
        }
        adapter = TestAdapter(teams_bot(services, upload_file=upload).on_turn, template())
        await adapter.send(
            _consent_invoke("accept", context, connector.url + "upload/samling-12.ics")
        )
        texts = [text_of(a) for a in _drain(adapter) if a.attachments]
        assert any("fikk ikke lastet opp samling-12.ics" in t for t in texts)
        await adapter.send(_consent_invoke("decline", {"filename": "samling-12.ics", "lang": "en"}))
        texts = [text_of(a) for a in _drain(adapter) if a.attachments]
        assert any("won't send samling-12.ics" in t for t in texts)
    finally:
        await connector.stop()


def _drain(adapter: TestAdapter) -> list[Activity]:
    out = []
    while (activity := adapter.get_next_activity()) is not None:
        out.append(activity)
    return out


async def test_escalation_reply_goes_to_a_known_conversation_only(services: Services) -> None:
    posted: list[tuple[str, Reply]] = []

    class Elsewhere:
        async def post_to_conversation(self, conversation: str, reply: Reply) -> bool:
            posted.append((conversation, reply))
            return conversation == "19:escalation@thread.tacv2"

    recorder = Recorder(
        Reply("Svar"), Reply("Ubesvart spørsmål", channel="19:escalation@thread.tacv2")
    )
    adapter = TestAdapter(teams_bot(services, recorder, sender=Elsewhere()).on_turn, template())  # type: ignore[arg-type]
    flow = await adapter.send("noe ukjent")
    await flow.assert_reply(lambda a, d=None: _assert_text(a, "Svar"))
    assert adapter.get_next_activity() is None  # the escalation did not land in the user's chat
    assert [c for c, _ in posted] == ["19:escalation@thread.tacv2"]
