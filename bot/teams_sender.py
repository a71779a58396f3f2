"""Proactive Teams messages (reminders, escalations) from the conversation references in the database."""

from __future__ import annotations

import copy
import logging

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import (
    Activity,
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
)
from botframework.connector.aio import ConnectorClient

from bot.teams_connector import DEFAULT_RETRY, RetryPolicy
from bot.teams_names import with_names
from bot.teams_translate import PLATFORM, reference_from, reply_activity
from handlers.clock import Clock
from handlers.messages import Destination, Reply, SendError
from storage.conversations import PERSONAL, ConversationRef, ConversationStore

log = logging.getLogger(__name__)

TEAMS_CHANNEL_ID = "msteams"


class TeamsSender:
    """Delivers a Reply to a Teams channel, chat or user without an incoming message (the `Sender` protocol)."""

    def __init__(
        self,
        adapter: BotAdapter,
        conversations: ConversationStore,
        clock: Clock,
        app_id: str | None,
        *,
        retry: RetryPolicy = DEFAULT_RETRY,
    ) -> None:
        self._adapter = adapter
        self._conversations = conversations
        self._clock = clock
        self._app_id = app_id or None
        self._retry = retry

    async def send(self, to: Destination, reply: Reply) -> None:
        """Post `reply`; raises SendError (with the connector's retry_after) when Teams refuses or fails."""
        activity = reply_activity(await with_names(reply, to.workspace, self._conversations))
        if to.user:
            await self._send_personal(to, activity)
            return
        stored = await self._conversations.get(PLATFORM, to.channel)
        if stored is None or not stored.active:
            raise SendError(f"no Teams conversation reference for {to.channel!r}", permanent=True)
        # A thread in a channel is a reply chain: post into it; otherwise a new post in the conversation.
        thread = to.thread if to.thread and to.thread != to.channel else None
        await self._retry.run(lambda: self._post(reference_from(stored, thread), activity))

    async def post_to_conversation(self, conversation: str, reply: Reply) -> bool:
        """Post into a stored conversation by id (e.g. an escalation channel); False if unknown."""
        stored = await self._conversations.get(PLATFORM, conversation)
        if stored is None or not stored.active:
            return False
        reply = await with_names(reply, stored.workspace, self._conversations)
        await self._retry.run(lambda: self._post(reference_from(stored), reply_activity(reply)))
        return True

    async def _send_personal(self, to: Destination, activity: Activity) -> None:
        assert to.user is not None
        stored = await self._conversations.personal(PLATFORM, to.workspace, to.user)
        if stored is not None:
            await self._retry.run(lambda: self._post(reference_from(stored), activity))
            return
        created = await self._retry.run(lambda: self._create_personal(to))
        await self._retry.run(lambda: self._post(reference_from(created), activity))

    async def _create_personal(self, to: Destination) -> ConversationRef:
        """Open a one-to-one chat with the user (the bot must be installed for them) and remember it."""
        assert to.user is not None
        base = await self._conversations.get(PLATFORM, to.channel)
        if base is None or base.workspace != to.workspace:
            base = await self._conversations.any_in_workspace(PLATFORM, to.workspace)
        if base is None:
            raise SendError(
                f"no Teams conversation known in tenant {to.workspace!r}", permanent=True
            )
        account = await self._conversations.account(PLATFORM, to.workspace, to.user) or to.user
        known = ConversationReference().deserialize(base.reference)
        bot = ChannelAccount(id=known.bot.id, name=known.bot.name) if known.bot else None
        params = ConversationParameters(
            is_group=False,
            bot=bot,
            members=[ChannelAccount(id=account)],
            tenant_id=to.workspace,
            channel_data={"tenant": {"id": to.workspace}},
        )
        conversation_ids: list[str] = []

        async def remember(turn: TurnContext) -> None:
            conversation_ids.append(turn.activity.conversation.id)

        await self._adapter.create_conversation(
            self._app_id, remember, params, known.channel_id or TEAMS_CHANNEL_ID, base.service_url
        )
        if not conversation_ids:
            raise SendError("Teams did not return a conversation id", permanent=True)
        reference = ConversationReference(
            bot=bot,
            user=ChannelAccount(id=account, aad_object_id=to.user),
            conversation=ConversationAccount(
                id=conversation_ids[0], conversation_type=PERSONAL, tenant_id=to.workspace
            ),
            channel_id=known.channel_id or TEAMS_CHANNEL_ID,
            service_url=base.service_url,
        )
        created = ConversationRef(
            platform=PLATFORM,
            conversation=conversation_ids[0],
            workspace=to.workspace,
            kind=PERSONAL,
            service_url=base.service_url,
            reference=reference.serialize(),
            user=to.user,
        )
        await self._conversations.save(created, self._clock.now())
        return created

    async def _post(self, reference: ConversationReference, activity: Activity) -> None:
        """One new message in the referenced conversation (not a reply to any activity)."""
        failures: list[BaseException] = []

        async def deliver(turn: TurnContext) -> None:
            # Errors are carried out by hand: the adapter's on_turn_error would swallow them.
            try:
                connector: ConnectorClient = turn.turn_state[turn.adapter.BOT_CONNECTOR_CLIENT_KEY]
                outgoing = TurnContext.apply_conversation_reference(
                    copy.deepcopy(activity), reference
                )
                outgoing.reply_to_id = None
                await connector.conversations.send_to_conversation(
                    reference.conversation.id, outgoing
                )
            except BaseException as exc:
                failures.append(exc)

        await self._adapter.continue_conversation(reference, deliver, self._app_id)
        if failures:
            raise failures[0]
