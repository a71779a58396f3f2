"""The App Home tab: the user's active checklists, upcoming reminders and the next gatherings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.slack_render import MAX_SECTION_CHARS, escape, section, shorten, to_mrkdwn
from bot.slack_texts import t
from handlers.messages import Lang

NEW_GATHERING_ACTION = "home.new_gathering"  # Slack-only button: opens the modal
MAX_ITEMS = 10  # per list; the home tab is an overview, the chat has the full lists


@dataclass(frozen=True)
class HomeContent:
    """What the home tab lists; None for a part that could not be read (shown as unavailable)."""

    checklists: Sequence[str] | None = ()
    reminders: Sequence[str] | None = ()
    gatherings: Sequence[str] | None = ()
    can_create_gatherings: bool = False


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
        lines = "\n".join(f"• {to_mrkdwn(item)}" for item in items[:MAX_ITEMS])
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
