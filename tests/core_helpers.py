"""Helpers for building the conversation core in tests, with no platform at all."""

from __future__ import annotations

from pathlib import Path

from handlers.messages import Message

FIXTURES = Path(__file__).parent / "fixtures"
KB_CORE = FIXTURES / "kb_core"


def dm(text: str, *, user: str = "U1", action: str | None = None, platform: str = "console") -> Message:
    """A direct message (or a button press when `action` is given)."""
    return Message(platform=platform, workspace="W1", channel="D1", thread=None, user=user, text=text,
                   action=action, is_direct=True)


def channel_message(text: str, *, user: str = "U1", thread: str | None = "111.222", platform: str = "slack") -> Message:
    return Message(platform=platform, workspace="W1", channel="C1", thread=thread, user=user, text=text,
                   message_id="111.222", permalink="https://example.invalid/archives/C1/p111222")
