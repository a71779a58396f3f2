"""A `Reply` as a Teams Adaptive Card (schema 1.5): TextBlocks for the text, Action.Submit for buttons.

Plain dicts only, so the rendering is testable without the Bot Framework SDK. Text is escaped
so nothing a user typed becomes a live mention or a link whose text hides where it goes.
"""

from __future__ import annotations

import re
from typing import Any

from handlers.messages import Button, Reply

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"
# Teams shows at most six card-level actions; more go into rows of ActionSets in the body.
MAX_CARD_ACTIONS = 6
ACTIONS_PER_ROW = 5
# Teams refuses messages over ~28 KB; 10 000 characters stay below it even in two-byte UTF-8.
MAX_TEXT_CHARS = 10000
MAX_LABEL_CHARS = 80
MAX_SUMMARY_CHARS = 200

_AT_TAG = re.compile(r"</?\s*at\b[^>]*>", re.IGNORECASE)
_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]*)\)")
_SLACK_BOLD = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")
_WHOLE_BOLD = re.compile(r"^\*{1,2}([^*\n]+)\*{1,2}$")
_STYLES = {"primary": "positive", "danger": "destructive"}


def _link(match: re.Match[str]) -> str:
    label, url = match.group(1).strip(), match.group(2).strip()
    if url.startswith("lup:"):
        return label  # a link between knowledge articles: the buttons under the card lead there
    if not label or label == url:
        return url
    # A link's text can hide where it goes, and link syntax in echoed user text must not work:
    # show both, and let Teams link the visible address.
    return f"{label} ({url})"


def teams_markdown(line: str) -> str:
    """One line of the bot's light markdown as Adaptive Card markdown, with user text defused."""
    line = _AT_TAG.sub(
        "", line
    )  # a mention needs entities; a bare <at> tag must not even look like one
    line = _LINK.sub(_link, line)
    # What remains of "[x](" after the links above is a user's attempt; break it so it stays text.
    line = line.replace("](", "]\u200b(")
    return _SLACK_BOLD.sub(lambda m: f"**{m.group(1)}**", line)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _paragraphs(text: str) -> list[tuple[bool, list[str]]]:
    """Split text into (is_code, lines) paragraphs; ``` fences make a code paragraph."""
    out: list[tuple[bool, list[str]]] = []
    current: list[str] = []
    in_code = False
    for line in text.split("\n"):
        if line.strip().startswith("```"):
            if current:
                out.append((in_code, current))
            current, in_code = [], not in_code
        elif not line.strip() and not in_code:
            if current:
                out.append((False, current))
            current = []
        else:
            current.append(line.rstrip())
    if current:
        out.append((in_code, current))
    return out


def _text_blocks(text: str) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    for p_index, (is_code, lines) in enumerate(_paragraphs(_shorten(text.strip(), MAX_TEXT_CHARS))):
        for l_index, raw in enumerate(line for line in lines if line.strip()):
            block: dict[str, Any] = {"type": "TextBlock", "wrap": True}
            whole_bold = None if is_code else _WHOLE_BOLD.match(raw.strip())
            if is_code:
                block["text"] = teams_markdown(raw)
                block["fontType"] = "Monospace"
            elif whole_bold:
                block["text"] = teams_markdown(whole_bold.group(1))
                block["weight"] = "Bolder"
                if p_index == 0 and l_index == 0:
                    block["size"] = "Medium"
            else:
                block["text"] = teams_markdown(raw)
            if p_index > 0 or l_index > 0:
                block["spacing"] = "Medium" if l_index == 0 else "None"
            blocks.append(block)
    if not blocks:
        blocks.append({"type": "TextBlock", "text": "…", "wrap": True})
    return blocks


def plain_label(label: str) -> str:
    """A button title: no markdown, no tags, bounded length."""
    label = _AT_TAG.sub("", label)
    label = _LINK.sub(lambda m: m.group(1), label).replace("*", "").strip()
    return _shorten(label, MAX_LABEL_CHARS) or "…"


def submit_action(button: Button) -> dict[str, Any]:
    """An Action.Submit whose data comes back as the activity's `value`: {"action", "value"}."""
    action: dict[str, Any] = {
        "type": "Action.Submit",
        "title": plain_label(button.label),
        "data": {"action": button.action, "value": button.value},
    }
    if button.style in _STYLES:
        action["style"] = _STYLES[button.style]
    return action


def adaptive_card(reply: Reply, *, notes: tuple[str, ...] = ()) -> dict[str, Any]:
    """The card for one reply; `notes` are extra lines from the adapter (e.g. about files)."""
    body = _text_blocks(reply.text)
    for note in notes:
        body.append(
            {
                "type": "TextBlock",
                "text": teams_markdown(note),
                "wrap": True,
                "isSubtle": True,
                "spacing": "Medium",
            }
        )
    card: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": VERSION,
        "body": body,
        "msteams": {"width": "Full"},
    }
    actions = [submit_action(b) for b in reply.buttons]
    if len(actions) <= MAX_CARD_ACTIONS:
        if actions:
            card["actions"] = actions
    else:
        for start in range(0, len(actions), ACTIONS_PER_ROW):
            body.append({"type": "ActionSet", "actions": actions[start : start + ACTIONS_PER_ROW]})
    return card


def summary(reply: Reply) -> str:
    """A plain one-line preview of the reply (notifications and the chat list show it)."""
    first = next((line.strip() for line in reply.text.splitlines() if line.strip()), "")
    first = _AT_TAG.sub("", first)
    first = _LINK.sub(lambda m: m.group(1), first).replace("**", "").strip("*_ ")
    return _shorten(first, MAX_SUMMARY_CHARS)
