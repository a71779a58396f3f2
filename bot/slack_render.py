"""A `Reply` as Slack Block Kit: escaped mrkdwn sections plus actions blocks, within Slack's limits.

Escaping comes first, so nothing a user typed can become `<!channel>`, `<!here>`, `<!everyone>`,
`<!subteam^…>` or `<@U…>`: `&`, `<` and `>` are entity-escaped, and only then are the reply's own
`[text](https://…)` links turned into Slack's `<url|text>` form.

Buttons keep their documented `action_id` exactly (`answer.related`, `checklist.done`, …). Slack
wants action ids unique within one actions block, so a button whose action occurs more than once
in the reply gets an actions block (a row) of its own, while buttons with distinct actions share
rows in their order. A press therefore always arrives with the documented id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from handlers.messages import Button, Reply

MAX_SECTION_CHARS = 3000  # a section's mrkdwn text
MAX_BLOCKS = 50  # blocks in one message
MAX_ROW_ELEMENTS = 25  # elements in one actions block
MAX_BUTTON_LABEL = 75
MAX_BUTTON_VALUE = 2000
MAX_FALLBACK_CHARS = (
    3000  # notification / fallback `text`; Slack truncates far later, users read less
)

_LINK = re.compile(r"\[([^\]\n]{1,300})\]\(([^()\s]{1,2000})\)")
_SAFE_SCHEME = re.compile(r"^(?:https?://|mailto:)", re.IGNORECASE)
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$", re.MULTILINE)
_BULLET = re.compile(r"^(\s*)[-*]\s+", re.MULTILINE)

Block = dict[str, Any]


@dataclass(frozen=True)
class SlackMessage:
    """What one chat.postMessage / chat.update sends: fallback text and blocks."""

    text: str
    blocks: list[Block] = field(default_factory=list)


def escape(text: str) -> str:
    """Slack's three control characters as entities: user text can never form `<…>` syntax."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Most replies are an article's answer, the same text each time it is asked for.
@lru_cache(maxsize=1024)
def to_mrkdwn(text: str) -> str:
    """Light markdown (as handlers write it) to escaped Slack mrkdwn."""
    out = escape(text)
    out = _HEADING.sub(lambda m: f"*{m.group(1)}*", out)
    out = _BOLD.sub(lambda m: f"*{m.group(1)}*", out)
    out = _BULLET.sub(lambda m: f"{m.group(1)}• ", out)
    return _LINK.sub(_link, out)


def _link(match: re.Match[str]) -> str:
    label, url = match.group(1), match.group(2)
    # `|` would end the label early; Slack has no escape for it inside a link.
    label = label.replace("|", "¦")
    if _SAFE_SCHEME.match(url) and "|" not in url:
        return f"<{url}|{label}>"
    return label  # internal links (e.g. `lup:slug`) have no place to go in Slack


@lru_cache(maxsize=1024)
def to_plain(text: str) -> str:
    """The fallback `text`: escaped, markdown links flattened, shortened for notifications."""
    out = escape(text)
    out = _BOLD.sub(lambda m: m.group(1), out)
    out = _LINK.sub(lambda m: m.group(1).replace("|", "¦"), out)
    return shorten(out, MAX_FALLBACK_CHARS)


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a safe point, with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: _safe_cut(text, limit - 1)].rstrip() + "…"


def _safe_cut(text: str, limit: int) -> int:
    """A cut position ≤ limit that splits neither an `&…;` entity nor a `<…>` link, preferably at a space."""
    if len(text) <= limit:
        return len(text)
    cut = limit
    # Prefer a paragraph, then a line, then a word boundary in the last fifth of the window.
    floor = max(1, int(limit * 0.8))
    for sep in ("\n\n", "\n", " "):
        at = text.rfind(sep, floor, limit)
        if at > 0:
            cut = at
            break
    opened = text.rfind("<", 0, cut)
    if opened > text.rfind(">", 0, cut):
        cut = opened if opened > 0 else cut
    amp = text.rfind("&", max(0, cut - 6), cut)
    if amp >= 0 and ";" not in text[amp:cut]:
        cut = amp if amp > 0 else cut
    return max(1, cut)


def split_sections(mrkdwn: str, limit: int = MAX_SECTION_CHARS) -> list[str]:
    """Split escaped mrkdwn into chunks that each fit one section block."""
    chunks: list[str] = []
    rest = mrkdwn.strip()
    while rest:
        if len(rest) <= limit:
            chunks.append(rest)
            break
        cut = _safe_cut(rest, limit)
        head, rest = rest[:cut].rstrip(), rest[cut:].lstrip()
        if head:
            chunks.append(head)
    return chunks


def button_element(button: Button) -> Block:
    element: Block = {
        "type": "button",
        "text": {
            "type": "plain_text",
            "text": shorten(button.label, MAX_BUTTON_LABEL) or "·",
            "emoji": True,
        },
        "action_id": button.action,
        "value": button.value[:MAX_BUTTON_VALUE],
    }
    if button.style:
        element["style"] = button.style
    return element


def button_rows(buttons: tuple[Button, ...] | list[Button]) -> list[list[Button]]:
    """Group buttons into rows in which no action id repeats (see the module docstring)."""
    counts: dict[str, int] = {}
    for b in buttons:
        counts[b.action] = counts.get(b.action, 0) + 1
    rows: list[list[Button]] = []
    current: list[Button] = []
    for b in buttons:
        if counts[b.action] > 1:
            if current:
                rows.append(current)
                current = []
            rows.append([b])
            continue
        if len(current) >= MAX_ROW_ELEMENTS:
            rows.append(current)
            current = []
        current.append(b)
    if current:
        rows.append(current)
    return rows


def actions_blocks(buttons: tuple[Button, ...] | list[Button]) -> list[Block]:
    return [
        {"type": "actions", "elements": [button_element(b) for b in row]}
        for row in button_rows(buttons)
    ]


def section(mrkdwn: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn}}


def render(reply: Reply) -> list[SlackMessage]:
    """One or more Slack messages for a reply; buttons go under the last one."""
    sections = [section(chunk) for chunk in split_sections(to_mrkdwn(reply.text))]
    actions = actions_blocks(reply.buttons)[: MAX_BLOCKS - 1]
    fallback = to_plain(reply.text) or " "
    messages: list[SlackMessage] = []
    while len(sections) + len(actions) > MAX_BLOCKS:
        messages.append(SlackMessage(text=fallback, blocks=sections[:MAX_BLOCKS]))
        sections = sections[MAX_BLOCKS:]
    messages.append(SlackMessage(text=fallback, blocks=sections + actions))
    return messages
