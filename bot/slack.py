"""The Slack adapter: a slack-bolt AsyncApp that turns Slack payloads into `Message`s and replies back.

Mounted on the one aiohttp application (`POST /slack/events` for events, interactivity and the
`/lup` slash command; `/slack/install` and `/slack/oauth_redirect` with OAuth), or connected over
Socket Mode when `SLACK_APP_TOKEN` is set. Every request is acknowledged first (bolt acks events
before the listener runs; actions, commands and views call `ack()` as their first step) and
answered afterwards, so Slack's 3-second limit holds whatever the handlers do.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Mapping
from dataclasses import replace
from datetime import timedelta
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.composition import Services
from bot.slack_connection import SlackConnection, framework_logger
from bot.slack_home import (
    MAX_ITEMS,
    NEW_GATHERING_ACTION,
    HomeContent,
    checklist_line,
    event_line,
    home_view,
)
from bot.slack_inbound import (
    from_button,
    from_direct_message,
    from_mention,
    from_slash_command,
    is_from_a_person,
    team_of,
)
from bot.slack_modal import CALLBACK_ID, SHORTCUT_ID, Submission, gathering_view, parse_submission
from bot.slack_outbound import ESCALATION_ANSWERED, Origin, ReplyPoster, error_code
from bot.slack_render import escape
from bot.slack_roles import SlackRoles
from bot.slack_texts import t
from handlers.messages import Lang, Message
from storage.slack_state import SlackEventStore

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
BOT_SCOPES = (
    "app_mentions:read",
    "channels:read",
    "chat:write",
    "commands",
    "files:write",
    "groups:read",
    "im:history",
    "im:read",
    "im:write",
    "users:read",
)
SLASH_COMMAND = "/lup"
# `/lup samling` (or gathering/frist/deadline) with nothing after it opens the modal.
_MODAL_WORDS = {
    "samling": "gathering",
    "gathering": "gathering",
    "frist": "deadline",
    "deadline": "deadline",
}
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
LEDGER_KEEP = timedelta(days=1)
PRUNE_EVERY = 1000
MAX_IN_FLIGHT = 32


class SlackAdapter:
    """Builds the bolt app for lupbot's services and connects it to aiohttp or Socket Mode."""

    def __init__(self, services: Services, connection: SlackConnection) -> None:
        settings = services.settings
        self._services = services
        self._connection = connection
        self._ledger = SlackEventStore(services.db)
        self._claims = 0
        self._roles = SlackRoles(services.clock, settings.facilitators)
        self._poster = ReplyPoster(connection, settings.escalation_channel)
        self._socket: AsyncSocketModeHandler | None = None
        # Turns answered at once; the rest wait their turn (cheaply) so the event loop stays free
        # to acknowledge new requests quickly instead of juggling hundreds of half-done turns.
        # Enough of them that, while some wait for a group commit, others keep the CPU busy.
        self._in_flight = asyncio.Semaphore(MAX_IN_FLIGHT)
        self.bolt = self._build_bolt()
        self._register()

    # ------------------------------------------------------------------ wiring

    def _build_bolt(self) -> AsyncApp:
        settings, connection = self._services.settings, self._connection
        client = connection.client()
        common: dict[str, Any] = {
            "name": "lupbot",
            "logger": framework_logger("lupbot.slack.bolt"),
            "signing_secret": settings.slack_signing_secret,
            "request_verification_enabled": settings.slack_signing_secret is not None,
            "client": client,
        }
        if connection.installation_store is None:
            return AsyncApp(**common)
        assert settings.slack_client_id and settings.slack_client_secret
        oauth = AsyncOAuthSettings(
            client_id=settings.slack_client_id,
            client_secret=settings.slack_client_secret,
            scopes=list(BOT_SCOPES),
            install_path=INSTALL_PATH,
            redirect_uri_path=REDIRECT_PATH,
            installation_store=connection.installation_store,
            installation_store_bot_only=True,
            state_store=connection.state_store,
        )
        authorize = AsyncInstallationStoreAuthorize(
            installation_store=connection.installation_store,
            client_id=settings.slack_client_id,
            client_secret=settings.slack_client_secret,
            logger=framework_logger("lupbot.slack.authorize"),
            bot_only=True,
            cache_enabled=True,  # one auth.test per token per process, not per request
            client=client,
        )
        return AsyncApp(
            **common,
            oauth_settings=oauth,
            authorize=authorize,  # type: ignore[arg-type]  # bolt accepts an AsyncAuthorize instance too
            installation_store_bot_only=True,
        )

    def _register(self) -> None:
        app = self.bolt
        app.event("message")(self._on_message)
        app.event("app_mention")(self._on_mention)
        app.event("app_home_opened")(self._on_home_opened)
        app.event(re.compile(r".*"))(self._on_other_event)
        app.command(SLASH_COMMAND)(self._on_command)
        app.shortcut(SHORTCUT_ID)(self._on_shortcut)
        app.view(CALLBACK_ID)(self._on_submission)
        app.action(re.compile(r".+"))(self._on_action)

    def mount(self, web_app: web.Application) -> None:
        """Add the Slack routes to the one aiohttp app, and Socket Mode to its start-up and shutdown."""
        if self._services.settings.slack_signing_secret:
            web_app.router.add_post(EVENTS_PATH, self._handle_http)
            flow = self.bolt.oauth_flow
            if flow is not None:
                web_app.router.add_get(INSTALL_PATH, self._handle_install)
                web_app.router.add_get(REDIRECT_PATH, self._handle_oauth_redirect)
        if self._services.settings.slack_app_token:
            web_app.on_startup.append(self._start_socket_mode)
            web_app.on_cleanup.append(self._stop_socket_mode)
        modes = [f"POST {EVENTS_PATH}"] if self._services.settings.slack_signing_secret else []
        if self.bolt.oauth_flow is not None and modes:
            modes.append(f"OAuth install at GET {INSTALL_PATH}")
        if self._services.settings.slack_app_token:
            modes.append("Socket Mode")
        log.info("slack: on (%s), Web API at %s", ", ".join(modes), self._connection.base_url)

    async def _handle_http(self, request: web.Request) -> web.Response:
        response = await self.bolt.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(response)

    async def _handle_install(self, request: web.Request) -> web.Response:
        assert self.bolt.oauth_flow is not None
        return await to_aiohttp_response(
            await self.bolt.oauth_flow.handle_installation(await to_bolt_request(request))
        )

    async def _handle_oauth_redirect(self, request: web.Request) -> web.Response:
        assert self.bolt.oauth_flow is not None
        return await to_aiohttp_response(
            await self.bolt.oauth_flow.handle_callback(await to_bolt_request(request))
        )

    async def _start_socket_mode(self, _app: web.Application) -> None:
        self._socket = AsyncSocketModeHandler(self.bolt, self._services.settings.slack_app_token)
        await self._socket.connect_async()
        log.info("slack: connected over Socket Mode")

    async def _stop_socket_mode(self, _app: web.Application) -> None:
        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None

    # ------------------------------------------------------------------ events

    async def _first_delivery(self, body: Mapping[str, Any]) -> bool:
        """Claim the event id; False for a redelivery another request (or instance) already took."""
        event_id = str(body.get("event_id") or "")
        if not event_id:
            return True
        now = self._services.clock.now()
        first = await self._ledger.claim(event_id, team_of(body), now)
        self._claims += 1
        if self._claims % PRUNE_EVERY == 0:
            await self._ledger.prune(now - LEDGER_KEEP)
        if not first:
            log.info("slack: event %s already handled; redelivery ignored", event_id)
        return first

    async def _on_message(
        self, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        if event.get("channel_type") != "im" or not is_from_a_person(event):
            return
        if not await self._first_delivery(body):
            return
        await self._answer(client, from_direct_message(body, event))

    async def _on_mention(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        client: AsyncWebClient,
        context: dict[str, Any],
    ) -> None:
        if str(event.get("channel", "")).startswith("D") or not is_from_a_person(event):
            return  # in a DM the message.im event is the one answered
        if not await self._first_delivery(body):
            return
        await self._answer(client, from_mention(body, event, context.get("bot_user_id")))

    async def _on_home_opened(
        self, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        if not await self._first_delivery(body):
            return
        workspace, user = team_of(body), str(event["user"])
        lang = await self._lang(workspace, user)
        content = await self._home_content(client, workspace, user, lang)
        await client.views_publish(user_id=user, view=home_view(lang, content))

    async def _on_other_event(self) -> None:
        """Events lupbot does not act on are still acknowledged (bolt acks before listeners run)."""

    async def _answer(
        self, client: AsyncWebClient, message: Message, origin: Origin | None = None
    ) -> None:
        async with self._in_flight:
            facilitator = await self._roles.is_facilitator(client, message.workspace, message.user)
            if facilitator != message.user_is_admin:
                message = replace(message, user_is_admin=facilitator)
            replies = await self._services.router.handle(message)
            await self._poster.post(client, message, replies, origin)

    # ------------------------------------------------------------------ interactivity

    async def _on_action(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        action_id = str(action.get("action_id") or "")
        if action_id == ESCALATION_ANSWERED:
            await self._mark_answered(body, client)
            return
        if action_id == NEW_GATHERING_ACTION:
            await self._open_modal(client, body, "gathering", None)
            return
        if action.get("type") not in ("button", None) or body.get("type") != "block_actions":
            return  # modal inputs (pickers) report their changes here too; the submission counts
        if not body.get("container", {}).get("message_ts") and not body.get("message"):
            return  # a button outside a message (e.g. App Home) that lupbot does not own
        await self._answer(client, from_button(body, action))

    async def _mark_answered(self, body: Mapping[str, Any], client: AsyncWebClient) -> None:
        """Replace an escalation post's button with who answered it."""
        posted = body.get("message") or {}
        channel = str((body.get("channel") or {}).get("id") or "")
        user = str((body.get("user") or {}).get("id") or "")
        lang = await self._lang(team_of(body), user)
        kept = [b for b in posted.get("blocks") or [] if b.get("type") == "section"]
        who = f"<@{user}>" if _USER_ID.match(user) else escape(user)
        done = t("escalation.answered_by", lang, user=who)
        blocks = [*kept, {"type": "context", "elements": [{"type": "mrkdwn", "text": done}]}]
        await client.chat_update(
            channel=channel, ts=str(posted.get("ts") or ""), text=done, blocks=blocks
        )

    async def _on_command(
        self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        text = str(body.get("text") or "").strip()
        kind = _MODAL_WORDS.get(text.lower())
        if kind is not None:
            await self._open_modal(client, body, kind, str(body.get("channel_id") or "") or None)
            return
        await self._answer(
            client, from_slash_command(body), Origin(response_url=body.get("response_url"))
        )

    async def _on_shortcut(
        self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        await self._open_modal(client, body, "gathering", None)

    async def _open_modal(
        self, client: AsyncWebClient, body: Mapping[str, Any], kind: str, channel: str | None
    ) -> None:
        user = str(body.get("user_id") or (body.get("user") or {}).get("id") or "")
        lang = await self._lang(team_of(body), user)
        try:
            await client.views_open(
                trigger_id=body.get("trigger_id"), view=gathering_view(lang, kind, channel)
            )
        except SlackApiError as exc:  # trigger ids expire after 3 s; nothing else to do but log
            log.warning("slack: could not open the gathering modal: %s", error_code(exc) or exc)

    async def _on_submission(
        self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        parsed = parse_submission(body)
        if not isinstance(parsed, Submission):
            await ack(response_action="errors", errors=parsed)
            return
        await ack()
        user = body.get("user") or {}
        message = Message(
            platform="slack",
            workspace=team_of(body),
            channel=parsed.channel,
            thread=None,
            user=str(user.get("id") or ""),
            text=parsed.command,
            is_direct=False,
        )
        await self._answer(client, message, Origin(response_url=parsed.response_url))

    # ------------------------------------------------------------------ helpers

    async def _lang(self, workspace: str, user: str) -> Lang:
        try:
            stored = await self._services.preferences.language("slack", workspace, user)
        except Exception:  # a preference is a nicety; never fail a request over it
            log.exception("slack: could not read the language preference")
            stored = None
        return "en" if stored == "en" else "nb"

    async def _home_content(
        self, client: AsyncWebClient, workspace: str, user: str, lang: Lang
    ) -> HomeContent:
        """Each part is read on its own: one that fails shows as unavailable, the rest still show."""
        facilitator = await self._roles.is_facilitator(client, workspace, user)
        checklists, reminders, gatherings = await asyncio.gather(
            self._home_part("checklists", self._home_checklists(client, workspace, user, lang)),
            self._home_part("reminders", self._home_reminders(workspace, user, lang)),
            self._home_part("gatherings", self._home_gatherings(client, workspace, user, lang)),
        )
        return HomeContent(checklists, reminders, gatherings, can_create_gatherings=facilitator)

    @staticmethod
    async def _home_part(name: str, lines: Awaitable[list[str]]) -> list[str] | None:
        try:
            return await lines
        except Exception:
            log.exception("slack: App Home could not read %s", name)
            return None

    async def _home_checklists(
        self, client: AsyncWebClient, workspace: str, user: str, lang: Lang
    ) -> list[str]:
        runs = (await self._services.checklist_runs.active_runs_for_user("slack", workspace, user))[
            :MAX_ITEMS
        ]

        async def permalink(channel: str, thread: str) -> str | None:
            if not thread:
                return None
            try:
                return (await client.chat_getPermalink(channel=channel, message_ts=thread)).get(
                    "permalink"
                )
            except SlackApiError:
                return None

        links = await asyncio.gather(*(permalink(r.channel, r.thread) for r in runs))
        return [checklist_line(run, lang, link) for run, link in zip(runs, links, strict=True)]

    async def _home_reminders(self, workspace: str, user: str, lang: Lang) -> list[str]:
        store, now = self._services.reminders, self._services.clock.now()
        if store is None:
            return []
        events = await store.list_events(
            "slack", workspace, now, kinds=("reminder",), owner=user, limit=MAX_ITEMS
        )
        return [event_line(e, lang, self._services.settings.zone, now) for e in events]

    async def _home_gatherings(
        self, client: AsyncWebClient, workspace: str, user: str, lang: Lang
    ) -> list[str]:
        store, now = self._services.reminders, self._services.clock.now()
        if store is None:
            return []
        member_of = await client.users_conversations(
            user=user, types="public_channel,private_channel", exclude_archived=True, limit=999
        )
        channels = {c.get("id") for c in member_of.get("channels") or []}
        events = await store.list_events(
            "slack", workspace, now, kinds=("gathering", "deadline"), limit=200
        )
        mine = [e for e in events if e.target_channel in channels and not e.personal][:MAX_ITEMS]
        return [event_line(e, lang, self._services.settings.zone, now) for e in mine]
