"""The App Home tab: the user's active checklists, upcoming reminders and the next gatherings.

Lines are built here as Slack mrkdwn: stored text (titles) is escaped, and only values lupbot
checked itself become Slack syntax (a `<#C…>` channel link, a permalink).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.slack_render import MAX_SECTION_CHARS, escape, section, shorten, to_mrkdwn
from bot.slack_texts import t
from handlers.messages import Lang
from handlers.timewords import when_in_words
from storage.checklist_runs import Run
from storage.reminders import Event

NEW_GATHERING_ACTION = "home.new_gathering"  # Slack-only button: opens the modal
MAX_ITEMS = 10  # per list; the home tab is an overview, the chat has the full lists
_CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{2,}$")
_SAFE_URL = re.compile(r"^https://[^\s<>|]+$")


@dataclass(frozen=True)
class HomeContent:
    """What the home tab lists, as mrkdwn lines; None for a part that could not be read."""

    checklists: Sequence[str] | None = ()
    reminders: Sequence[str] | None = ()
    gatherings: Sequence[str] | None = ()
    can_create_gatherings: bool = False


def checklist_line(run: Run, lang: Lang, permalink: str | None = None) -> str:
    """`*Markedsdialog* – steg 2 av 7` (a link to the thread when there is one)."""
    title = escape(run.title_in(lang))
    if permalink and _SAFE_URL.match(permalink):
        title = f"<{permalink}|{title}>"
    step = min(run.position + 1, len(run.steps))
    return t("home.checklist_line", lang, title=f"*{title}*", step=step, total=len(run.steps))


def event_line(event: Event, lang: Lang, zone: ZoneInfo, now: datetime) -> str:
    """`fredag 10. desember kl 09:00 – *Nettverkssamling* (samling, #kanal)`."""
    upcoming = [r.occurrence_at for r in event.upcoming if r.occurrence_at >= now]
    when = when_in_words(min(upcoming, default=event.starts_at), zone, lang)
    kind = (
        t(f"home.kind.{event.kind}", lang)
        if event.kind in ("gathering", "deadline", "reminder")
        else event.kind
    )
    where = f", <#{event.target_channel}>" if _CHANNEL_ID.match(event.target_channel or "") else ""
    return f"{escape(when)} – *{escape(event.title)}* ({escape(kind)}{where}) · #{event.id}"


def _list_section(
    lang: Lang, heading: str, items: Sequence[str] | None, empty: str
) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": t(heading, lang)[:150], "emoji": True},
        }
    ]
    if items is None:
        blocks.append(section(escape(t("home.unavailable", lang))))
    elif not items:
        blocks.append(section(to_mrkdwn(t(empty, lang))))
    else:
        lines = "\n".join(f"• {item}" for item in items[:MAX_ITEMS])
        blocks.append(section(shorten(lines, MAX_SECTION_CHARS)))
    return blocks


def home_view(lang: Lang, content: HomeContent) -> dict[str, Any]:
    """A `home` view for views.publish."""
    blocks: list[dict[str, Any]] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": t("home.title", lang)[:150], "emoji": True},
        },
        section(to_mrkdwn(t("home.intro", lang))),
    ]
    if content.can_create_gatherings:
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": NEW_GATHERING_ACTION,
                        "value": "gathering",
                        "style": "primary",
                        "text": {
                            "type": "plain_text",
                            "text": t("home.new_gathering", lang),
                            "emoji": True,
                        },
                    }
                ],
            }
        )
    blocks.append({"type": "divider"})
    blocks += _list_section(lang, "home.checklists", content.checklists, "home.no_checklists")
    blocks += _list_section(lang, "home.reminders", content.reminders, "home.no_reminders")
    blocks += _list_section(lang, "home.gatherings", content.gatherings, "home.no_gatherings")
    return {"type": "home", "blocks": blocks}
