"""Splitting `[meg|#kanal] "<tekst>" <når> [--påminn 7d,1d]` into its parts (no time reading here)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

_OFFSET_FLAG = re.compile(r"(?:^|\s)(?:--|—|–|-)\s*(?:påminn|paminn|remind)(?:\s*=\s*|\s+)(\S*)", re.IGNORECASE)
_OFFSET = re.compile(r"^(\d+)\s*(d|dag|dager|days?|t|h|timer?|hours?|m|min|minutt(?:er)?|minutes?|u|w|uker?|weeks?)?$")
_OFFSET_UNITS = {"d": 86400, "t": 3600, "h": 3600, "m": 60, "u": 604800, "w": 604800}
_SLACK_CHANNEL = re.compile(r"^<#([A-Z0-9]+)(?:\|([^>]*))?>")
_HASH_CHANNEL = re.compile(r"^#([\w\-æøåÆØÅ.]+)")
# People also name the channel last: `samling "Samling 3" 15. januar kl 10 i #nettverk`.
_TRAILING_CHANNEL = re.compile(
    r"(?:^|\s+)(?:(?:i|in|til|to|på|on)\s+)?(?:<#([A-Z0-9]+)(?:\|([^>]*))?>|#([\w\-æøåÆØÅ]+(?:\.[\w\-æøåÆØÅ]+)*))"
    r"[.!]?\s*$",
    re.IGNORECASE,
)
_ME = re.compile(r"^(meg|me|myself)\b", re.IGNORECASE)
_QUOTES = {'"': '"', "“": "”", "”": "”", "«": "»", "„": "“", "‘": "’"}
_LEADING_FILLER = re.compile(r"^(?:om\s+å|om|å|to|about|that)\s+", re.IGNORECASE)
MAX_OFFSETS = 10
MAX_OFFSET_SECONDS = 366 * 86400


@dataclass(frozen=True)
class Target:
    """Who gets it: the sender (DM), this conversation, or a named channel."""

    kind: Literal["me", "here", "channel"]
    channel_id: str | None = None  # Slack channel id when the platform sent one
    label: str | None = None  # "#kanal" as shown to people


@dataclass(frozen=True)
class Parts:
    """The pieces of a reminder command; `title` is None when no quoted text was found."""

    target: Target
    title: str | None
    when_text: str
    offsets: tuple[int, ...] | None  # None: the kind's defaults
    explicit_target: bool


@dataclass(frozen=True)
class ArgsError:
    """Why the arguments could not be split; `key` names a text in reminder_texts."""

    key: str
    text: str = ""


def parse_offsets(text: str) -> tuple[int, ...] | None:
    """`7d,1d,2h` → seconds, largest first; None when any part is not an offset."""
    parts = [p.strip().lower() for p in re.split(r"[,;]|\s+og\s+|\s+and\s+", text) if p.strip()]
    if not parts or len(parts) > MAX_OFFSETS:
        return None
    seconds: set[int] = set()
    for part in parts:
        m = _OFFSET.match(part)
        if m is None:
            return None
        amount, unit = int(m.group(1)), (m.group(2) or "")
        if not unit and amount:
            return None  # "2" alone: two what?
        value = amount * _OFFSET_UNITS[unit[0]] if unit else 0
        if value > MAX_OFFSET_SECONDS:
            return None
        seconds.add(value)
    return tuple(sorted(seconds, reverse=True))


def split_args(args: str, *, allow_me: bool) -> Parts | ArgsError:
    """Split a command's arguments; the time text is left for the time reader."""
    text = args.strip()
    offsets: tuple[int, ...] | None = None
    flag = _OFFSET_FLAG.search(text)
    if flag:
        offsets = parse_offsets(flag.group(1))
        if offsets is None:
            return ArgsError("error.bad_offsets", flag.group(1))
        text = (text[: flag.start()] + " " + text[flag.end() :]).strip()

    target = Target("here")
    explicit = False
    if m := _SLACK_CHANNEL.match(text):
        target = Target("channel", m.group(1), "#" + (m.group(2) or m.group(1)))
        text, explicit = text[m.end() :].strip(), True
    elif m := _HASH_CHANNEL.match(text):
        target = Target("channel", None, "#" + m.group(1))
        text, explicit = text[m.end() :].strip(), True
    elif allow_me and (m := _ME.match(text)):
        target = Target("me")
        text, explicit = text[m.end() :].strip(), True
    if not explicit and (m := _TRAILING_CHANNEL.search(text)) and not _inside_quotes(text, m.start()):
        if m.group(1):
            target = Target("channel", m.group(1), "#" + (m.group(2) or m.group(1)))
        else:
            target = Target("channel", None, "#" + m.group(3))
        text, explicit = text[: m.start()].strip(), True

    span = _quote_span(text)
    if span is None:
        return Parts(target, None, text, offsets, explicit)
    opening, closing = span
    if closing < 0:
        return ArgsError("error.unclosed_quote")
    title = text[opening + 1 : closing].strip()
    before = text[:opening].strip()
    when_text = (before + " " + text[closing + 1 :]).strip() if before else text[closing + 1 :].strip()
    return Parts(target, title, when_text, offsets, explicit)


def _quote_span(text: str) -> tuple[int, int] | None:
    """Where the quoted title opens and closes (closing -1 when it never does); None without quotes."""
    opening = next((i for i, ch in enumerate(text) if ch in _QUOTES), None)
    if opening is None:
        return None
    closer = _QUOTES[text[opening]]
    closing = text.find(closer, opening + 1)
    if closing < 0 and closer != '"':
        closing = text.find('"', opening + 1)  # «…" and “…" are typed too
    return opening, closing


def _inside_quotes(text: str, position: int) -> bool:
    """True when `position` lies within a quoted title (a `#3` in the title is not a channel)."""
    span = _quote_span(text)
    if span is None or span[0] > position:
        return False
    return span[1] < 0 or span[1] > position


def without_me(text: str) -> str:
    """`meg i morgen kl 10 …` → `i morgen kl 10 …`: the text after a leading "meg"/"me"."""
    return _ME.sub("", text, count=1).strip()


def strip_filler(title: str) -> str:
    """`om å ringe Per` → `ringe Per`: what people put between "påminn meg" and the task."""
    return _LEADING_FILLER.sub("", title).strip()
