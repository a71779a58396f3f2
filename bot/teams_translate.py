"""Bot Framework activities ⇄ lupbot's `Message` and `Reply`, and conversation references for storage."""

from __future__ import annotations

import html
import re
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ActivityTypes, Attachment, ConversationReference

from bot.teams_cards import CARD_CONTENT_TYPE, adaptive_card, summary
from handlers.messages import Lang, Message, Reply
from storage.conversations import PERSONAL, ConversationRef

PLATFORM = "teams"
MAX_ACTION_CHARS = 64
MAX_VALUE_CHARS = 2000

_MESSAGE_ID = re.compile(r";messageid=\d+$", re.IGNORECASE)
_AT_TAG = re.compile(r"<at\b[^>]*>(.*?)</at>", re.IGNORECASE | re.DOTALL)
_ANY_TAG = re.compile(r"</?(?:p|div|span|br|b|i|strong|em)\b[^>]*>", re.IGNORECASE)


def _get(obj: Any, *path: str) -> Any:
    for key in path:
        if obj is None:
            return None
        obj = obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)
    return obj


def tenant_of(activity: Activity) -> str:
    """The Teams tenant (the workspace); the Emulator has none, so its channel id stands in."""
    return (
        _get(activity, "conversation", "tenant_id")
        or _get(activity.channel_data, "tenant", "id")
        or activity.channel_id
        or "unknown"
    )


def conversation_kind(activity: Activity) -> str:
    kind = _get(activity, "conversation", "conversation_type")
    if kind:
        return str(kind)
    # The Emulator sends no type: a conversation that is not a group is a one-to-one chat.
    return "groupChat" if _get(activity, "conversation", "is_group") else PERSONAL


def base_conversation_id(conversation_id: str) -> str:
    """A channel post's conversation id without its reply chain (";messageid=…")."""
    return _MESSAGE_ID.sub("", conversation_id)


def user_key(activity: Activity) -> str:
    """The id handlers see: the AAD object id where Teams gives one (LUPBOT_FACILITATORS uses those)."""
    sender = activity.from_property
    return str(_get(sender, "aad_object_id") or _get(sender, "id") or "unknown")


def language_of(activity: Activity) -> Lang:
    locale = (activity.locale or "").lower()
    return "en" if locale.startswith("en") else "nb"


def _bot_mentions(activity: Activity) -> list[dict[str, Any]]:
    """The properties of each mention entity that mentions the bot itself."""
    bot_id = _get(activity, "recipient", "id")
    mentions = TurnContext.get_mentions(activity) if activity.entities else []
    return [
        props
        for props in (mention.additional_properties or {} for mention in mentions)
        if _get(props, "mentioned", "id") == bot_id
    ]


def incoming_text(activity: Activity) -> str:
    """What the user typed, with the bot's own @mention removed and other mentions as plain names."""
    text = activity.text or ""
    for props in _bot_mentions(activity):
        if isinstance(props.get("text"), str):
            # Remove exactly the mention; the SDK's remove_recipient_mention also deletes every
            # other occurrence of the bot's name ("<at>lupbot</at> what is lupbot?").
            text = text.replace(props["text"], " ", 1)
    text = _AT_TAG.sub(lambda m: m.group(1), text)
    text = _ANY_TAG.sub(" ", text)
    return html.unescape(text).strip()


def mentions_the_bot(activity: Activity) -> bool:
    """True when the message @mentions the bot (how it is called in a channel or group chat)."""
    return bool(_bot_mentions(activity))


def card_press(activity: Activity) -> tuple[str, str] | None:
    """A pressed Action.Submit: its data {"action": …, "value": …} as (action, value)."""
    value = activity.value
    if not isinstance(value, dict):
        return None
    action = value.get("action")
    if not isinstance(action, str) or not action.strip():
        return None
    raw = value.get("value", "")
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raw = ""
    return action.strip()[:MAX_ACTION_CHARS], str(raw)[:MAX_VALUE_CHARS]


def to_message(activity: Activity) -> Message:
    """A message activity (typed text or a card press) as the platform-neutral Message."""
    conversation_id = str(_get(activity, "conversation", "id") or "")
    kind = conversation_kind(activity)
    channel = base_conversation_id(conversation_id) if kind == "channel" else conversation_id
    press = card_press(activity)
    action, text = press if press is not None else (None, incoming_text(activity))
    return Message(
        platform=PLATFORM,
        workspace=tenant_of(activity),
        channel=channel,
        # The reply chain in a channel, the chat itself elsewhere: where a checklist run lives.
        thread=conversation_id or None,
        user=user_key(activity),
        text=text,
        action=action,
        is_direct=kind == PERSONAL,
        message_id=activity.id,
        summoned=press is None and mentions_the_bot(activity),
    )


def stored_reference(activity: Activity) -> ConversationRef | None:
    """The reference to keep for writing into this activity's conversation later (None if unusable)."""
    conversation_id = _get(activity, "conversation", "id")
    if not conversation_id or not activity.service_url:
        return None
    kind = conversation_kind(activity)
    reference = TurnContext.get_conversation_reference(activity)
    reference.activity_id = None
    if kind == "channel":
        # Proactive posts start a new post in the channel, not a reply to whatever was said last.
        reference.conversation.id = base_conversation_id(conversation_id)
    return ConversationRef(
        platform=PLATFORM,
        conversation=str(reference.conversation.id),
        workspace=tenant_of(activity),
        kind=kind,
        service_url=str(activity.service_url),
        reference=reference.serialize(),
        user=user_key(activity) if kind == PERSONAL and activity.from_property else None,
    )


def reference_from(
    stored: ConversationRef, conversation_id: str | None = None
) -> ConversationReference:
    """The SDK's reference from what was stored, optionally aimed at another id (a reply chain)."""
    reference = ConversationReference().deserialize(stored.reference)
    if conversation_id and reference.conversation is not None:
        reference.conversation.id = conversation_id
    reference.activity_id = None
    return reference


def reply_activity(reply: Reply, *, notes: tuple[str, ...] = ()) -> Activity:
    """A reply as a message activity carrying one Adaptive Card."""
    return Activity(
        type=ActivityTypes.message,
        summary=summary(reply),
        attachments=[
            Attachment(content_type=CARD_CONTENT_TYPE, content=adaptive_card(reply, notes=notes))
        ],
    )
