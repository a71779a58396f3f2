"""The seam between platforms and conversation logic: what comes in, what goes out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

Lang = Literal["nb", "en"]


@dataclass(frozen=True)
class Message:
    """One incoming message or button press, from any platform."""

    platform: str  # "slack" | "teams" | "console"
    workspace: str  # Slack team id / Teams tenant id / "local"
    channel: str
    thread: str | None  # thread the conversation lives in (None: top level / DM)
    user: str
    text: str  # what was typed, or the value of a pressed button
    action: str | None = None  # e.g. "checklist.done" when a button was pressed
    user_is_admin: bool = False  # set by adapters that know workspace roles (Slack admins/owners)
    is_direct: bool = False  # a one-to-one conversation with the bot
    message_id: str | None = None  # platform id of this message (Slack ts, Teams activity id)
    permalink: str | None = None  # link back to the original message, where the platform has one
    summoned: bool = False  # the bot was called by name or command (@lupbot, /lup): empty text asks for help


@dataclass(frozen=True)
class Button:
    """A choice under a reply; adapters render it natively and send `value` back with `action`."""

    label: str
    action: str
    value: str
    style: Literal["primary", "danger"] | None = None


@dataclass(frozen=True)
class Attachment:
    """A file sent with a reply (e.g. a gathering as an .ics calendar file)."""

    filename: str
    content: bytes
    mime_type: str = "application/octet-stream"


@dataclass(frozen=True)
class Reply:
    """What goes out; plain text with light markdown (`*bold*`, `[text](url)`), escaped by adapters."""

    text: str
    buttons: tuple[Button, ...] = ()
    in_thread: bool = False
    replace_original: bool = False  # update the message whose button was pressed, instead of posting
    channel: str | None = None  # post elsewhere in the same workspace (e.g. escalation channel)
    lang: Lang = "nb"
    files: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class Destination:
    """Where a proactive message (a reminder) goes."""

    platform: str
    workspace: str
    channel: str
    thread: str | None = None
    user: str | None = None  # set: deliver as a direct message to this user instead


class SendError(Exception):
    """A platform refused or failed a send; `retry_after` is the platform's hint in seconds."""

    def __init__(self, message: str, retry_after: float | None = None, permanent: bool = False):
        super().__init__(message)
        self.retry_after = retry_after
        self.permanent = permanent


class Sender(Protocol):
    """Delivers a reply proactively on one platform (used by the reminder dispatcher)."""

    async def send(self, to: Destination, reply: Reply) -> None: ...


@dataclass
class Outbox:
    """Collects replies from several handlers in one turn, in order."""

    replies: list[Reply] = field(default_factory=list)

    def add(self, *replies: Reply) -> None:
        self.replies.extend(replies)
