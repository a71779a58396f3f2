"""Who is a facilitator in Slack: workspace admins and owners (users.info, cached) plus LUPBOT_FACILITATORS."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack_outbound import error_code
from handlers.clock import Clock

log = logging.getLogger(__name__)

ROLE_TTL = timedelta(minutes=10)
FAILURE_TTL = timedelta(minutes=1)  # a failed lookup (e.g. missing users:read) is retried soon
MAX_CACHED = 50_000


class SlackRoles:
    """Per-process cache of users.info answers; concurrent lookups for one user share one call."""

    def __init__(
        self, clock: Clock, facilitators: frozenset[str] = frozenset(), ttl: timedelta = ROLE_TTL
    ) -> None:
        self._clock = clock
        self._facilitators = facilitators
        self._ttl = ttl
        self._cache: dict[tuple[str, str], tuple[bool, datetime]] = {}
        self._pending: dict[tuple[str, str], asyncio.Future[bool]] = {}

    async def is_facilitator(self, client: AsyncWebClient, workspace: str, user: str) -> bool:
        """True for listed facilitators and for the workspace's admins, owners and primary owner."""
        if not user or user in self._facilitators:
            return bool(user)
        key = (workspace, user)
        now = self._clock.now()
        cached = self._cache.get(key)
        if cached is not None and cached[1] > now:
            return cached[0]
        pending = self._pending.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._pending[key] = future
        try:
            admin, ttl = await self._lookup(client, user)
            if len(self._cache) >= MAX_CACHED:
                self._cache = {k: v for k, v in self._cache.items() if v[1] > now}
            self._cache[key] = (admin, now + ttl)
            future.set_result(admin)
            return admin
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # consumed here; waiters get it through the shield
            raise
        finally:
            del self._pending[key]

    async def _lookup(self, client: AsyncWebClient, user: str) -> tuple[bool, timedelta]:
        try:
            response = await client.users_info(user=user)
        except SlackApiError as exc:
            log.info("slack: users.info failed for %s: %s", user, error_code(exc) or exc)
            return False, FAILURE_TTL
        except (TimeoutError, aiohttp.ClientError) as exc:
            log.info("slack: users.info unreachable for %s: %s", user, exc)
            return False, FAILURE_TTL
        profile = response.get("user") or {}
        admin = any(profile.get(flag) for flag in ("is_admin", "is_owner", "is_primary_owner"))
        return admin, self._ttl
