"""The Slack Web API connection shared by the bolt app and the reminder sender.

One aiohttp session, one base URL (`SLACK_API_URL`, so tests reach a local fake), one retry
policy for 429s, and the bot token of each workspace: `SLACK_BOT_TOKEN` for a single
workspace, or the OAuth installations slack_sdk stores in lupbot's own database.
"""

from __future__ import annotations

import json
import logging
from functools import partial

import aiohttp
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from storage.db import Database

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"
RATE_LIMIT_RETRIES = 2
OAUTH_STATE_SECONDS = 600


def slack_configured(settings: Settings) -> bool:
    """Slack is on when requests can be verified (or arrive over Socket Mode) and a token can be found."""
    has_tokens = bool(
        settings.slack_bot_token or (settings.slack_client_id and settings.slack_client_secret)
    )
    has_transport = bool(settings.slack_signing_secret or settings.slack_app_token)
    return has_tokens and has_transport


def slack_setup_problem(settings: Settings) -> str | None:
    """Why Slack stays off although some SLACK_* variables are set (None: nothing half-configured)."""
    if slack_configured(settings):
        return None
    has_tokens = bool(
        settings.slack_bot_token or (settings.slack_client_id and settings.slack_client_secret)
    )
    has_transport = bool(settings.slack_signing_secret or settings.slack_app_token)
    if has_tokens and not has_transport:
        return (
            "Slack is off: set SLACK_SIGNING_SECRET (HTTP events) or SLACK_APP_TOKEN (Socket Mode)"
        )
    if has_transport and not has_tokens:
        return "Slack is off: set SLACK_BOT_TOKEN, or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for OAuth installs"
    if bool(settings.slack_client_id) != bool(settings.slack_client_secret):
        return "Slack OAuth needs both SLACK_CLIENT_ID and SLACK_CLIENT_SECRET"
    return None


def framework_logger(name: str) -> logging.Logger:
    """A logger for slack-bolt or slack_sdk with its level set (from the configured logging).

    Both libraries test `logger.level <= DEBUG` rather than `isEnabledFor`, so a logger left at
    NOTSET has every request and response formatted into a debug line that is then dropped.
    """
    logger = logging.getLogger(name)
    if logger.level == logging.NOTSET:
        logger.setLevel(logger.getEffectiveLevel())
    return logger


def web_api_session() -> aiohttp.ClientSession:
    """The HTTP session for Web API calls: pooled connections, JSON bodies as compact UTF-8.

    slack_sdk sends `json=` bodies through the session's serializer; aiohttp's default escapes
    every non-ASCII letter (æ, ø, å, quotes, emoji) as `\\uXXXX` and pads separators, which
    made a Norwegian answer's Block Kit body larger and slower to encode.
    """
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=200),
        json_serialize=partial(json.dumps, ensure_ascii=False, separators=(",", ":")),
    )


def api_url(settings: Settings) -> str:
    """`SLACK_API_URL` with the trailing slash slack_sdk expects."""
    url = settings.slack_api_url or DEFAULT_API_URL
    return url if url.endswith("/") else url + "/"


class SlackConnection:
    """Web API clients and per-workspace tokens; open it inside the event loop, close it on shutdown."""

    def __init__(self, settings: Settings, db: Database) -> None:
        self.settings = settings
        self.base_url = api_url(settings)
        self.oauth = bool(settings.slack_client_id and settings.slack_client_secret)
        self._session: aiohttp.ClientSession | None = None
        self.installation_store: AsyncSQLAlchemyInstallationStore | None = None
        self.state_store: AsyncSQLAlchemyOAuthStateStore | None = None
        if self.oauth:
            assert settings.slack_client_id
            self.installation_store = AsyncSQLAlchemyInstallationStore(
                settings.slack_client_id, engine=db.engine
            )
            self.state_store = AsyncSQLAlchemyOAuthStateStore(OAUTH_STATE_SECONDS, engine=db.engine)

    async def open(self) -> None:
        """Create the shared HTTP session and, with OAuth, slack_sdk's tables in lupbot's database."""
        self._session = web_api_session()
        if self.installation_store is not None and self.state_store is not None:
            await self.installation_store.create_tables()
            await self.state_store.create_tables()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            raise RuntimeError("SlackConnection.open() was not awaited")
        return self._session

    def retry_handlers(self) -> list[AsyncRetryHandler]:
        return [AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)]

    def client(self, token: str | None = None) -> AsyncWebClient:
        """A Web API client on the shared session; `token` defaults to the single-workspace token."""
        return AsyncWebClient(
            token=token
            if token is not None
            else (None if self.oauth else self.settings.slack_bot_token),
            base_url=self.base_url,
            session=self.session,
            retry_handlers=self.retry_handlers(),
            logger=framework_logger("lupbot.slack.web"),
        )

    async def bot_token(self, workspace: str) -> str | None:
        """The bot token for a workspace (team id), or None when the app is not installed there."""
        if self.installation_store is None:
            return self.settings.slack_bot_token
        # Workspace installs only: an Enterprise Grid org-wide install is stored under its
        # enterprise id, which a reminder's destination (a team id) does not carry.
        bot = await self.installation_store.async_find_bot(enterprise_id=None, team_id=workspace)
        return bot.bot_token if bot is not None else None
