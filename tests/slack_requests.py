"""Requests as Slack sends them: signed Events API JSON, interactivity `payload=`, slash-command forms.

Signing follows Slack's documentation: `v0:{timestamp}:{raw body}` HMAC-SHA256 with the signing
secret, sent as `X-Slack-Signature: v0=<hex>` with `X-Slack-Request-Timestamp`.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

from tests.fake_slack import TEAM

SIGNING_SECRET = "test-signing-secret-0123456789abcdef"
_ids = itertools.count(1)


def signature(body: str, timestamp: int, secret: str = SIGNING_SECRET) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    body: str,
    content_type: str,
    *,
    timestamp: int | None = None,
    secret: str = SIGNING_SECRET,
    retry: int | None = None,
) -> dict[str, str]:
    ts = int(time.time()) if timestamp is None else timestamp
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": str(ts),
        "X-Slack-Signature": signature(body, ts, secret),
    }
    if retry is not None:
        headers["X-Slack-Retry-Num"] = str(retry)
        headers["X-Slack-Retry-Reason"] = "http_timeout"
    return headers


def next_ts() -> str:
    n = next(_ids)
    return f"{1_780_000_000 + n}.{n:06d}"


def event_callback(
    event: dict[str, Any], *, team: str = TEAM, event_id: str | None = None
) -> dict[str, Any]:
    """The Events API envelope around one event."""
    return {
        "token": "legacy-verification-token",
        "team_id": team,
        "api_app_id": "A0001",
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{next(_ids):010d}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": team, "user_id": "UBOT0001", "is_bot": True}],
    }


def dm_event(
    text: str, *, user: str = "U1001", channel: str = "D1001", ts: str | None = None, **extra: Any
) -> dict[str, Any]:
    return {
        "type": "message",
        "channel_type": "im",
        "channel": channel,
        "user": user,
        "text": text,
        "ts": ts or next_ts(),
        "event_ts": ts or next_ts(),
        **extra,
    }


def mention_event(
    text: str,
    *,
    user: str = "U1001",
    channel: str = "C2001",
    ts: str | None = None,
    thread_ts: str | None = None,
) -> dict[str, Any]:
    event = {
        "type": "app_mention",
        "channel": channel,
        "user": user,
        "text": text,
        "ts": ts or next_ts(),
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def block_actions(
    action_id: str,
    value: str,
    *,
    user: str = "U1001",
    channel: str = "D1001",
    message_ts: str = "1780000000.000001",
    thread_ts: str | None = None,
    blocks: list[dict[str, Any]] | None = None,
    team: str = TEAM,
) -> dict[str, Any]:
    """A button press on a message, as the interactivity payload."""
    message: dict[str, Any] = {
        "type": "message",
        "ts": message_ts,
        "bot_id": "BBOT0001",
        "text": "…",
        "blocks": blocks or [],
    }
    if thread_ts:
        message["thread_ts"] = thread_ts
    return {
        "type": "block_actions",
        "user": {"id": user, "username": user.lower(), "team_id": team},
        "api_app_id": "A0001",
        "token": "legacy-verification-token",
        "container": {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel,
            "is_ephemeral": False,
        },
        "trigger_id": "trigger-1",
        "team": {"id": team, "domain": "lupbot-test"},
        "channel": {
            "id": channel,
            "name": "directmessage" if channel.startswith("D") else "general",
        },
        "message": message,
        "response_url": "https://hooks.invalid/actions/1",
        "actions": [
            {
                "action_id": action_id,
                "block_id": "b1",
                "text": {"type": "plain_text", "text": "x"},
                "value": value,
                "type": "button",
                "action_ts": str(time.time()),
            }
        ],
    }


def slash_command(
    text: str,
    *,
    user: str = "U1001",
    channel: str = "C2001",
    response_url: str = "",
    team: str = TEAM,
) -> dict[str, str]:
    return {
        "token": "legacy-verification-token",
        "team_id": team,
        "team_domain": "lupbot-test",
        "channel_id": channel,
        "channel_name": "directmessage" if channel.startswith("D") else "general",
        "user_id": user,
        "user_name": user.lower(),
        "command": "/lup",
        "text": text,
        "api_app_id": "A0001",
        "response_url": response_url or "https://hooks.invalid/commands/1",
        "trigger_id": "trigger-2",
    }


def as_json(payload: dict[str, Any]) -> tuple[str, str]:
    return json.dumps(payload), "application/json"


def as_interactivity(payload: dict[str, Any]) -> tuple[str, str]:
    return urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"


def as_form(fields: dict[str, str]) -> tuple[str, str]:
    return urlencode(fields), "application/x-www-form-urlencoded"
