"""Microsoft Teams: the Bot Framework endpoint `POST /api/messages`, translating to and from the router.

Every Bot Framework SDK import lives in `bot/teams*.py` (the Python SDK is archived upstream; moving
to its successor, the Microsoft 365 Agents SDK, must stay a change to these modules only).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import jwt
from aiohttp import web
from botbuilder.core import InvokeResponse, TurnContext, serializer_helper
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity, ActivityTypes, Attachment
from botbuilder.schema.teams import FileConsentCardResponse
from msrest.exceptions import DeserializationError

from bot.config import Settings
from bot.teams_connector import LupbotBotFrameworkAuthentication, with_retries
from bot.teams_files import (
    FILE_CONSENT_CONTENT_TYPE,
    FILE_INFO_CONTENT_TYPE,
    MAX_INLINE_FILE_BYTES,
    consent_card,
    context_filename,
    context_lang,
    pending_file,
    upload,
)
from bot.teams_names import with_names
from bot.teams_sender import TeamsSender
from bot.teams_texts import t as tt
from bot.teams_translate import (
    PLATFORM,
    language_of,
    reply_activity,
    stored_reference,
    to_message,
    user_key,
)
from handlers.clock import Clock
from handlers.messages import Message, Reply
from storage.conversations import ConversationStore

log = logging.getLogger(__name__)

Handle = Callable[[Message], Awaitable[list[Reply]]]


class TeamsBot(TeamsActivityHandler):
    """Turns Teams activities into Messages for the router and its Replies into Adaptive Cards."""

    def __init__(
        self,
        handle: Handle,
        conversations: ConversationStore,
        clock: Clock,
        *,
        sender: TeamsSender | None = None,
        upload_file: Callable[[str, bytes], Awaitable[None]] = upload,
    ) -> None:
        self._handle = handle
        self._conversations = conversations
        self._clock = clock
        self._sender = sender
        self._upload = upload_file

    async def on_turn(self, turn_context: TurnContext) -> None:
        await self._remember(turn_context.activity)
        await super().on_turn(turn_context)

    async def _remember(self, activity: Activity) -> None:
        """Keep where this conversation lives, so reminders can be posted here later."""
        if activity.type == ActivityTypes.installation_update and (
            activity.action or ""
        ).startswith("remove"):
            return
        ref = stored_reference(activity)
        if ref is None:
            return
        now = self._clock.now()
        try:
            await self._conversations.save(ref, now)
            sender = activity.from_property
            if sender is not None and sender.id and getattr(sender, "aad_object_id", None):
                await self._conversations.save_account(
                    PLATFORM, ref.workspace, user_key(activity), sender.id, now, name=sender.name
                )
        except Exception:
            log.exception(
                "could not store the Teams conversation reference for %s", ref.conversation
            )

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        message = to_message(turn_context.activity)
        if message.action is None and not message.text and turn_context.activity.value is not None:
            return  # a card submit that is not one of ours: nothing to answer
        replies = await self._handle(message)
        await self._deliver(turn_context, message, replies)

    async def _deliver(
        self, turn_context: TurnContext, message: Message, replies: list[Reply]
    ) -> None:
        pressed = turn_context.activity.reply_to_id if message.action else None
        for reply in replies:
            if reply.channel is not None:
                await self._post_elsewhere(reply)
                continue
            notes, consent_cards = self._files(reply, message)
            reply = await with_names(reply, message.workspace, self._conversations)
            activity = reply_activity(reply, notes=notes)
            if reply.replace_original and pressed:
                activity.id = pressed
                pressed = None  # only the card whose button was pressed is replaced, once
                try:
                    await _update(turn_context, activity)
                except Exception:
                    log.warning(
                        "could not update the pressed card; posting the reply instead",
                        exc_info=True,
                    )
                    activity.id = None
                    await _send(turn_context, activity)
            else:
                await _send(turn_context, activity)
            for card in consent_cards:
                await _send(turn_context, card)

    def _files(self, reply: Reply, message: Message) -> tuple[tuple[str, ...], list[Activity]]:
        """Notes for the card, and file consent cards to send (personal chat only)."""
        notes: list[str] = []
        cards: list[Activity] = []
        for file in reply.files:
            if not message.is_direct:
                notes.append(tt("teams.file_personal_only", reply.lang, filename=file.filename))
            elif len(file.content) > MAX_INLINE_FILE_BYTES:
                notes.append(tt("teams.file_too_large", reply.lang, filename=file.filename))
            else:
                description = tt("teams.file_offer", reply.lang, filename=file.filename)
                cards.append(
                    Activity(
                        type=ActivityTypes.message,
                        attachments=[
                            Attachment(
                                content_type=FILE_CONSENT_CONTENT_TYPE,
                                name=file.filename,
                                content=consent_card(file, description, reply.lang),
                            )
                        ],
                    )
                )
        return tuple(notes), cards

    async def _post_elsewhere(self, reply: Reply) -> None:
        """A reply meant for another conversation (e.g. the escalation channel)."""
        assert reply.channel is not None
        try:
            posted = self._sender is not None and await self._sender.post_to_conversation(
                reply.channel, reply
            )
        except Exception:
            log.warning("could not post to Teams conversation %s", reply.channel, exc_info=True)
            return
        if not posted:
            log.info("no Teams conversation %s known; reply for it dropped", reply.channel)

    async def on_conversation_update_activity(self, turn_context: TurnContext) -> None:
        # Handled here rather than by TeamsActivityHandler, which looks every new member up in Teams.
        activity = turn_context.activity
        bot_id = activity.recipient.id if activity.recipient else None
        added = [m.id for m in activity.members_added or []]
        removed = [m.id for m in activity.members_removed or []]
        if bot_id and bot_id in removed:
            await self._forget(activity)
        elif bot_id and bot_id in added:
            welcome = Reply(tt("teams.welcome", language_of(activity)), lang=language_of(activity))
            await _send(turn_context, reply_activity(welcome))

    async def on_installation_update_remove(self, turn_context: TurnContext) -> None:
        await self._forget(turn_context.activity)

    async def _forget(self, activity: Activity) -> None:
        ref = stored_reference(activity)
        if ref is not None:
            await self._conversations.deactivate(PLATFORM, ref.conversation, self._clock.now())

    async def on_teams_file_consent_accept(
        self, turn_context: TurnContext, file_consent_card_response: FileConsentCardResponse
    ) -> None:
        context = file_consent_card_response.context
        file = pending_file(context)
        info = file_consent_card_response.upload_info
        lang = context_lang(context)
        name = context_filename(context)
        if file is None or info is None or not info.upload_url:
            await turn_context.send_activity(
                reply_activity(Reply(tt("teams.file_failed", lang, filename=name), lang=lang))
            )
            return
        try:
            await self._upload(info.upload_url, file.content)
        except Exception:
            log.warning("uploading %s to OneDrive failed", file.filename, exc_info=True)
            await turn_context.send_activity(
                reply_activity(Reply(tt("teams.file_failed", lang, filename=name), lang=lang))
            )
            return
        card = Attachment(
            content_type=FILE_INFO_CONTENT_TYPE,
            name=info.name or file.filename,
            content_url=info.content_url,
            content={"uniqueId": info.unique_id, "fileType": info.file_type},
        )
        await turn_context.send_activity(Activity(type=ActivityTypes.message, attachments=[card]))

    async def on_teams_file_consent_decline(
        self, turn_context: TurnContext, file_consent_card_response: FileConsentCardResponse
    ) -> None:
        context = file_consent_card_response.context
        lang = context_lang(context)
        reply = Reply(
            tt("teams.file_declined", lang, filename=context_filename(context)), lang=lang
        )
        await turn_context.send_activity(reply_activity(reply))


async def _send(turn_context: TurnContext, activity: Activity) -> None:
    await with_retries(lambda: turn_context.send_activity(activity))


async def _update(turn_context: TurnContext, activity: Activity) -> None:
    await with_retries(lambda: turn_context.update_activity(activity))


class TeamsEndpoint:
    """`POST /api/messages`: validates the request, then lets the SDK authenticate and run the turn."""

    def __init__(
        self, adapter: CloudAdapter, bot: TeamsBot, *, app_id: str | None, loopback: bool
    ) -> None:
        self._adapter = adapter
        self._bot = bot
        self._app_id = app_id
        self._loopback = loopback

    async def handle(self, request: web.Request) -> web.Response:
        if not self._app_id and not self._loopback:
            # `lupbot serve` refuses to start like this; never accept anonymous activities from the network.
            return _error(
                401,
                "MICROSOFT_APP_ID is not set: unauthenticated activities are accepted on loopback only",
            )
        if request.content_type != "application/json":
            return _error(415, "expected a Bot Framework activity as application/json")
        try:
            body = await request.json()
        except ValueError:
            return _error(400, "the body is not valid JSON")
        problem = _activity_problem(body)
        if problem:
            return _error(400, problem)
        try:
            activity = Activity().deserialize(body)
        except (DeserializationError, TypeError, ValueError, AttributeError):
            return _error(400, "the body is not a Bot Framework activity")
        # With no app id, authentication is off (Emulator on loopback): ignore any token rather than
        # trying to validate it against Microsoft's servers.
        auth_header = request.headers.get("Authorization", "") if self._app_id else ""
        try:
            response: InvokeResponse | None = await self._adapter.process_activity(
                auth_header, activity, self._bot.on_turn
            )
        except (PermissionError, jwt.PyJWTError):
            return _error(401, "the request is not authorised")
        except Exception:
            log.exception("Teams activity %s could not be processed", activity.type)
            return _error(500, "the activity could not be processed")
        if response is not None:
            return web.json_response(data=serializer_helper(response.body), status=response.status)
        return web.Response(status=201)


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


def _activity_problem(body: Any) -> str | None:
    if not isinstance(body, dict):
        return "an activity must be a JSON object"
    if not isinstance(body.get("type"), str) or not body["type"]:
        return "the activity has no type"
    url = body.get("serviceUrl")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        return "the activity has no serviceUrl"
    conversation = body.get("conversation")
    if (
        not isinstance(conversation, dict)
        or not isinstance(conversation.get("id"), str)
        or not conversation["id"]
    ):
        return "the activity has no conversation id"
    for key in ("from", "recipient"):
        if key in body and not isinstance(body[key], dict):
            return f"the activity's {key!r} must be an object"
    if body["type"] == ActivityTypes.message and not isinstance(body.get("from"), dict):
        return "a message activity needs 'from'"
    if "entities" in body and not (
        isinstance(body["entities"], list)
        and all(isinstance(e, dict) and isinstance(e.get("type"), str) for e in body["entities"])
    ):
        return "the activity's entities are malformed"
    return None


@dataclass
class TeamsApp:
    """The Teams adapter, built once by the composition root."""

    adapter: CloudAdapter
    bot: TeamsBot
    sender: TeamsSender
    endpoint: TeamsEndpoint

    def mount(self, app: web.Application) -> None:
        app.router.add_post("/api/messages", self.endpoint.handle)


def build_teams(
    settings: Settings, handle: Handle, conversations: ConversationStore, clock: Clock
) -> TeamsApp:
    """The CloudAdapter with configuration-based authentication, the bot, its sender and endpoint."""
    adapter = CloudAdapter(LupbotBotFrameworkAuthentication(settings))

    async def on_error(turn_context: TurnContext, error: Exception) -> None:
        log.error("Teams turn failed: %s", error, exc_info=error)

    adapter.on_turn_error = on_error
    sender = TeamsSender(adapter, conversations, clock, settings.microsoft_app_id)
    bot = TeamsBot(handle, conversations, clock, sender=sender)
    endpoint = TeamsEndpoint(
        adapter, bot, app_id=settings.microsoft_app_id, loopback=settings.host_is_loopback
    )
    return TeamsApp(adapter=adapter, bot=bot, sender=sender, endpoint=endpoint)
