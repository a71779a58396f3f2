"""Replies out to Slack: in the right conversation and thread, updated in place, or posted elsewhere.

Thread rule: a reply stays in the thread the conversation lives in; with `in_thread` and no
thread yet, it starts one under the user's message (a slash command has none, so its replies stay
at the top level). `replace_original` edits the message whose button was pressed (`chat.update`).
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.slack_connection import SlackConnection
from bot.slack_render import SlackMessage, render
from bot.slack_texts import t
from handlers.messages import Attachment, Button, Destination, Message, Reply, SendError

log = logging.getLogger(__name__)

ESCALATION_ANSWERED = "escalation.answered"  # Slack-only button on escalation posts
# Errors that no retry can fix: the dispatcher should give up on the reminder, not loop.
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "account_inactive",
        "invalid_auth",
        "token_revoked",
        "not_authed",
        "user_not_found",
        "user_disabled",
        "cannot_dm_bot",
        "restricted_action",
        "missing_scope",
        "invalid_blocks",
        "msg_too_long",
        "no_text",
    }
)
# chat.postMessage failures where the slash-command fallback (response_url) can still answer.
CANNOT_POST_HERE = frozenset(
    {"channel_not_found", "not_in_channel", "is_archived", "restricted_action"}
)
_CHANNEL_LINK = re.compile(r"^<#([A-Z0-9]+)(?:\|[^>]*)?>$")


class Pacer:
    """At most one post per `interval` seconds per channel (Slack's chat.postMessage pace)."""

    def __init__(
        self,
        interval: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._interval = interval
        self._monotonic = monotonic
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def wait(self, channel: str) -> None:
        lock = self._locks.setdefault(channel, asyncio.Lock())
        async with lock:
            now = self._monotonic()
            due = self._next.get(channel, now)
            if due > now:
                await self._sleep(due - now)
                now = due
            self._next[channel] = now + self._interval
            if len(self._next) > 10_000:  # forget channels that have gone quiet
                self._next = {c: d for c, d in self._next.items() if d > now}
                self._locks = {
                    c: lk for c, lk in self._locks.items() if c in self._next or lk.locked()
                }


def error_code(exc: SlackApiError) -> str:
    data = getattr(exc.response, "data", None)
    return str(data.get("error", "")) if isinstance(data, dict) else ""


def retry_after(exc: SlackApiError) -> float | None:
    headers = getattr(exc.response, "headers", None) or {}
    for key, value in dict(headers).items():
        if key.lower() == "retry-after":
            try:
                return float(value[0] if isinstance(value, list) else value)
            except (TypeError, ValueError):
                return None
    return None


@dataclass(frozen=True)
class Origin:
    """Where a turn came from, beyond the Message: a slash command's response_url."""

    response_url: str | None = None


class ReplyPoster:
    """Posts the replies of one turn through a bolt-provided client (it carries the workspace token)."""

    def __init__(self, connection: SlackConnection, escalation_channel: str | None) -> None:
        self._connection = connection
        self._escalation = escalation_channel

    async def post(
        self,
        client: AsyncWebClient,
        message: Message,
        replies: Sequence[Reply],
        origin: Origin | None = None,
    ) -> None:
        for reply in replies:
            try:
                await self._post_one(client, message, reply, origin or Origin())
            except SlackApiError as exc:
                log.warning(
                    "slack: could not post a reply in %s: %s",
                    message.channel,
                    error_code(exc) or exc,
                )
            except (TimeoutError, aiohttp.ClientError) as exc:
                log.warning(
                    "slack: Web API unreachable while replying in %s: %s", message.channel, exc
                )

    async def _post_one(
        self, client: AsyncWebClient, message: Message, reply: Reply, origin: Origin
    ) -> None:
        elsewhere = reply.channel
        if elsewhere and elsewhere != message.channel:
            if elsewhere == self._escalation:
                reply = await self._escalation_reply(client, message, reply)
            await post_messages(client, _channel_id(elsewhere), None, render(reply), reply.files)
            return
        if reply.replace_original and message.message_id:
            first, *rest = render(reply)
            await client.chat_update(
                channel=message.channel, ts=message.message_id, text=first.text, blocks=first.blocks
            )
            if rest:
                await post_messages(
                    client, message.channel, message.thread or message.message_id, rest, ()
                )
            return
        # A slash command has no message to thread under: its replies stay at the top level,
        # where `/lup …` is typed again (so a checklist started by command is found by command).
        thread = message.thread or (message.message_id if reply.in_thread else None)
        try:
            await post_messages(client, message.channel, thread, render(reply), reply.files)
        except SlackApiError as exc:
            if origin.response_url and error_code(exc) in CANNOT_POST_HERE:
                await self._respond_privately(origin.response_url, reply)
                return
            raise

    async def _escalation_reply(
        self, client: AsyncWebClient, message: Message, reply: Reply
    ) -> Reply:
        """An escalation post links to the original message and offers an "answered" button."""
        text = reply.text
        if not message.permalink and message.message_id:
            try:
                link = await client.chat_getPermalink(
                    channel=message.channel, message_ts=message.message_id
                )
                permalink = link.get("permalink")
            except SlackApiError as exc:
                log.info("slack: no permalink for %s: %s", message.message_id, error_code(exc))
                permalink = None
            if permalink:
                text += f"\n[{t('escalation.link', reply.lang)}]({permalink})"
        answered = Button(
            t("escalation.answered_button", reply.lang), ESCALATION_ANSWERED, message.user
        )
        return replace(reply, text=text, buttons=(*reply.buttons, answered))

    async def _respond_privately(self, response_url: str, reply: Reply) -> None:
        hook = AsyncWebhookClient(response_url, session=self._connection.session)
        note = t("command.fallback_private", reply.lang)
        for rendered in render(replace(reply, text=f"{reply.text}\n\n_{note}_")):
            await hook.send(text=rendered.text, blocks=rendered.blocks, response_type="ephemeral")


async def upload_files(
    client: AsyncWebClient, channel: str, thread: str | None, files: Sequence[Attachment]
) -> None:
    """Attachments (e.g. a gathering's .ics) as Slack files in the same conversation."""
    if not files:
        return
    uploads = [{"content": f.content, "filename": f.filename, "title": f.filename} for f in files]
    await client.files_upload_v2(file_uploads=uploads, channel=channel, thread_ts=thread)


def _channel_id(channel: str) -> str:
    """A channel id from an id or a `<#C…|name>` reference as Slack writes it in message text."""
    match = _CHANNEL_LINK.match(channel.strip())
    return match.group(1) if match else channel.strip()


async def post_messages(
    client: AsyncWebClient,
    channel: str,
    thread: str | None,
    messages: Sequence[SlackMessage],
    files: Sequence[Attachment],
    *,
    pace: Callable[[str], Awaitable[None]] | None = None,
) -> str | None:
    """Post rendered messages (then files) in order; returns the first message's ts."""
    first_ts: str | None = None
    for rendered in messages:
        if pace is not None:
            await pace(channel)
        response = await client.chat_postMessage(
            channel=channel,
            text=rendered.text,
            blocks=rendered.blocks,
            thread_ts=thread,
            unfurl_links=False,
            unfurl_media=False,
        )
        first_ts = first_ts or response.get("ts")
        if thread is None and first_ts and len(messages) > 1:
            thread = first_ts  # the continuation of a very long message goes in its thread
    await upload_files(client, channel, thread, files)
    return first_ts


class SlackSender:
    """Proactive delivery (reminders): the workspace's token, DMs via conversations.open, paced posts."""

    def __init__(self, connection: SlackConnection, pacer: Pacer | None = None) -> None:
        self._connection = connection
        self._pacer = pacer or Pacer()

    async def send(self, to: Destination, reply: Reply) -> None:
        """Post `reply`; raises SendError (with Slack's Retry-After on a final 429)."""
        try:
            token = await self._connection.bot_token(to.workspace)
        except Exception as exc:  # a database hiccup is worth another try
            raise SendError(f"could not look up the Slack token for {to.workspace}: {exc}") from exc
        if not token:
            raise SendError(
                f"lupbot is not installed in Slack workspace {to.workspace}", permanent=True
            )
        client = self._connection.client(token)
        try:
            channel, thread = _channel_id(to.channel), to.thread
            if to.user:
                opened = await client.conversations_open(users=to.user)
                channel, thread = opened["channel"]["id"], None
            await post_messages(
                client, channel, thread, render(reply), reply.files, pace=self._pacer.wait
            )
        except SlackApiError as exc:
            code = error_code(exc)
            status = getattr(exc.response, "status_code", None)
            if status == 429 or code == "ratelimited":
                raise SendError(
                    f"Slack rate limit ({code or 429})", retry_after=retry_after(exc) or 1.0
                ) from exc
            raise SendError(
                f"Slack refused the post: {code or exc}", permanent=code in PERMANENT_ERRORS
            ) from exc
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise SendError(f"Slack Web API unreachable: {exc}") from exc
