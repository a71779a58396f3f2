"""The gathering / deadline modal: its Block Kit view, and a submission as the text command it stands for.

The modal adds no logic of its own: a submission becomes exactly what a facilitator could have
typed (`samling "Tittel" 2026-12-10T09:00 --påminn 7d,1d` or `frist …`), routed with the chosen
channel, so validation, storage and the confirmation are the reminders capability's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.slack_texts import t
from handlers.messages import Lang

CALLBACK_ID = "lupbot_gathering"  # view callback_id
SHORTCUT_ID = "lupbot_new_gathering"  # global shortcut callback_id (manifest.yml)
OFFSETS = ("7d", "3d", "1d", "2h", "1h")
DEFAULT_OFFSETS = ("7d", "1d")
MAX_TITLE = 150

KIND_WORDS: Mapping[str, Mapping[Lang, str]] = {
    "gathering": {"nb": "samling", "en": "gathering"},
    "deadline": {"nb": "frist", "en": "deadline"},
}
OFFSET_FLAG: Mapping[Lang, str] = {"nb": "--påminn", "en": "--remind"}
_TIME = re.compile(r"^\d{2}:\d{2}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": _plain(text), "value": value}


def gathering_view(
    lang: Lang, kind: str = "gathering", channel: str | None = None
) -> dict[str, Any]:
    """The modal: kind, title, date picker, time picker, channel picker, reminder offsets."""
    kind = kind if kind in KIND_WORDS else "gathering"
    kinds = [_option(t(f"modal.kind.{k}", lang), k) for k in KIND_WORDS]
    offsets = [_option(t(f"modal.offset.{o}", lang), o) for o in OFFSETS]
    channel_select: dict[str, Any] = {
        "type": "conversations_select",
        "action_id": "channel",
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
        "response_url_enabled": True,
    }
    if channel and channel[:1] in ("C", "G"):
        channel_select["initial_conversation"] = channel
    else:
        channel_select["default_to_current_conversation"] = True
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "private_metadata": json.dumps({"lang": lang}),
        "title": _plain(t("modal.title", lang)[:24]),
        "submit": _plain(t("modal.submit", lang)),
        "close": _plain(t("modal.cancel", lang)),
        "blocks": [
            {
                "type": "input",
                "block_id": "kind",
                "label": _plain(t("modal.kind", lang)),
                "element": {
                    "type": "radio_buttons",
                    "action_id": "kind",
                    "options": kinds,
                    "initial_option": kinds[list(KIND_WORDS).index(kind)],
                },
            },
            {
                "type": "input",
                "block_id": "title",
                "label": _plain(t("modal.title_label", lang)),
                "element": {
                    "type": "plain_text_input",
                    "action_id": "title",
                    "max_length": MAX_TITLE,
                    "placeholder": _plain(t("modal.title_placeholder", lang)),
                },
            },
            {
                "type": "input",
                "block_id": "date",
                "label": _plain(t("modal.date", lang)),
                "element": {"type": "datepicker", "action_id": "date"},
            },
            {
                "type": "input",
                "block_id": "time",
                "label": _plain(t("modal.time", lang)),
                "element": {"type": "timepicker", "action_id": "time", "initial_time": "09:00"},
            },
            {
                "type": "input",
                "block_id": "channel",
                "label": _plain(t("modal.channel", lang)),
                "hint": _plain(t("modal.channel_hint", lang)),
                "element": channel_select,
            },
            {
                "type": "input",
                "block_id": "offsets",
                "optional": True,
                "label": _plain(t("modal.offsets", lang)),
                "element": {
                    "type": "checkboxes",
                    "action_id": "offsets",
                    "options": offsets,
                    "initial_options": [o for o in offsets if o["value"] in DEFAULT_OFFSETS],
                },
            },
        ],
    }


@dataclass(frozen=True)
class Submission:
    """A valid submission: the command text and where it was asked to go."""

    command: str
    channel: str
    lang: Lang
    response_url: str | None


def view_lang(view: Mapping[str, Any]) -> Lang:
    try:
        lang = json.loads(view.get("private_metadata") or "{}").get("lang")
    except (ValueError, AttributeError):
        lang = None
    return "en" if lang == "en" else "nb"


def parse_submission(body: Mapping[str, Any]) -> Submission | dict[str, str]:
    """The command for a submitted modal, or Slack's `errors` mapping (block_id → message)."""
    view = body.get("view") or {}
    lang = view_lang(view)
    values = (view.get("state") or {}).get("values") or {}

    def field(block: str) -> Mapping[str, Any]:
        return (values.get(block) or {}).get(block) or {}

    kind = (field("kind").get("selected_option") or {}).get("value") or "gathering"
    title = re.sub(r"\s+", " ", str(field("title").get("value") or "")).strip()
    date = str(field("date").get("selected_date") or "")
    time = str(field("time").get("selected_time") or "")
    channel = str(
        field("channel").get("selected_conversation")
        or field("channel").get("selected_channel")
        or ""
    )
    chosen = {o.get("value") for o in field("offsets").get("selected_options") or []}
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = t("modal.error.title", lang)
    elif '"' in title or "“" in title or "”" in title:
        errors["title"] = t("modal.error.title_quote", lang)
    if not _DATE.match(date):
        errors["date"] = t("modal.error.date", lang)
    if not _TIME.match(time):
        errors["time"] = t("modal.error.time", lang)
    if not channel:
        errors["channel"] = t("modal.error.channel", lang)
    if errors:
        return errors
    words = KIND_WORDS.get(kind, KIND_WORDS["gathering"])
    command = f'{words[lang]} "{title}" {date}T{time}'
    offsets = [o for o in OFFSETS if o in chosen]
    if offsets:
        command += f" {OFFSET_FLAG[lang]} {','.join(offsets)}"
    urls = body.get("response_urls") or []
    response_url = next(
        (u.get("response_url") for u in urls if u.get("channel_id") == channel), None
    )
    return Submission(command=command, channel=channel, lang=lang, response_url=response_url)
