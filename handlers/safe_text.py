"""Making user text safe to echo back: no live mentions, no control characters, bounded length."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Slack's special syntax: <!channel>, <!here>, <!everyone>, <!subteam^…>, <@U…>, <#C…>, <url|text>.
_ANGLE = re.compile(r"<([!@#][^>]*)>")
_BROADCAST = re.compile(r"(?<![\w])@(channel|here|everyone)\b", re.IGNORECASE)

MAX_INPUT_CHARS = 4000


def clean_input(text: str) -> str:
    """Normalise what a user typed: Unicode NFC, no control characters, collapsed whitespace."""
    text = unicodedata.normalize("NFC", text or "")
    text = _CONTROL.sub(" ", text)
    return re.sub(r"[ \t\r\f\v]+", " ", text).strip()


def without_markup(text: str) -> str:
    """User text with mentions and broadcasts removed and links reduced to their label.

    They address people, not the question: `<!channel> what is market dialogue <@U123>` asks
    what market dialogue is.
    """
    text = _ANGLE.sub(lambda m: m.group(1).split("|", 1)[1] if "|" in m.group(1) else " ", text)
    text = _BROADCAST.sub(" ", text)
    return clean_input(text)


def echo(text: str, limit: int = 200) -> str:
    """User text as it may appear inside a reply: mentions defused, shortened with an ellipsis."""
    text = clean_input(text).replace("\n", " ")
    text = _ANGLE.sub(lambda m: m.group(1).lstrip("!@#").split("|")[-1], text)
    text = _BROADCAST.sub(lambda m: "@\u200b" + m.group(1), text)
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text
