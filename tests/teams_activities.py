"""Bot Framework activities shaped like the ones Microsoft Teams sends (for the Teams tests)."""

from __future__ import annotations

import itertools
from typing import Any

TENANT = "72f988bf-0000-4000-8000-2d7cd011db47"
BOT_ID = "28:5b4a8d07-bot0-4c1b-8f0b-2f7d4a6f3b11"
BOT_NAME = "lupbot"
KARI = {
    "id": "29:1kari-teams-user-id",
    "name": "Kari Nordmann",
    "aadObjectId": "6f1c2f3e-1111-4c1b-8f0b-2f7d4a6f3b11",
}
OLA = {
    "id": "29:1ola-teams-user-id",
    "name": "Ola Hansen",
    "aadObjectId": "6f1c2f3e-2222-4c1b-8f0b-2f7d4a6f3b22",
}
PERSONAL_CONVERSATION = "a:1personal-conversation-with-kari"
TEAM_CHANNEL = "19:general-channel@thread.tacv2"
GROUP_CHAT = "19:group-chat-id@thread.v2"

_ids = itertools.count(1_700_000_000_001)


def _base(
    service_url: str, conversation: dict[str, Any], sender: dict[str, Any] | None, **extra: Any
) -> dict[str, Any]:
    activity: dict[str, Any] = {
        "id": str(next(_ids)),
        "timestamp": "2026-11-23T13:00:00.000Z",
        "serviceUrl": service_url,
        "channelId": "msteams",
        "conversation": {"tenantId": TENANT, **conversation},
        "recipient": {"id": BOT_ID, "name": BOT_NAME},
        "locale": "nb-NO",
        "channelData": {"tenant": {"id": TENANT}},
    }
    if sender is not None:
        activity["from"] = dict(sender)
    activity.update(extra)
    return activity


def personal_message(
    service_url: str,
    text: str,
    *,
    sender: dict[str, Any] = KARI,
    locale: str = "nb-NO",
    conversation: str = PERSONAL_CONVERSATION,
) -> dict[str, Any]:
    """A message typed in a personal (one-to-one) chat with the bot."""
    return _base(
        service_url,
        {"conversationType": "personal", "id": conversation},
        sender,
        type="message",
        text=text,
        textFormat="plain",
        locale=locale,
        entities=[{"type": "clientInfo", "locale": locale, "country": "NO", "platform": "Web"}],
    )


def channel_mention(
    service_url: str,
    text_after_mention: str,
    *,
    sender: dict[str, Any] = KARI,
    root_id: str | None = None,
) -> dict[str, Any]:
    """A channel post that @mentions the bot, as Teams sends it (the mention as <at> plus an entity)."""
    activity_id = str(next(_ids))
    root = root_id or activity_id
    mention = f"<at>{BOT_NAME}</at>"
    activity = _base(
        service_url,
        {"conversationType": "channel", "isGroup": True, "id": f"{TEAM_CHANNEL};messageid={root}"},
        sender,
        type="message",
        text=f"{mention} {text_after_mention}",
        textFormat="plain",
        entities=[
            {"type": "mention", "text": mention, "mentioned": {"id": BOT_ID, "name": BOT_NAME}},
            {"type": "clientInfo", "locale": "nb-NO", "country": "NO", "platform": "Web"},
        ],
        channelData={
            "tenant": {"id": TENANT},
            "teamsChannelId": TEAM_CHANNEL,
            "teamsTeamId": "19:team-id@thread.tacv2",
            "channel": {"id": TEAM_CHANNEL},
            "team": {"id": "19:team-id@thread.tacv2"},
        },
    )
    activity["id"] = activity_id
    return activity


def card_submit(
    service_url: str,
    action: str,
    value: str,
    *,
    reply_to_id: str,
    sender: dict[str, Any] = KARI,
    conversation: str = PERSONAL_CONVERSATION,
    conversation_type: str = "personal",
) -> dict[str, Any]:
    """An Action.Submit press on one of the bot's cards: the card's data arrives as `value`."""
    return _base(
        service_url,
        {"conversationType": conversation_type, "id": conversation},
        sender,
        type="message",
        replyToId=reply_to_id,
        value={"action": action, "value": value},
    )


def bot_added_to_team(service_url: str) -> dict[str, Any]:
    """conversationUpdate when the app is installed in a team (posted in its General channel)."""
    return _base(
        service_url,
        {"conversationType": "channel", "isGroup": True, "id": TEAM_CHANNEL},
        {"id": "29:1installer", "aadObjectId": "aad-installer"},
        type="conversationUpdate",
        membersAdded=[{"id": BOT_ID}],
        channelData={
            "tenant": {"id": TENANT},
            "team": {"id": TEAM_CHANNEL, "name": "Innovasjon"},
            "eventType": "teamMemberAdded",
        },
    )


def installation_update(
    service_url: str,
    action: str,
    *,
    conversation: str = PERSONAL_CONVERSATION,
    sender: dict[str, Any] = KARI,
) -> dict[str, Any]:
    """installationUpdate (add / remove) for the bot in a personal chat."""
    return _base(
        service_url,
        {"conversationType": "personal", "id": conversation},
        sender,
        type="installationUpdate",
        action=action,
    )


def file_consent(
    service_url: str,
    action: str,
    context: dict[str, Any],
    *,
    upload_url: str,
    reply_to_id: str = "bot-activity-1",
) -> dict[str, Any]:
    """The invoke Teams sends when the user answers a file consent card."""
    value: dict[str, Any] = {"type": "fileUpload", "action": action, "context": context}
    if action == "accept":
        value["uploadInfo"] = {
            "contentUrl": "https://contoso-my.sharepoint.com/personal/kari/Documents/Applications/lupbot/f.ics",
            "name": context.get("filename", "f"),
            "uploadUrl": upload_url,
            "uniqueId": "1150D938-8870-4044-9F2C-5BBDEBA70C9D",
            "fileType": "ics",
        }
    return _base(
        service_url,
        {"conversationType": "personal", "id": PERSONAL_CONVERSATION},
        KARI,
        type="invoke",
        name="fileConsent/invoke",
        value=value,
        replyToId=reply_to_id,
    )
