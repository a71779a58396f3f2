"""People by name in Teams replies: handlers speak of users by AAD object id, Teams users by name."""

from __future__ import annotations

import dataclasses
import re

from handlers.messages import Reply
from storage.conversations import ConversationStore

PLATFORM = "teams"
_AAD_OBJECT_ID = re.compile(
    r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"
)


async def with_names(reply: Reply, workspace: str, people: ConversationStore) -> Reply:
    """`reply` with the ids of users Teams has named to us replaced by their display names."""
    ids = set(_AAD_OBJECT_ID.findall(reply.text))
    if not ids:
        return reply
    names = await people.names(PLATFORM, workspace, ids)
    if not names:
        return reply
    text = _AAD_OBJECT_ID.sub(lambda m: names.get(m.group(0), m.group(0)), reply.text)
    return dataclasses.replace(reply, text=text)
