"""Slack payloads (events, button presses, slash commands) as platform-neutral `Message`s."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from handlers.messages import Message

# Message subtypes that are a person writing; everything else (edits, joins, bots) is ignored.
_PERSON_SUBTYPES = frozenset({None, "", "file_share", "thread_broadcast"})

Payload = Mapping[str, Any]

# A link as Slack sends it: `<https://doffin.no|Doffin>`, `<mailto:a@b.no|a@b.no>`, `<http://x.no>`.
_LINK = re.compile(r"<((?:https?|mailto|tel|ftp):[^|>\s]*)(?:\|([^>]*))?>")


def is_from_a_person(event: Payload) -> bool:
    """False for bots (our own replies included), edits, deletions and channel joins."""
    if event.get("bot_id") or event.get("bot_profile") or event.get("app_id"):
        return False
    return event.get("subtype") in _PERSON_SUBTYPES and bool(event.get("user"))


def plain_text(text: str) -> str:
    """Slack's message format as typed: links to their label (or address), `&amp;` `&lt;` `&gt;` back
    to `& < >`. Mentions and channel links stay in Slack's syntax for the core to read or defuse."""
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def strip_mention(text: str, bot_user_id: str | None) -> str:
    """The mention text without the bot's own `<@U…>` (other mentions stay, to be escaped on echo)."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    else:  # unknown bot id: drop a leading mention, which is how app_mention text starts
        text = re.sub(r"^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def team_of(body: Payload) -> str:
    """The workspace (team) id of any payload shape."""
    team = body.get("team_id") or body.get("team") or (body.get("user") or {}).get("team_id")
    if isinstance(team, Mapping):
        team = team.get("id")
    return str(team or (body.get("event") or {}).get("team") or "")


def from_direct_message(body: Payload, event: Payload) -> Message:
    """A `message.im` event: the conversation is the DM, answered at the top level."""
    return Message(
        platform="slack",
        workspace=team_of(body),
        channel=str(event.get("channel", "")),
        thread=event.get("thread_ts"),
        user=str(event.get("user", "")),
        text=plain_text(str(event.get("text") or "")),
        is_direct=True,
        message_id=event.get("ts"),
    )


def from_mention(body: Payload, event: Payload, bot_user_id: str | None) -> Message:
    """An `app_mention`: answered in a thread, the mention's own thread or one started under it."""
    return Message(
        platform="slack",
        workspace=team_of(body),
        channel=str(event.get("channel", "")),
        thread=event.get("thread_ts") or event.get("ts"),
        user=str(event.get("user", "")),
        text=plain_text(strip_mention(str(event.get("text") or ""), bot_user_id)),
        is_direct=str(event.get("channel", "")).startswith("D"),
        message_id=event.get("ts"),
        summoned=True,
    )


def from_button(body: Payload, action: Payload) -> Message:
    """A `block_actions` button press: `action_id` becomes the action, its value the text."""
    container = body.get("container") or {}
    posted = body.get("message") or {}
    channel = str((body.get("channel") or {}).get("id") or container.get("channel_id") or "")
    message_ts = container.get("message_ts") or posted.get("ts")
    thread = posted.get("thread_ts") or container.get("thread_ts")
    return Message(
        platform="slack",
        workspace=team_of(body),
        channel=channel,
        thread=thread,
        user=str((body.get("user") or {}).get("id", "")),
        text=str(action.get("value") or ""),
        action=str(action.get("action_id") or ""),
        is_direct=channel.startswith("D"),
        message_id=message_ts,
    )


def from_slash_command(body: Payload) -> Message:
    """`/lup <text>`: handled like a DM, in the conversation the command was typed in."""
    channel = str(body.get("channel_id", ""))
    return Message(
        platform="slack",
        workspace=team_of(body),
        channel=channel,
        thread=None,
        user=str(body.get("user_id", "")),
        text=plain_text(str(body.get("text") or "")),
        is_direct=channel.startswith("D") or body.get("channel_name") == "directmessage",
        summoned=True,
    )
