"""Calls to the Bot Framework connector: authentication set-up, and retries we control.

The SDK's HTTP layer (msrest on requests/urllib3) would retry some 5xx inside a worker thread,
never 429, and then hide the status code. We switch that off and retry here instead: briefly
in-process when the connector asks for a short wait, otherwise by raising `SendError` with the
connector's Retry-After so the reminder dispatcher tries again later.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import AuthenticateRequestResult, ClaimsIdentity, ConnectorFactory
from msrest.exceptions import ClientRequestError, HttpOperationError
from urllib3.util.retry import Retry

from bot.config import Settings
from handlers.messages import SendError

log = logging.getLogger(__name__)

T = TypeVar("T")

CONNECTOR_TIMEOUT_SECONDS = 20
TRANSIENT_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


class SdkConfiguration:
    """The attribute names the SDK's ConfigurationBotFrameworkAuthentication reads."""

    def __init__(self, settings: Settings) -> None:
        self.APP_ID = settings.microsoft_app_id or ""
        self.APP_PASSWORD = settings.microsoft_app_password or ""
        self.APP_TENANTID = settings.microsoft_app_tenant_id or ""
        # Azure Bot registrations with a tenant id are single-tenant (the only kind Azure now creates).
        self.APP_TYPE = "SingleTenant" if settings.microsoft_app_tenant_id else "MultiTenant"


class _OwnRetriesConnectorFactory(ConnectorFactory):
    """Wraps the SDK's factory so every connector client leaves retrying to us."""

    def __init__(self, inner: ConnectorFactory) -> None:
        self._inner = inner

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        client = await self._inner.create(service_url, audience)
        client.config.retry_policy.policy = Retry(
            total=None, connect=0, read=0, redirect=3, status=0, other=0, raise_on_status=False
        )
        client.config.connection.timeout = CONNECTOR_TIMEOUT_SECONDS
        return client


class LupbotBotFrameworkAuthentication(ConfigurationBotFrameworkAuthentication):
    """The SDK's configuration-based authentication, with our connector retry policy."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(SdkConfiguration(settings))

    async def authenticate_request(
        self, activity: Activity, auth_header: str
    ) -> AuthenticateRequestResult:
        result = await super().authenticate_request(activity, auth_header)
        if result.connector_factory is not None:
            result.connector_factory = _OwnRetriesConnectorFactory(result.connector_factory)
        return result

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        return _OwnRetriesConnectorFactory(super().create_connector_factory(claims_identity))


def _retry_after(headers: Any) -> float | None:
    value = headers.get("Retry-After") if headers is not None else None
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            from datetime import UTC, datetime

            return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
        except (TypeError, ValueError):
            return None


def classify(exc: BaseException) -> SendError | None:
    """A connector failure as a SendError (transient or permanent); None if it is not one."""
    if isinstance(exc, SendError):
        return exc
    if isinstance(exc, HttpOperationError):
        response = exc.response
        status = getattr(response, "status_code", None)
        retry_after = _retry_after(getattr(response, "headers", None))
        if status in TRANSIENT_STATUSES:
            return SendError(f"Teams connector answered {status}", retry_after=retry_after)
        return SendError(f"Teams connector refused the message ({status})", permanent=True)
    if isinstance(exc, ClientRequestError | OSError | asyncio.TimeoutError):
        return SendError(f"Teams connector unreachable: {exc}")
    return None


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry a transient connector failure in-process."""

    attempts: int = 3
    max_wait: float = (
        5.0  # a longer Retry-After is left to the caller (the dispatcher retries later)
    )
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    async def run(self, call: Callable[[], Awaitable[T]]) -> T:
        """Run `call`, retrying transient connector failures that ask for at most `max_wait` seconds."""
        for attempt in range(1, self.attempts + 1):
            try:
                return await call()
            except Exception as exc:
                failure = classify(exc)
                if failure is None:
                    raise
                wait = (
                    failure.retry_after
                    if failure.retry_after is not None
                    else 0.5 * 2 ** (attempt - 1)
                )
                if failure.permanent or attempt >= self.attempts or wait > self.max_wait:
                    raise failure from exc
                log.info(
                    "Teams connector: %s; retrying in %.1fs (attempt %d/%d)",
                    failure,
                    wait,
                    attempt,
                    self.attempts,
                )
                await self.sleep(wait)
        raise SendError("no attempt was made", permanent=True)


DEFAULT_RETRY = RetryPolicy()


async def with_retries(call: Callable[[], Awaitable[T]]) -> T:
    """`call` under the default retry policy."""
    return await DEFAULT_RETRY.run(call)
